package org.allot.agent.internal;

import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskStatus;

import com.google.protobuf.ByteString;

/**
 * What the agent acts on, decoded by {@link Decoder} at the edge (an executor's envelope on the
 * network thread, the master's as the {@code MasterLink} hands it over) into validated values, so
 * that the agent routes records and never reads protobuf fields it has not checked. Messages the
 * agent only passes on keep their protobuf ({@code raw}) to forward unchanged. Immutable.
 *
 * <p>NOTE: routing is a double dispatch ({@link FromMaster#route}, {@link FromExecutor#route}) rather
 * than a {@code switch} over the record types: type patterns in {@code switch} are a preview feature
 * in Java 17 (final in Java 21). The compiler still checks exhaustiveness: every record must
 * implement {@code route}, and a handler must implement a method for every record.
 */
sealed interface Inbound {

    /** What the master sends an agent. */
    sealed interface FromMaster extends Inbound {
        void route(MasterHandler handler);
    }

    /** Acts on each kind of message from the master; one method per record. */
    interface MasterHandler {
        void registered(Registered m);

        void runTask(RunTask m);

        void invalidTask(InvalidTask m);

        void killTask(KillTask m);

        void teardown(Teardown m);

        void acknowledge(Acknowledge m);

        void messageToExecutor(MessageToExecutor m);

        void resendUpdates(ResendUpdates m);

        void masterError(MasterError m);

        void refused(Refused m);
    }

    /** What an executor sends its agent. */
    sealed interface FromExecutor extends Inbound {
        void route(ExecutorHandler handler);
    }

    /** Acts on each kind of message from an executor; one method per record. */
    interface ExecutorHandler {
        void registerExecutor(RegisterExecutor m);

        void executorStatus(ExecutorStatus m);

        void messageFromExecutor(MessageFromExecutor m);

        void refused(Refused m);
    }

    // ----- master -> agent

    /** The master accepted the (re)registration and names the agent. */
    record Registered(AgentId agentId, String masterId, boolean reregistered) implements FromMaster {
        @Override
        public void route(MasterHandler handler) {
            handler.registered(this);
        }
    }

    /** A task to launch; its ids can name its sandbox (checked by {@link Sandboxes#unsafe}). */
    record RunTask(FrameworkId frameworkId, org.allot.protocol.proto.FrameworkInfo framework, TaskInfo task,
                   org.allot.protocol.proto.TaskInfo raw) implements FromMaster {
        @Override
        public void route(MasterHandler handler) {
            handler.runTask(this);
        }
    }

    /**
     * A task the agent will not launch, answered with TASK_ERROR: malformed, or with an id that
     * cannot name a sandbox. {@code taskId} is empty when the id itself is not a valid task id
     * (then no master can acknowledge an update about it), {@code rawTaskId} is the id as sent.
     */
    record InvalidTask(FrameworkId frameworkId, org.allot.protocol.proto.FrameworkInfo framework,
                       Optional<TaskId> taskId, String rawTaskId, String reason) implements FromMaster {
        @Override
        public void route(MasterHandler handler) {
            handler.invalidTask(this);
        }
    }

    /** A kill, with why: {@code KILLED_BY_USER} for a scheduler's kill, {@code REVOKED} for the allocator's. */
    record KillTask(TaskKey task, org.allot.api.TaskStatus.Reason reason, String message) implements FromMaster {
        @Override
        public void route(MasterHandler handler) {
            handler.killTask(this);
        }
    }

    record Teardown(FrameworkId frameworkId, String reason) implements FromMaster {
        @Override
        public void route(MasterHandler handler) {
            handler.teardown(this);
        }
    }

    /** The framework acknowledged the status update with {@code uuid} of a task. */
    record Acknowledge(TaskKey task, ByteString uuid) implements FromMaster {
        @Override
        public void route(MasterHandler handler) {
            handler.acknowledge(this);
        }
    }

    /** A scheduler's message for one of this agent's executors. */
    record MessageToExecutor(ExecutorKey executor, org.allot.protocol.proto.FrameworkMessage raw)
            implements FromMaster {
        @Override
        public void route(MasterHandler handler) {
            handler.messageToExecutor(this);
        }
    }

    /** The framework's scheduler is back (it failed over): send its unacknowledged updates now. */
    record ResendUpdates(FrameworkId frameworkId, String reason) implements FromMaster {
        @Override
        public void route(MasterHandler handler) {
            handler.resendUpdates(this);
        }
    }

    /** The master reports an error, e.g. a refused registration. */
    record MasterError(org.allot.protocol.proto.Error.Code code, String reason) implements FromMaster {
        @Override
        public void route(MasterHandler handler) {
            handler.masterError(this);
        }
    }

    // ----- executor -> agent

    /** An executor announces itself; its ids can name its sandbox. */
    record RegisterExecutor(ExecutorKey executor) implements FromExecutor {
        @Override
        public void route(ExecutorHandler handler) {
            handler.registerExecutor(this);
        }
    }

    /** A status update from an executor, before the agent stamps its own fields on it. */
    record ExecutorStatus(TaskStatus status, org.allot.protocol.proto.TaskStatus raw) implements FromExecutor {
        @Override
        public void route(ExecutorHandler handler) {
            handler.executorStatus(this);
        }
    }

    /**
     * An executor's message for its scheduler: only its data, since the agent names the framework,
     * executor and agent from the executor's registration.
     */
    record MessageFromExecutor(ByteString data) implements FromExecutor {
        @Override
        public void route(ExecutorHandler handler) {
            handler.messageFromExecutor(this);
        }
    }

    // ----- either

    /** A message that cannot be decoded, or that this peer may not send; the reason names the field or value. */
    record Refused(String kind, String reason) implements FromMaster, FromExecutor {
        @Override
        public void route(MasterHandler handler) {
            handler.refused(this);
        }

        @Override
        public void route(ExecutorHandler handler) {
            handler.refused(this);
        }
    }
}
