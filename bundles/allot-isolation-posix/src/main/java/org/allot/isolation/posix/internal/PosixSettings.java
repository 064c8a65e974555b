package org.allot.isolation.posix.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The POSIX isolator's settings, immutable.
 *
 * @param cleanupGrace      how long {@link PosixIsolator#cleanup} waits after SIGTERM before it sends
 *                          SIGKILL to what is left of a container
 * @param maxOpenFiles      the open-files limit (RLIMIT_NOFILE) of container processes, capped at the
 *                          agent's own hard limit; 0 leaves the inherited limit
 * @param limitAddressSpace whether to set RLIMIT_AS to the container's {@code mem}; off by default
 *                          because a JVM reserves far more address space than it uses
 */
public record PosixSettings(Duration cleanupGrace, long maxOpenFiles, boolean limitAddressSpace) {

    public static final Duration DEFAULT_CLEANUP_GRACE = Duration.ofSeconds(1);
    public static final long DEFAULT_MAX_OPEN_FILES = 65_536;

    public PosixSettings {
        Objects.requireNonNull(cleanupGrace, "cleanupGrace");
        if (cleanupGrace.isNegative()) {
            throw new IllegalArgumentException("invalid cleanup grace " + cleanupGrace + ": it must not be negative");
        }
        if (maxOpenFiles < 0) {
            throw new IllegalArgumentException("invalid max open files " + maxOpenFiles
                    + ": use a positive number, or 0 to keep the agent's limit");
        }
    }

    public static PosixSettings defaults() {
        return new PosixSettings(DEFAULT_CLEANUP_GRACE, DEFAULT_MAX_OPEN_FILES, false);
    }
}
