package org.allot.spi.allocation;

import java.util.Objects;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.TaskId;

/**
 * A decision to kill a running task so that its resources go to someone else (preemption).
 *
 * @param frameworkId the task's framework
 * @param agentId     the agent it runs on
 * @param taskId      the task
 * @param reason      why, for the framework and the log; not blank
 */
public record Revocation(FrameworkId frameworkId, AgentId agentId, TaskId taskId, String reason) {

    public Revocation {
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("revocation of task " + taskId + " of framework " + frameworkId
                    + " needs a reason the framework can read");
        }
    }
}
