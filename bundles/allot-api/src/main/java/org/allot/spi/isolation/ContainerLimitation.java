package org.allot.spi.isolation;

import java.util.Objects;

import org.allot.api.Resources;
import org.allot.api.TaskStatus;

/**
 * A limit a container hit that ends it, e.g. out of memory. The agent kills the container and
 * reports its tasks {@code FAILED} with {@link #reason} and {@link #message}.
 *
 * @param resources the resources whose limit was hit, e.g. {@code mem:128}; may be empty
 * @param message   what happened, for the framework and the operator, e.g.
 *                  {@code memory limit 128 MB exceeded (rss 131 MB)}
 * @param reason    the reason to put in the status update, e.g. {@code CONTAINER_LIMITATION_MEMORY}
 */
public record ContainerLimitation(Resources resources, String message, TaskStatus.Reason reason) {

    public ContainerLimitation {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(message, "message");
        if (message.isBlank()) {
            throw new IllegalArgumentException("a container limitation needs a message saying which limit was hit");
        }
        Objects.requireNonNull(reason, "reason");
    }
}
