package org.allot.spi.allocation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.TaskId;

/**
 * A decision to kill a running task so that its resources go to someone else (preemption).
 *
 * <h2>Deadline (since 1.1.0)</h2>
 * Without a {@code deadline} (the 4-argument constructor) the master kills the task at once. With
 * one, the master first tells the framework through an inverse offer "give back the resources of
 * this task on this agent by {@code deadline}", and kills the task at {@code deadline} if it still
 * runs then; a framework that ends the task earlier loses nothing else. Either way the framework
 * sees {@code TASK_KILLING}, then {@code TASK_KILLED} with reason {@code REVOKED} if the master
 * kills it. A deadline at or before the time the plan is carried out means at once.
 *
 * <h2>State</h2>
 * The master remembers a revocation it carries out until its task ends and shows it to later
 * passes in {@link AllocationView#revocations()}; a plan naming a task already being revoked is
 * not carried out again.
 *
 * @param frameworkId the task's framework
 * @param agentId     the agent it runs on
 * @param taskId      the task
 * @param reason      why, for the framework and the log; not blank
 * @param deadline    when the master kills the task if it still runs; null: at once
 */
public record Revocation(FrameworkId frameworkId, AgentId agentId, TaskId taskId, String reason, Instant deadline) {

    /** A revocation carried out at once (no inverse offer first). */
    public Revocation(FrameworkId frameworkId, AgentId agentId, TaskId taskId, String reason) {
        this(frameworkId, agentId, taskId, reason, null);
    }

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

    /** When the master kills the task if it still runs; empty: at once. */
    public Optional<Instant> killAt() {
        return Optional.ofNullable(deadline);
    }
}
