package org.allot.spi.isolation;

import java.nio.file.Path;
import java.util.Objects;

import org.allot.api.Resources;

/**
 * What the agent checkpointed about a container it launched, handed to {@link Isolator#recover}
 * after an agent or isolator bundle restart.
 *
 * @param id      the container
 * @param pid     the pid of the container's first process, as reported to {@link Isolator#isolate}
 * @param sandbox the container's working directory
 * @param limits  the container's current limits
 */
public record ContainerState(ContainerId id, long pid, Path sandbox, Resources limits) {

    public ContainerState {
        Objects.requireNonNull(id, "id");
        if (pid <= 0) {
            throw new IllegalArgumentException("invalid pid " + pid + " for container " + id + ": it must be positive");
        }
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(limits, "limits");
    }
}
