package org.allot.spi.isolation;

import java.nio.file.Path;
import java.util.Objects;

import org.allot.api.CommandInfo;
import org.allot.api.Resources;

/**
 * What an agent asks an {@link Isolator} to prepare a container for.
 *
 * @param limits  the resources the container may use (its tasks plus executor); the isolator
 *                enforces what it can, e.g. {@code cpus} and {@code mem}
 * @param sandbox the container's working directory, already created by the agent
 * @param user    the OS user the processes will run as
 * @param command the command that will be exec'd in the container
 */
public record ContainerConfig(Resources limits, Path sandbox, String user, CommandInfo command) {

    public ContainerConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("container user must not be blank");
        }
        Objects.requireNonNull(command, "command");
    }
}
