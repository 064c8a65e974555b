package org.allot.spi.isolation;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a container's first process ended, as its {@link Launcher} recorded it.
 *
 * @param status the status as a shell reports it: the exit code 0-255, or 128 + N when killed by
 *               signal N; empty when it could not be known (no record survived)
 * @param detail why the status is unknown, or empty
 */
public record ContainerExit(OptionalInt status, String detail) {

    public ContainerExit {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if (status.isPresent() && (status.getAsInt() < 0 || status.getAsInt() > 255 + 128)) {
            throw new IllegalArgumentException("invalid exit status " + status.getAsInt()
                    + ": it must be an exit code 0-255 or 128 + a signal number");
        }
        if (status.isEmpty() && detail.isBlank()) {
            throw new IllegalArgumentException("an unknown exit status needs a detail saying why it is unknown");
        }
    }

    /** The process exited with {@code status} (0-255, or 128 + signal). */
    public static ContainerExit exited(int status) {
        return new ContainerExit(OptionalInt.of(status), "");
    }

    /** The status could not be known, for the reason given. */
    public static ContainerExit unknown(String why) {
        return new ContainerExit(OptionalInt.empty(), why);
    }
}
