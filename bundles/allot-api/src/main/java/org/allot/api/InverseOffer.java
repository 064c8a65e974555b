package org.allot.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The master asks a framework to give resources back: "task {@code taskId} on agent {@code agentId}
 * holds {@code resources}; end it by {@code deadline}". The allocator decided to revoke the task so
 * that another role gets its guarantee or fair share. A framework that ends the task itself (a
 * graceful shutdown, a checkpoint first) before the deadline keeps control of how it ends; at the
 * deadline the master kills it, and the framework sees {@code TASK_KILLED} with reason
 * {@link TaskStatus.Reason#REVOKED}. Mesos's name for the same notice.
 *
 * @param id          the inverse offer's id, for the log; nothing needs to answer it
 * @param frameworkId the framework asked
 * @param agentId     the agent the resources are on
 * @param taskId      the task that holds them
 * @param resources   what is to be given back
 * @param deadline    when the master kills the task unless it has ended, on the master's clock
 * @param reason      why, as the allocator put it; not blank
 */
public record InverseOffer(OfferId id, FrameworkId frameworkId, AgentId agentId, TaskId taskId, Resources resources,
                           Instant deadline, String reason) {

    public InverseOffer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("inverse offer " + id + " for task " + taskId
                    + " needs a reason the framework can read");
        }
    }
}
