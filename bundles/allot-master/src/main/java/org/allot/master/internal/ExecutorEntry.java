package org.allot.master.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;

/**
 * A custom executor running on an agent, first-class in the registry: its resources are its own,
 * charged when the first task that needs it launches and released when the agent reports the
 * executor ended ({@code ExecutorLost}), not when that first task ends. Mutated on the event loop
 * only.
 */
final class ExecutorEntry {

    /** An executor's identity: executor ids are unique per framework and agent. */
    record Key(FrameworkId frameworkId, AgentId agentId, ExecutorId executorId) {
    }

    final Key key;
    final ExecutorInfo info;
    /** The framework's live tasks this executor runs. */
    final Set<TaskId> tasks = new LinkedHashSet<>();

    ExecutorEntry(Key key, ExecutorInfo info) {
        this.key = key;
        this.info = info;
    }

    Resources resources() {
        return info.resources();
    }
}
