package org.allot.protocol;

import com.google.protobuf.ByteString;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Offer;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.proto.Acknowledge;
import org.allot.protocol.proto.AgentLost;
import org.allot.protocol.proto.AgentRegistered;
import org.allot.protocol.proto.AgentReregistered;
import org.allot.protocol.proto.Decline;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.ExecutorLost;
import org.allot.protocol.proto.ExecutorRegistered;
import org.allot.protocol.proto.FrameworkMessage;
import org.allot.protocol.proto.Kill;
import org.allot.protocol.proto.KillTask;
import org.allot.protocol.proto.Offers;
import org.allot.protocol.proto.Reconcile;
import org.allot.protocol.proto.RegisterAgent;
import org.allot.protocol.proto.RegisterExecutor;
import org.allot.protocol.proto.ReregisterAgent;
import org.allot.protocol.proto.RescindOffer;
import org.allot.protocol.proto.Revive;
import org.allot.protocol.proto.RunTask;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.Subscribe;
import org.allot.protocol.proto.Subscribed;
import org.allot.protocol.proto.Suppress;
import org.allot.protocol.proto.Teardown;
import org.allot.protocol.proto.UpdateOfferConstraints;

/**
 * Builds every {@link Envelope} a master, an agent, a scheduler driver or an executor driver sends,
 * from the {@code org.allot.api} value types ({@link Wire} does the conversions). The session
 * messages ({@code Hello}, {@code Welcome}, {@code Ping}, {@code Pong}) are the protocol's own
 * business and are not here.
 *
 * <p>Each method names the message it builds and sets the same fields the senders set by hand
 * before; the comment in {@code messages.proto} says who sends it to whom. Stateless: every method
 * may be called from any thread. Arguments must not be null; a value {@link Wire} cannot put on the
 * wire throws {@link IllegalArgumentException} as {@link Wire} documents.
 */
public final class Messages {

    private Messages() {
    }

    /** A task an agent reports when it re-registers, with the latest update it sent, if any. */
    public record ReportedTask(FrameworkId frameworkId, TaskInfo task, TaskState state,
                               Optional<TaskStatus> latestStatus) {
        public ReportedTask {
            Objects.requireNonNull(frameworkId, "frameworkId");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(latestStatus, "latestStatus");
        }
    }

    /** An executor an agent reports when it re-registers, with the framework it belongs to. */
    public record ReportedExecutor(FrameworkId frameworkId, ExecutorInfo executor) {
        public ReportedExecutor {
            Objects.requireNonNull(frameworkId, "frameworkId");
            Objects.requireNonNull(executor, "executor");
        }
    }

    // ----- either side -----

    /** Refuses a frame or a request; {@code reason} names the value at fault and what to do. */
    public static Envelope error(Error.Code code, String reason) {
        return Envelope.newBuilder().setError(Error.newBuilder().setCode(code).setReason(reason)).build();
    }

    // ----- agent -> master -----

    /** The first registration of an agent; {@code agent} has no id yet. */
    public static Envelope registerAgent(AgentInfo agent, String version) {
        return Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder()
                .setAgent(Wire.toProto(agent)).setVersion(version)).build();
    }

    /**
     * The re-registration of an agent that has an id, with what runs on it. Executors carry their
     * framework id; tasks carry their framework id in the task's custom executor, if any.
     */
    public static Envelope reregisterAgent(AgentInfo agent, List<ReportedTask> tasks, List<ReportedExecutor> executors,
                                           List<FrameworkInfo> frameworks, String version) {
        ReregisterAgent.Builder b = ReregisterAgent.newBuilder().setAgent(Wire.toProto(agent)).setVersion(version);
        for (ReportedTask t : tasks) {
            org.allot.protocol.proto.Task.Builder tb = org.allot.protocol.proto.Task.newBuilder()
                    .setFrameworkId(t.frameworkId().value())
                    .setInfo(Wire.toProto(t.task(), t.frameworkId()))
                    .setState(Wire.toProto(t.state()));
            t.latestStatus().ifPresent(s -> tb.setLatestStatus(Wire.toProto(s)));
            b.addTasks(tb);
        }
        for (ReportedExecutor e : executors) {
            b.addExecutors(Wire.toProto(e.executor(), e.frameworkId()));
        }
        for (FrameworkInfo f : frameworks) {
            b.addFrameworks(Wire.toProto(f));
        }
        return Envelope.newBuilder().setReregisterAgent(b).build();
    }

    /** An executor exited or stopped answering; {@code exitStatus} is -1 when unknown. */
    public static Envelope executorLost(FrameworkId frameworkId, ExecutorId executorId, AgentId agentId,
                                        int exitStatus, String reason) {
        return Envelope.newBuilder().setExecutorLost(ExecutorLost.newBuilder()
                .setFrameworkId(frameworkId.value()).setExecutorId(executorId.value()).setAgentId(agentId.value())
                .setExitStatus(exitStatus).setReason(reason)).build();
    }

    // ----- master -> agent -----

    public static Envelope agentRegistered(AgentId agentId, String masterId) {
        return Envelope.newBuilder().setAgentRegistered(AgentRegistered.newBuilder()
                .setAgentId(agentId.value()).setMasterId(masterId)).build();
    }

    public static Envelope agentReregistered(AgentId agentId, String masterId) {
        return Envelope.newBuilder().setAgentReregistered(AgentReregistered.newBuilder()
                .setAgentId(agentId.value()).setMasterId(masterId)).build();
    }

    /**
     * A validated task to launch (master to agent), or a task to run (agent to executor);
     * {@code frameworkId} is set in the task's custom executor, if any.
     */
    public static Envelope runTask(FrameworkInfo framework, TaskInfo task, FrameworkId frameworkId) {
        return Envelope.newBuilder().setRunTask(RunTask.newBuilder()
                .setFramework(Wire.toProto(framework)).setTask(Wire.toProto(task, frameworkId))).build();
    }

    /** Kill a task: master to agent, or agent to executor. */
    public static Envelope killTask(FrameworkId frameworkId, TaskId taskId) {
        return Envelope.newBuilder().setKillTask(KillTask.newBuilder()
                .setFrameworkId(frameworkId.value()).setTaskId(taskId.value())).build();
    }

    // ----- master -> scheduler -----

    /** Answers a Subscribe; the interval travels in milliseconds, capped at {@code Integer.MAX_VALUE}. */
    public static Envelope subscribed(FrameworkId frameworkId, String masterId, Duration heartbeatInterval) {
        return Envelope.newBuilder().setSubscribed(Subscribed.newBuilder()
                .setFrameworkId(frameworkId.value()).setMasterId(masterId)
                .setHeartbeatIntervalMillis((int) Math.min(Integer.MAX_VALUE, heartbeatInterval.toMillis())))
                .build();
    }

    public static Envelope offers(List<Offer> offers) {
        Offers.Builder b = Offers.newBuilder();
        offers.forEach(o -> b.addOffers(Wire.toProto(o)));
        return Envelope.newBuilder().setOffers(b).build();
    }

    public static Envelope rescindOffer(OfferId offerId, String reason) {
        return Envelope.newBuilder().setRescindOffer(RescindOffer.newBuilder()
                .setOfferId(offerId.value()).setReason(reason)).build();
    }

    public static Envelope agentLost(AgentId agentId, String reason) {
        return Envelope.newBuilder().setAgentLost(AgentLost.newBuilder()
                .setAgentId(agentId.value()).setReason(reason)).build();
    }

    // ----- scheduler -> master -----

    /** Subscribes a framework (no id) or re-subscribes it (id set), without offer constraints. */
    public static Envelope subscribe(FrameworkInfo framework) {
        return Envelope.newBuilder().setSubscribe(Subscribe.newBuilder().setFramework(Wire.toProto(framework))).build();
    }

    /** Subscribes a framework with its offer constraints. */
    public static Envelope subscribe(FrameworkInfo framework, OfferConstraints constraints) {
        return Envelope.newBuilder().setSubscribe(Subscribe.newBuilder()
                .setFramework(Wire.toProto(framework, constraints))).build();
    }

    /**
     * Launches {@code tasks} on {@code offerIds}; {@code frameworkId} is also set in each task's custom
     * executor. Without {@code refuseSeconds} the master applies its default filter.
     */
    public static Envelope accept(FrameworkId frameworkId, Collection<OfferId> offerIds, Collection<TaskInfo> tasks,
                                  OptionalDouble refuseSeconds) {
        org.allot.protocol.proto.Accept.Builder b = org.allot.protocol.proto.Accept.newBuilder()
                .setFrameworkId(frameworkId.value());
        offerIds.forEach(o -> b.addOfferIds(o.value()));
        tasks.forEach(t -> b.addTasks(Wire.toProto(t, frameworkId)));
        refuseSeconds.ifPresent(b::setRefuseSeconds);
        return Envelope.newBuilder().setAccept(b).build();
    }

    /** Declines {@code offerIds}; without {@code refuseSeconds} the master applies its default filter. */
    public static Envelope decline(FrameworkId frameworkId, Collection<OfferId> offerIds, OptionalDouble refuseSeconds) {
        Decline.Builder b = Decline.newBuilder().setFrameworkId(frameworkId.value());
        offerIds.forEach(o -> b.addOfferIds(o.value()));
        refuseSeconds.ifPresent(b::setRefuseSeconds);
        return Envelope.newBuilder().setDecline(b).build();
    }

    /** Clears the framework's decline filters and resumes its offers, for every role. */
    public static Envelope revive(FrameworkId frameworkId) {
        return Envelope.newBuilder().setRevive(Revive.newBuilder().setFrameworkId(frameworkId.value())).build();
    }

    /** Stops the framework's offers until the next Revive, for every role. */
    public static Envelope suppress(FrameworkId frameworkId) {
        return Envelope.newBuilder().setSuppress(Suppress.newBuilder().setFrameworkId(frameworkId.value())).build();
    }

    /** Kills a task; {@code agentId} is empty when the scheduler does not know where it runs. */
    public static Envelope kill(FrameworkId frameworkId, TaskId taskId, Optional<AgentId> agentId) {
        return Envelope.newBuilder().setKill(Kill.newBuilder().setFrameworkId(frameworkId.value())
                .setTaskId(taskId.value()).setAgentId(agentId.map(AgentId::value).orElse(""))).build();
    }

    /** Asks for the latest state of {@code taskIds}; an empty collection asks for every task. */
    public static Envelope reconcile(FrameworkId frameworkId, Collection<TaskId> taskIds) {
        Reconcile.Builder b = Reconcile.newBuilder().setFrameworkId(frameworkId.value());
        taskIds.forEach(t -> b.addTaskIds(t.value()));
        return Envelope.newBuilder().setReconcile(b).build();
    }

    public static Envelope updateOfferConstraints(FrameworkId frameworkId, OfferConstraints constraints) {
        return Envelope.newBuilder().setUpdateOfferConstraints(UpdateOfferConstraints.newBuilder()
                .setFrameworkId(frameworkId.value()).setConstraints(Wire.toProto(constraints))).build();
    }

    // ----- several directions -----

    /**
     * Removes a framework: scheduler to master (its own), master to agent (kill its tasks and
     * executors), agent to executor (shut down).
     */
    public static Envelope teardown(FrameworkId frameworkId, String reason) {
        return Envelope.newBuilder().setTeardown(Teardown.newBuilder()
                .setFrameworkId(frameworkId.value()).setReason(reason)).build();
    }

    /** A task's new state: executor to agent, agent to master, master to scheduler. */
    public static Envelope statusUpdate(FrameworkId frameworkId, TaskStatus status) {
        return Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder()
                .setFrameworkId(frameworkId.value()).setStatus(Wire.toProto(status))).build();
    }

    /**
     * Acknowledges the status update with that {@code uuid} (16 bytes): scheduler to master, master
     * to agent, agent to executor.
     */
    public static Envelope acknowledge(FrameworkId frameworkId, AgentId agentId, TaskId taskId, ByteString uuid) {
        return acknowledge(frameworkId, Optional.of(agentId), taskId, uuid);
    }

    /** As above, for an update that names no agent ({@code agentId} travels empty). */
    public static Envelope acknowledge(FrameworkId frameworkId, Optional<AgentId> agentId, TaskId taskId,
                                       ByteString uuid) {
        return Envelope.newBuilder().setAcknowledge(Acknowledge.newBuilder().setFrameworkId(frameworkId.value())
                .setAgentId(agentId.map(AgentId::value).orElse("")).setTaskId(taskId.value()).setUuid(uuid)).build();
    }

    /** Data Allot does not interpret, between a scheduler and an executor, in either direction. */
    public static Envelope frameworkMessage(FrameworkId frameworkId, ExecutorId executorId, AgentId agentId,
                                            ByteString data) {
        return Envelope.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder()
                .setFrameworkId(frameworkId.value()).setExecutorId(executorId.value())
                .setAgentId(agentId.value()).setData(data)).build();
    }

    // ----- executor <-> agent -----

    /** An executor registers with its agent, after the handshake on the agent's loopback port. */
    public static Envelope registerExecutor(FrameworkId frameworkId, ExecutorId executorId) {
        return Envelope.newBuilder().setRegisterExecutor(RegisterExecutor.newBuilder()
                .setFrameworkId(frameworkId.value()).setExecutorId(executorId.value())).build();
    }

    /**
     * Answers RegisterExecutor with what the executor needs; the executor carries the framework's
     * id, which {@code framework} must have.
     */
    public static Envelope executorRegistered(ExecutorInfo executor, FrameworkInfo framework, AgentInfo agent) {
        FrameworkId frameworkId = framework.id().orElseThrow(() -> new IllegalArgumentException(
                "framework '" + framework.name() + "' has no id; an executor runs for a subscribed framework"));
        return Envelope.newBuilder().setExecutorRegistered(ExecutorRegistered.newBuilder()
                .setExecutor(Wire.toProto(executor, frameworkId))
                .setFramework(Wire.toProto(framework))
                .setAgent(Wire.toProto(agent))).build();
    }

    // ----- alloc-ops: revocation -----

    /** Kill a task for a reason (master to agent, agent to executor), e.g. {@code REVOKED} with the allocator's why. */
    public static Envelope killTask(FrameworkId frameworkId, TaskId taskId, TaskStatus.Reason reason, String message) {
        return Envelope.newBuilder().setKillTask(KillTask.newBuilder()
                .setFrameworkId(frameworkId.value()).setTaskId(taskId.value())
                .setReason(Wire.toProto(reason)).setMessage(message)).build();
    }

    /** Master to scheduler: give these resources back by their deadlines. */
    public static Envelope inverseOffers(List<org.allot.api.InverseOffer> offers) {
        org.allot.protocol.proto.InverseOffers.Builder b = org.allot.protocol.proto.InverseOffers.newBuilder();
        offers.forEach(o -> b.addInverseOffers(Wire.toProto(o)));
        return Envelope.newBuilder().setInverseOffers(b).build();
    }

    // ----- iso-agent: agent health -----

    /** Agent -> master: how the agent is, after each (re)registration and whenever it changes. */
    public static Envelope agentHealth(AgentId agentId, org.allot.api.agent.AgentHealth health) {
        return Envelope.newBuilder().setAgentHealth(Wire.toProto(agentId, health)).build();
    }

    // ---------------------------------------------------------------------------------------------
    // ha-election: leader redirects and epochs

    /**
     * A standby master's answer: {@code NOT_LEADER} with {@code reason} and, if the standby knows it,
     * the leader's address, so that a {@link org.allot.protocol.link.MasterLink} goes there at once.
     */
    public static Envelope notLeader(String reason, Optional<MasterAddress> leader) {
        Error.Builder b = Error.newBuilder().setCode(Error.Code.NOT_LEADER).setReason(Objects.requireNonNull(reason));
        leader.ifPresent(l -> {
            b.setLeader(l.hostPort()).setLeaderEpoch(l.epoch());
            l.id().ifPresent(b::setLeaderId);
        });
        return Envelope.newBuilder().setError(b).build();
    }

    /** The leader named by a {@code NOT_LEADER} error, if it names one that parses. */
    public static Optional<MasterAddress> leaderOf(Error error) {
        if (error.getCode() != Error.Code.NOT_LEADER || error.getLeader().isEmpty()) {
            return Optional.empty();
        }
        try {
            MasterAddress a = MasterAddress.parse("leader",
                    error.getLeader());
            return Optional.of(new MasterAddress(a.host(), a.port(), error.getLeaderEpoch(),
                    error.getLeaderId().isEmpty() ? Optional.empty() : Optional.of(error.getLeaderId())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code message} stamped with the sending master's leader epoch (0 leaves it unstamped). */
    public static Envelope withEpoch(Envelope message, long epoch) {
        return epoch == 0 || message.getMasterEpoch() == epoch ? message
                : message.toBuilder().setMasterEpoch(epoch).build();
    }

    // ----- scheduler failover and reconciliation (ha-frameworks) -----

    /**
     * Asks for the latest state of the tasks of {@code statuses}, each with the agent it names (if
     * any), so that a master recovering after a failover can tell "agent not back yet" (no answer)
     * from "agent back, task gone" ({@code TASK_LOST}); an empty collection asks for every task.
     */
    public static Envelope reconcileStatuses(FrameworkId frameworkId, Collection<TaskStatus> statuses) {
        Reconcile.Builder b = Reconcile.newBuilder().setFrameworkId(frameworkId.value());
        for (TaskStatus s : statuses) {
            b.addTasks(org.allot.protocol.proto.ReconcileTask.newBuilder().setTaskId(s.taskId().value())
                    .setAgentId(s.agentId().map(AgentId::value).orElse("")));
        }
        return Envelope.newBuilder().setReconcile(b).build();
    }

    /** Master to agent: the framework's scheduler is back; send its unacknowledged updates now. */
    public static Envelope resendUpdates(FrameworkId frameworkId, String reason) {
        return Envelope.newBuilder().setResendUpdates(org.allot.protocol.proto.ResendUpdates.newBuilder()
                .setFrameworkId(frameworkId.value()).setReason(reason)).build();
    }
}
