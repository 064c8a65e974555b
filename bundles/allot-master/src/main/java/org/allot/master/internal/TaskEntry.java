package org.allot.master.internal;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;

/** A live (non-terminal) task in the master's registry. Mutated on the event loop only. */
final class TaskEntry {

    final FrameworkId frameworkId;
    final AgentId agentId;
    final TaskInfo info;
    /** What the task itself holds on its agent; its executor, if any, is charged to the executor. */
    final Resources resources;
    TaskState state;
    TaskStatus latest;

    TaskEntry(FrameworkId frameworkId, AgentId agentId, TaskInfo info, Resources resources, TaskState state,
              TaskStatus latest) {
        this.frameworkId = frameworkId;
        this.agentId = agentId;
        this.info = info;
        this.resources = resources;
        this.state = state;
        this.latest = latest;
    }
}
