package org.allot.master.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Role;

/**
 * Turns an envelope from a peer into an {@link Inbound} message, on the network thread. Pure:
 * it reads only the envelope and the peer's role.
 *
 * <p>Throws {@link IllegalArgumentException} with a reason for the peer when the content is
 * invalid (the wording comes from {@link Wire} and the id types, which name the field and value),
 * and {@link WrongRole} when the peer's role may not send this message at all.
 */
final class Decoder {

    private static final Set<Envelope.MessageCase> FROM_AGENT = EnumSet.of(Envelope.MessageCase.REGISTER_AGENT,
            Envelope.MessageCase.REREGISTER_AGENT, Envelope.MessageCase.STATUS_UPDATE,
            Envelope.MessageCase.EXECUTOR_LOST, Envelope.MessageCase.FRAMEWORK_MESSAGE,
            Envelope.MessageCase.AGENT_HEALTH);

    private static final Set<Envelope.MessageCase> FROM_SCHEDULER = EnumSet.of(Envelope.MessageCase.SUBSCRIBE,
            Envelope.MessageCase.ACCEPT, Envelope.MessageCase.DECLINE, Envelope.MessageCase.REVIVE,
            Envelope.MessageCase.SUPPRESS, Envelope.MessageCase.KILL, Envelope.MessageCase.ACKNOWLEDGE,
            Envelope.MessageCase.RECONCILE, Envelope.MessageCase.FRAMEWORK_MESSAGE,
            Envelope.MessageCase.UPDATE_OFFER_CONSTRAINTS, Envelope.MessageCase.TEARDOWN);

    private Decoder() {
    }

    /** A message the peer's role may not send to the master. */
    static final class WrongRole extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongRole(String message) {
            super(message, null, false, false);
        }
    }

    static Inbound decode(Role role, Envelope env) {
        Envelope.MessageCase kind = env.getMessageCase();
        if (role == Role.AGENT && FROM_AGENT.contains(kind)) {
            return fromAgent(env);
        }
        if (role == Role.SCHEDULER && FROM_SCHEDULER.contains(kind)) {
            return fromScheduler(env);
        }
        throw new WrongRole("a peer with role " + role + " may not send " + kind + " to the master");
    }

    private static Inbound fromAgent(Envelope env) {
        switch (env.getMessageCase()) {
            case REGISTER_AGENT: {
                AgentInfo agent = Wire.fromProto(env.getRegisterAgent().getAgent());
                if (agent.id().isPresent()) {
                    throw new IllegalArgumentException("RegisterAgent carries agent id " + agent.id().get()
                            + ": an agent with an id must send ReregisterAgent");
                }
                return new Inbound.RegisterAgent(agent);
            }
            case REREGISTER_AGENT: {
                org.allot.protocol.proto.ReregisterAgent m = env.getReregisterAgent();
                AgentInfo agent = Wire.fromProto(m.getAgent());
                if (agent.id().isEmpty()) {
                    throw new IllegalArgumentException("ReregisterAgent has no agent_id: a new agent sends RegisterAgent");
                }
                List<Inbound.ReportedTask> tasks = new ArrayList<>();
                for (org.allot.protocol.proto.Task t : m.getTasksList()) {
                    tasks.add(new Inbound.ReportedTask(frameworkId(t.getFrameworkId()), Wire.fromProto(t.getInfo()),
                            Wire.fromProto(t.getState())));
                }
                List<Inbound.ReportedExecutor> executors = new ArrayList<>();
                for (org.allot.protocol.proto.ExecutorInfo e : m.getExecutorsList()) {
                    executors.add(new Inbound.ReportedExecutor(frameworkId(e.getFrameworkId()), Wire.fromProto(e)));
                }
                List<FrameworkInfo> frameworks = new ArrayList<>();
                for (org.allot.protocol.proto.FrameworkInfo f : m.getFrameworksList()) {
                    FrameworkInfo info = Wire.fromProto(f);
                    if (info.id().isEmpty()) {
                        throw new IllegalArgumentException("ReregisterAgent lists framework '" + info.name()
                                + "' without framework_id");
                    }
                    frameworks.add(info);
                }
                return new Inbound.ReregisterAgent(agent, List.copyOf(tasks), List.copyOf(executors),
                        List.copyOf(frameworks));
            }
            case STATUS_UPDATE: {
                org.allot.protocol.proto.StatusUpdate m = env.getStatusUpdate();
                TaskStatus status = Wire.fromProto(m.getStatus());
                TaskState latest = m.getLatestState() == org.allot.protocol.proto.TaskState.TASK_STATE_UNSPECIFIED
                        ? status.state() : Wire.fromProto(m.getLatestState());
                return new Inbound.StatusUpdate(frameworkId(m.getFrameworkId()), status, latest, env);
            }
            case EXECUTOR_LOST: {
                org.allot.protocol.proto.ExecutorLost m = env.getExecutorLost();
                return new Inbound.ExecutorLost(frameworkId(m.getFrameworkId()), executorId(m.getExecutorId()), env);
            }
            case FRAMEWORK_MESSAGE:
                return new Inbound.AgentFrameworkMessage(frameworkId(env.getFrameworkMessage().getFrameworkId()), env);
            case AGENT_HEALTH:
                return new Inbound.AgentHealth(Wire.fromProto(env.getAgentHealth()));
            default:
                throw new WrongRole("an agent may not send " + env.getMessageCase() + " to the master");
        }
    }

    private static Inbound fromScheduler(Envelope env) {
        switch (env.getMessageCase()) {
            case SUBSCRIBE: {
                org.allot.protocol.proto.FrameworkInfo f = env.getSubscribe().getFramework();
                return new Inbound.Subscribe(Wire.fromProto(f), f.hasOfferConstraints()
                        ? Wire.fromProto(f.getOfferConstraints()) : OfferConstraints.none());
            }
            case ACCEPT: {
                org.allot.protocol.proto.Accept m = env.getAccept();
                List<Inbound.Launch> launches = new ArrayList<>();
                for (org.allot.protocol.proto.TaskInfo t : m.getTasksList()) {
                    TaskId id = taskId(t.getTaskId());
                    try {
                        launches.add(new Inbound.Launch(id, Optional.of(Wire.fromProto(t)), ""));
                    } catch (IllegalArgumentException e) {
                        launches.add(new Inbound.Launch(id, Optional.empty(), "task " + id + " is invalid: "
                                + e.getMessage()));
                    }
                }
                return new Inbound.Accept(frameworkId(m.getFrameworkId()), offerIds(m.getOfferIdsList()),
                        List.copyOf(launches), m.hasRefuseSeconds() ? Optional.of(refuse(m.getRefuseSeconds()))
                                : Optional.empty());
            }
            case DECLINE: {
                org.allot.protocol.proto.Decline m = env.getDecline();
                return new Inbound.Decline(frameworkId(m.getFrameworkId()), offerIds(m.getOfferIdsList()),
                        m.hasRefuseSeconds() ? Optional.of(refuse(m.getRefuseSeconds())) : Optional.empty());
            }
            case REVIVE:
                return new Inbound.Revive(frameworkId(env.getRevive().getFrameworkId()));
            case SUPPRESS:
                return new Inbound.Suppress(frameworkId(env.getSuppress().getFrameworkId()));
            case KILL:
                return new Inbound.Kill(frameworkId(env.getKill().getFrameworkId()), taskId(env.getKill().getTaskId()));
            case ACKNOWLEDGE: {
                org.allot.protocol.proto.Acknowledge m = env.getAcknowledge();
                if (m.getUuid().size() != 16) {
                    throw new IllegalArgumentException("Acknowledge for task '" + m.getTaskId() + "' has a "
                            + m.getUuid().size() + "-byte uuid; echo the 16-byte uuid of the status update");
                }
                return new Inbound.Acknowledge(frameworkId(m.getFrameworkId()), agentId(m.getAgentId()),
                        taskId(m.getTaskId()), env);
            }
            case RECONCILE: {
                List<Inbound.ReconcileTask> tasks = new ArrayList<>();
                for (String s : env.getReconcile().getTaskIdsList()) {
                    tasks.add(new Inbound.ReconcileTask(taskId(s), Optional.empty()));
                }
                for (org.allot.protocol.proto.ReconcileTask t : env.getReconcile().getTasksList()) {
                    tasks.add(new Inbound.ReconcileTask(taskId(t.getTaskId()), t.getAgentId().isEmpty()
                            ? Optional.empty() : Optional.of(AgentId.of(t.getAgentId()))));
                }
                return new Inbound.Reconcile(frameworkId(env.getReconcile().getFrameworkId()), List.copyOf(tasks));
            }
            case FRAMEWORK_MESSAGE: {
                org.allot.protocol.proto.FrameworkMessage m = env.getFrameworkMessage();
                return new Inbound.SchedulerFrameworkMessage(frameworkId(m.getFrameworkId()), agentId(m.getAgentId()), env);
            }
            case UPDATE_OFFER_CONSTRAINTS: {
                org.allot.protocol.proto.UpdateOfferConstraints m = env.getUpdateOfferConstraints();
                return new Inbound.UpdateOfferConstraints(frameworkId(m.getFrameworkId()),
                        Wire.fromProto(m.getConstraints()));
            }
            case TEARDOWN:
                return new Inbound.Teardown(frameworkId(env.getTeardown().getFrameworkId()),
                        env.getTeardown().getReason());
            default:
                throw new WrongRole("a scheduler may not send " + env.getMessageCase() + " to the master");
        }
    }

    private static FrameworkId frameworkId(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("framework_id is empty: use the id from Subscribed");
        }
        return FrameworkId.of(s);
    }

    private static AgentId agentId(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("agent_id is empty: use the agent id from the offer or status update");
        }
        return AgentId.of(s);
    }

    private static ExecutorId executorId(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("executor_id is empty: name the executor that ended");
        }
        return ExecutorId.of(s);
    }

    private static TaskId taskId(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("task_id is empty: every task needs an id unique within its framework");
        }
        return TaskId.of(s);
    }

    private static List<OfferId> offerIds(List<String> ids) {
        List<OfferId> out = new ArrayList<>();
        for (String s : ids) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("an offer id is empty: use the ids from Offers");
            }
            out.add(OfferId.of(s));
        }
        return List.copyOf(out);
    }

    private static Duration refuse(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0 || seconds > 365 * 24 * 3600.0) {
            throw new IllegalArgumentException("invalid refuse_seconds " + seconds
                    + ": use 0 or more seconds, at most a year");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
