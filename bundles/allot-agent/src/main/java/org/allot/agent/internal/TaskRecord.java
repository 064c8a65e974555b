package org.allot.agent.internal;

import java.util.Optional;

import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.spi.isolation.ContainerId;

/**
 * A task this agent runs, or whose last status update is not yet acknowledged. A task the agent
 * only answers about (a kill of an unknown task, a refused launch) has no {@code info}.
 * Mutable; confined to the agent's event loop.
 */
final class TaskRecord {

    final TaskKey key;
    /** Null for a task the agent never ran. */
    final TaskInfo info;
    /** The task as the master sent it; null when {@code info} is. */
    final org.allot.protocol.proto.TaskInfo proto;
    final Optional<ExecutorKey> executor;
    TaskState state = TaskState.STAGING;
    /** The latest status update, sent or not; null before the first. */
    org.allot.protocol.proto.TaskStatus latest;
    /** The container of a command task. */
    ContainerId container;
    boolean killRequested;
    /** Why the kill was asked, for the terminal update: the scheduler's kill unless the master says otherwise (REVOKED) or the agent drains (AGENT_DRAINING). */
    TaskStatus.Reason killReason = TaskStatus.Reason.KILLED_BY_USER;
    /** The master's words on the kill (the allocator's reason for a revocation); empty for a plain kill. */
    String killMessage = "";

    TaskRecord(TaskKey key, TaskInfo info, org.allot.protocol.proto.TaskInfo proto, Optional<ExecutorKey> executor) {
        this.key = key;
        this.info = info;
        this.proto = proto;
        this.executor = executor;
    }

    /** A task the agent only answers about, never runs. */
    static TaskRecord unknown(TaskKey key) {
        return new TaskRecord(key, null, null, Optional.empty());
    }
}
