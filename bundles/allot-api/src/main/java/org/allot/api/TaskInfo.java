package org.allot.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A task a framework launches on an offer: what to run, where, with what.
 *
 * <p>A task runs either a {@linkplain #command command} (the agent's built-in command executor
 * starts it) or under a custom {@linkplain #executor executor}, exactly one of the two. The
 * optional {@code data} is opaque bytes handed to the executor; it is copied in and out so the
 * value stays immutable.
 *
 * @param id        unique within the framework
 * @param name      a human name
 * @param agentId   the agent of the offer the task is launched on
 * @param resources what the task uses; not empty
 * @param command   the command to run, if no executor
 * @param executor  the executor to run it, if no command
 * @param data      opaque bytes for the executor; empty if none
 */
public record TaskInfo(TaskId id, String name, AgentId agentId, Resources resources, Optional<CommandInfo> command,
                       Optional<ExecutorInfo> executor, byte[] data) {

    public TaskInfo {
        Objects.requireNonNull(id, "id");
        Names.requireText("task name", name);
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(executor, "executor");
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("task " + id + " asks for no resources; give it at least some cpus or mem");
        }
        if (command.isPresent() == executor.isPresent()) {
            throw new IllegalArgumentException("task " + id + " has " + (command.isPresent() ? "both" : "neither")
                    + " a command and an executor; give exactly one");
        }
        data = data == null ? new byte[0] : data.clone();
    }

    /** A task running a command, the common case. */
    public static TaskInfo ofCommand(TaskId id, String name, AgentId agentId, Resources resources, CommandInfo command) {
        return new TaskInfo(id, name, agentId, resources, Optional.of(command), Optional.empty(), null);
    }

    /** A task run by a custom executor. */
    public static TaskInfo ofExecutor(TaskId id, String name, AgentId agentId, Resources resources,
                                      ExecutorInfo executor) {
        return new TaskInfo(id, name, agentId, resources, Optional.empty(), Optional.of(executor), null);
    }

    /** The same task carrying {@code bytes} (copied) for its executor. */
    public TaskInfo withData(byte[] bytes) {
        return new TaskInfo(id, name, agentId, resources, command, executor, bytes);
    }

    /** A copy of the data; changing it does not change the task. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TaskInfo)) {
            return false;
        }
        TaskInfo t = (TaskInfo) o;
        return id.equals(t.id) && name.equals(t.name) && agentId.equals(t.agentId) && resources.equals(t.resources)
                && command.equals(t.command) && executor.equals(t.executor) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, agentId, resources, command, executor, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "TaskInfo[id=" + id + ", name=" + name + ", agentId=" + agentId + ", resources=" + resources
                + ", command=" + command + ", executor=" + executor + ", data=" + data.length + " bytes]";
    }
}
