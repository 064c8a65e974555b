package org.allot.spi.isolation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.allot.api.CommandInfo;
import org.allot.api.Resources;

/**
 * What an agent asks the {@link Isolator}s to prepare a container for.
 *
 * @param limits  the resources the container may use (its tasks plus executor); each isolator
 *                enforces what it owns, e.g. {@code cpus} or {@code mem}
 * @param sandbox the container's working directory, already created by the agent
 * @param user    the OS user the processes will run as
 * @param command the command that will be exec'd in the container
 * @param role    the role of the framework the container runs for, e.g. {@code *} or {@code prod};
 *                an isolator may place the container by it (a project, a cgroup parent)
 * @param labels  labels of the task or executor, e.g. {@code project=batch}; empty if none
 */
public record ContainerConfig(Resources limits, Path sandbox, String user, CommandInfo command, String role,
                             Map<String, String> labels) {

    public ContainerConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("container user must not be blank");
        }
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(role, "role");
        if (role.isBlank()) {
            throw new IllegalArgumentException("container role must not be blank: use * for the default role");
        }
        labels = Map.copyOf(labels);
    }

    /** For a container of the default role {@code *} without labels. */
    public ContainerConfig(Resources limits, Path sandbox, String user, CommandInfo command) {
        this(limits, sandbox, user, command, "*", Map.of());
    }
}
