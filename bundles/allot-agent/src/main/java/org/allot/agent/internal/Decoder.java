package org.allot.agent.internal;

import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;

/**
 * Turns an envelope from the master or from an executor into an {@link Inbound} record. Pure (it
 * reads only the envelope), so any thread may call it; invalid content becomes
 * {@link Inbound.Refused} with a reason naming the field and value (the wording of {@link Wire}
 * and the id types), never an exception.
 */
final class Decoder {

    private Decoder() {
    }

    static Inbound.FromMaster fromMaster(Envelope env) {
        try {
            return switch (env.getMessageCase()) {
                case AGENT_REGISTERED -> new Inbound.Registered(AgentId.of(env.getAgentRegistered().getAgentId()),
                        env.getAgentRegistered().getMasterId(), false);
                case AGENT_REREGISTERED -> new Inbound.Registered(
                        AgentId.of(env.getAgentReregistered().getAgentId()), env.getAgentReregistered().getMasterId(),
                        true);
                case RUN_TASK -> runTask(env.getRunTask());
                case KILL_TASK -> new Inbound.KillTask(new TaskKey(frameworkId(env.getKillTask().getFrameworkId()),
                        TaskId.of(env.getKillTask().getTaskId())), Wire.killReason(env.getKillTask()),
                        env.getKillTask().getMessage());
                case TEARDOWN -> new Inbound.Teardown(frameworkId(env.getTeardown().getFrameworkId()),
                        env.getTeardown().getReason());
                case ACKNOWLEDGE -> acknowledge(env.getAcknowledge());
                case FRAMEWORK_MESSAGE -> new Inbound.MessageToExecutor(new ExecutorKey(
                        frameworkId(env.getFrameworkMessage().getFrameworkId()),
                        ExecutorId.of(env.getFrameworkMessage().getExecutorId())), env.getFrameworkMessage());
                case RESEND_UPDATES -> new Inbound.ResendUpdates(
                        frameworkId(env.getResendUpdates().getFrameworkId()), env.getResendUpdates().getReason());
                case ERROR -> new Inbound.MasterError(env.getError().getCode(), env.getError().getReason());
                default -> new Inbound.Refused(env.getMessageCase().toString(), "an agent does not expect "
                        + env.getMessageCase() + " from a master");
            };
        } catch (IllegalArgumentException e) {
            return new Inbound.Refused(env.getMessageCase().toString(), e.getMessage());
        }
    }

    static Inbound.FromExecutor fromExecutor(Envelope env) {
        try {
            return switch (env.getMessageCase()) {
                case REGISTER_EXECUTOR -> {
                    FrameworkId fid = frameworkId(env.getRegisterExecutor().getFrameworkId());
                    ExecutorId eid = ExecutorId.of(env.getRegisterExecutor().getExecutorId());
                    Optional<String> unsafe = Sandboxes.unsafe("executor id", eid.value());
                    if (unsafe.isPresent()) {
                        throw new IllegalArgumentException(unsafe.get());
                    }
                    yield new Inbound.RegisterExecutor(new ExecutorKey(fid, eid));
                }
                case STATUS_UPDATE -> new Inbound.ExecutorStatus(Wire.fromProto(env.getStatusUpdate().getStatus()),
                        env.getStatusUpdate().getStatus());
                case FRAMEWORK_MESSAGE -> new Inbound.MessageFromExecutor(env.getFrameworkMessage().getData());
                default -> new Inbound.Refused(env.getMessageCase().toString(), "an executor may not send "
                        + env.getMessageCase() + " to its agent");
            };
        } catch (IllegalArgumentException e) {
            return new Inbound.Refused(env.getMessageCase().toString(), e.getMessage());
        }
    }

    /**
     * A RunTask is refused as a whole only when its framework id is unusable (no status update
     * could name it); a bad task becomes {@link Inbound.InvalidTask}, reported as TASK_ERROR.
     */
    private static Inbound.FromMaster runTask(org.allot.protocol.proto.RunTask run) {
        FrameworkId fid = frameworkId(run.getFramework().getFrameworkId());
        String rawId = run.getTask().getTaskId();
        Optional<TaskId> taskId;
        try {
            taskId = Optional.of(TaskId.of(rawId));
        } catch (IllegalArgumentException e) {
            return new Inbound.InvalidTask(fid, run.getFramework(), Optional.empty(), rawId, e.getMessage());
        }
        Optional<String> unsafe = Sandboxes.unsafe("framework id", fid.value())
                .or(() -> Sandboxes.unsafe("task id", rawId));
        if (unsafe.isPresent()) {
            return new Inbound.InvalidTask(fid, run.getFramework(), taskId, rawId, unsafe.get());
        }
        TaskInfo task;
        try {
            task = Wire.fromProto(run.getTask());
        } catch (IllegalArgumentException e) {
            return new Inbound.InvalidTask(fid, run.getFramework(), taskId, rawId,
                    "task " + rawId + " is invalid: " + e.getMessage());
        }
        unsafe = task.executor().flatMap(e -> Sandboxes.unsafe("executor id", e.id().value()));
        if (unsafe.isPresent()) {
            return new Inbound.InvalidTask(fid, run.getFramework(), taskId, rawId, unsafe.get());
        }
        return new Inbound.RunTask(fid, run.getFramework(), task, run.getTask());
    }

    private static Inbound.FromMaster acknowledge(org.allot.protocol.proto.Acknowledge ack) {
        if (ack.getUuid().size() != 16) {
            throw new IllegalArgumentException("Acknowledge for task '" + ack.getTaskId() + "' has a "
                    + ack.getUuid().size() + "-byte uuid; echo the 16-byte uuid of the status update");
        }
        return new Inbound.Acknowledge(new TaskKey(frameworkId(ack.getFrameworkId()), TaskId.of(ack.getTaskId())),
                ack.getUuid());
    }

    private static FrameworkId frameworkId(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("framework_id is empty");
        }
        return FrameworkId.of(s);
    }
}
