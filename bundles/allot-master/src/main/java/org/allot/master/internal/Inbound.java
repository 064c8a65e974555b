package org.allot.master.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.proto.Envelope;

/**
 * The messages the master acts on, decoded from protobuf into API value types on the network
 * thread ({@link Decoder}) so that the event loop works with validated values only. Messages the
 * master only routes keep their envelope ({@code raw}) to forward unchanged.
 */
sealed interface Inbound {

    // Agent -> master

    record RegisterAgent(AgentInfo agent) implements Inbound {
    }

    record ReregisterAgent(AgentInfo agent, List<ReportedTask> tasks, List<ReportedExecutor> executors,
                           List<FrameworkInfo> frameworks) implements Inbound {
    }

    /** An executor an agent reports running when it re-registers. */
    record ReportedExecutor(FrameworkId frameworkId, ExecutorInfo info) {
    }

    /** A task an agent reports when it re-registers. */
    record ReportedTask(FrameworkId frameworkId, TaskInfo task, TaskState state) {
    }

    /**
     * @param latest the task's newest state on the agent: {@code status}'s own, or a later one the
     *               agent's in-order stream has not delivered yet (it waits for an acknowledgement)
     */
    record StatusUpdate(FrameworkId frameworkId, TaskStatus status, TaskState latest, Envelope raw)
            implements Inbound {
    }

    record ExecutorLost(FrameworkId frameworkId, ExecutorId executorId, Envelope raw) implements Inbound {
    }

    record AgentFrameworkMessage(FrameworkId frameworkId, Envelope raw) implements Inbound {
    }

    /** iso-agent: how the agent is (e.g. DEGRADED: a configured isolator is missing). */
    record AgentHealth(org.allot.api.agent.AgentHealth health) implements Inbound {
    }

    // Scheduler -> master

    record Subscribe(FrameworkInfo framework, OfferConstraints constraints) implements Inbound {
    }

    /** One task of an Accept: decoded, or the reason it could not be (then it gets TASK_ERROR). */
    record Launch(TaskId taskId, Optional<TaskInfo> task, String invalidReason) {
    }

    record Accept(FrameworkId frameworkId, List<OfferId> offerIds, List<Launch> launches, Optional<Duration> refuse)
            implements Inbound {
    }

    record Decline(FrameworkId frameworkId, List<OfferId> offerIds, Optional<Duration> refuse) implements Inbound {
    }

    record Revive(FrameworkId frameworkId) implements Inbound {
    }

    record Suppress(FrameworkId frameworkId) implements Inbound {
    }

    record Kill(FrameworkId frameworkId, TaskId taskId) implements Inbound {
    }

    record Acknowledge(FrameworkId frameworkId, AgentId agentId, TaskId taskId, Envelope raw) implements Inbound {
    }

    /**
     * Explicit reconciliation of {@code tasks} (empty: implicit, every task of the framework).
     */
    record Reconcile(FrameworkId frameworkId, List<ReconcileTask> tasks) implements Inbound {
    }

    /** A task to reconcile, with the agent the scheduler last saw it on, if it knows. */
    record ReconcileTask(TaskId taskId, Optional<AgentId> agentId) {
    }

    record SchedulerFrameworkMessage(FrameworkId frameworkId, AgentId agentId, Envelope raw) implements Inbound {
    }

    record UpdateOfferConstraints(FrameworkId frameworkId, OfferConstraints constraints) implements Inbound {
    }

    record Teardown(FrameworkId frameworkId, String reason) implements Inbound {
    }
}
