package org.allot.spi.isolation;

import java.util.Objects;

import org.allot.api.Resources;
import org.allot.api.TaskStatus;

/**
 * A limit a container hit that ends it, e.g. out of memory, as {@link Isolator#watch} reports it.
 * The agent destroys the container and reports its tasks {@code FAILED} with {@link #reason} and
 * {@link #message}.
 *
 * @param reason  the reason to put in the status update, e.g. {@code CONTAINER_LIMITATION_MEMORY}
 * @param limit   the limit that was hit, e.g. {@code mem:64}; empty when it is no resource (a
 *                process count, a project's limit), then the message names it
 * @param peak    the peak usage of that resource, e.g. {@code mem:64.5}; empty if not known
 * @param message what happened, for the framework and the operator, e.g.
 *                {@code memory limit 64 MB exceeded (peak 64.5 MB): killed by the OOM killer}
 */
public record ContainerLimitation(TaskStatus.Reason reason, Resources limit, Resources peak, String message) {

    public ContainerLimitation {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(peak, "peak");
        Objects.requireNonNull(message, "message");
        if (message.isBlank()) {
            throw new IllegalArgumentException("a container limitation needs a message saying which limit was hit");
        }
    }
}
