package org.allot.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A status update about a task: its new state, who says so, why, and when.
 *
 * <p>Updates from the agent carry a {@link #uuid}: the agent retries the update until the framework
 * acknowledges that uuid, so a framework sees every state change at least once. Updates the master
 * generates for reconciliation carry none and need no acknowledgement. Use
 * {@link #builder(TaskId, TaskState, Source, Instant)}.
 *
 * @param taskId     the task
 * @param state      its new state
 * @param source     who produced the update
 * @param reason     why, when there is a machine-readable cause
 * @param message    a human explanation; empty if none
 * @param agentId    the agent the task is on, if known
 * @param executorId the executor running it, if any
 * @param timestamp  when the state changed, by the clock of the source
 * @param uuid       the id to acknowledge, present for updates that are retried until acknowledged
 * @param data       opaque bytes from the executor; empty if none; copied in and out
 */
public record TaskStatus(TaskId taskId, TaskState state, Source source, Optional<Reason> reason, String message,
                         Optional<AgentId> agentId, Optional<ExecutorId> executorId, Instant timestamp,
                         Optional<UUID> uuid, byte[] data) {

    /** Who produced a status update. */
    public enum Source {
        /** The master, e.g. a task lost with its agent or refused at launch. */
        MASTER,
        /** The agent, e.g. the executor died or a container limit was hit. */
        AGENT,
        /** The executor running the task. */
        EXECUTOR
    }

    /** Machine-readable causes of a state change, after Mesos's {@code TaskStatus.Reason}. */
    public enum Reason {
        /** The built-in command executor failed to run the command. */
        COMMAND_EXECUTOR_FAILED,
        /** The container could not be launched, e.g. an isolator's prepare failed. */
        CONTAINER_LAUNCH_FAILED,
        /** The container hit a limit enforced by its isolator. */
        CONTAINER_LIMITATION,
        /** The container ran out of memory. */
        CONTAINER_LIMITATION_MEMORY,
        /** The container ran out of disk. */
        CONTAINER_LIMITATION_DISK,
        /** The container was preempted to free resources. */
        CONTAINER_PREEMPTED,
        /** The container's resources could not be updated. */
        CONTAINER_UPDATE_FAILED,
        /** The executor did not register with its agent in time. */
        EXECUTOR_REGISTRATION_TIMEOUT,
        /** The executor did not re-register after an agent restart in time. */
        EXECUTOR_REREGISTRATION_TIMEOUT,
        /** The executor exited while the task was not terminal. */
        EXECUTOR_TERMINATED,
        /** The executor disconnected from its agent. */
        EXECUTOR_UNREGISTERED,
        /** The framework was removed (torn down or its failover timeout expired). */
        FRAMEWORK_REMOVED,
        /** The launch named an offer that is unknown, used, or belongs to another framework or agent. */
        INVALID_OFFERS,
        /** The offer was rescinded before the launch reached the master. */
        OFFER_RESCINDED,
        /** The task is malformed, e.g. a duplicate task id. */
        TASK_INVALID,
        /** The principal may not launch this task. */
        TASK_UNAUTHORIZED,
        /** The task asks for resources the offers do not contain at all. */
        RESOURCES_UNKNOWN,
        /** The task asks for more than the offers hold. */
        RESOURCES_INSUFFICIENT,
        /** The agent was removed from the cluster. */
        AGENT_REMOVED,
        /** The agent disconnected; its tasks may come back. */
        AGENT_DISCONNECTED,
        /** The task's agent is not known to the master. */
        AGENT_UNKNOWN,
        /** The agent restarted and could not recover the task. */
        AGENT_RESTARTED,
        /** The framework or an operator asked for the kill. */
        KILLED_BY_USER,
        /** A kill arrived before the task was launched. */
        TASK_KILLED_DURING_LAUNCH,
        /** The agent has no record of the task. */
        TASK_UNKNOWN,
        /** The update answers a reconciliation request. */
        RECONCILIATION,
        /** The agent lost its connection to the master. */
        MASTER_DISCONNECTED,
        /**
         * The allocator revoked the task to give its resources to a role below its guarantee or fair
         * share (since 0.3.0); the framework may have had an {@link InverseOffer} first.
         */
        REVOKED,
        /** An operator drained the agent ({@code allot:agent-drain}): its tasks were killed before it stopped. */
        AGENT_DRAINING
    }

    public TaskStatus {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(uuid, "uuid");
        data = data == null ? new byte[0] : data.clone();
    }

    public static Builder builder(TaskId taskId, TaskState state, Source source, Instant timestamp) {
        return new Builder(taskId, state, source, timestamp);
    }

    /** A copy of the data; changing it does not change the status. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Whether the framework must acknowledge this update (it carries a uuid). */
    public boolean needsAcknowledgement() {
        return uuid.isPresent();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TaskStatus)) {
            return false;
        }
        TaskStatus s = (TaskStatus) o;
        return taskId.equals(s.taskId) && state == s.state && source == s.source && reason.equals(s.reason)
                && message.equals(s.message) && agentId.equals(s.agentId) && executorId.equals(s.executorId)
                && timestamp.equals(s.timestamp) && uuid.equals(s.uuid) && Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(taskId, state, source, reason, message, agentId, executorId, timestamp, uuid,
                Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "TaskStatus[task=" + taskId + ", state=" + state + ", source=" + source
                + reason.map(r -> ", reason=" + r).orElse("") + (message.isEmpty() ? "" : ", message=" + message)
                + agentId.map(a -> ", agent=" + a).orElse("") + executorId.map(e -> ", executor=" + e).orElse("")
                + ", timestamp=" + timestamp + uuid.map(u -> ", uuid=" + u).orElse("")
                + ", data=" + data.length + " bytes]";
    }

    /** Collects the optional fields of a status update. */
    public static final class Builder {
        private final TaskId taskId;
        private final TaskState state;
        private final Source source;
        private final Instant timestamp;
        private Reason reason;
        private String message = "";
        private AgentId agentId;
        private ExecutorId executorId;
        private UUID uuid;
        private byte[] data;

        private Builder(TaskId taskId, TaskState state, Source source, Instant timestamp) {
            this.taskId = taskId;
            this.state = state;
            this.source = source;
            this.timestamp = timestamp;
        }

        public Builder reason(Reason reason) {
            this.reason = reason;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder agentId(AgentId agentId) {
            this.agentId = agentId;
            return this;
        }

        public Builder executorId(ExecutorId executorId) {
            this.executorId = executorId;
            return this;
        }

        public Builder uuid(UUID uuid) {
            this.uuid = uuid;
            return this;
        }

        /** The executor's bytes; copied when the status is built. */
        public Builder data(byte[] data) {
            this.data = data;
            return this;
        }

        public TaskStatus build() {
            return new TaskStatus(taskId, state, source, Optional.ofNullable(reason), message,
                    Optional.ofNullable(agentId), Optional.ofNullable(executorId), timestamp,
                    Optional.ofNullable(uuid), data);
        }
    }
}
