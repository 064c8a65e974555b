package org.allot.api.operator;

import java.util.Objects;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskState;

/**
 * A snapshot of one task as the master sees it.
 *
 * @param taskId      the task id (unique within its framework)
 * @param frameworkId its framework
 * @param agentId     the agent it runs on
 * @param state       its latest known state
 * @param resources   what it uses
 * @param name        its name
 */
public record TaskView(TaskId taskId, FrameworkId frameworkId, AgentId agentId, TaskState state, Resources resources,
                       String name) {

    public TaskView {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(name, "name");
    }
}
