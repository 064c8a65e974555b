package org.allot.isolation.posix.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The POSIX isolator's settings, immutable.
 *
 * @param maxOpenFiles      the open-files limit (RLIMIT_NOFILE) of container processes, capped at the
 *                          agent's own hard limit; 0 leaves the inherited limit
 * @param limitAddressSpace whether to set RLIMIT_AS to the container's {@code mem}; off by default
 *                          because a JVM reserves far more address space than it uses
 * @param enforceMemory     whether to sample each container's resident memory and end it, through
 *                          {@link PosixIsolator#watch}, when the sum passes its {@code mem}; off by
 *                          default, as cgroups enforce memory exactly
 * @param sampleInterval    how often memory is sampled when it is enforced
 */
public record PosixSettings(long maxOpenFiles, boolean limitAddressSpace, boolean enforceMemory,
                            Duration sampleInterval) {

    public static final long DEFAULT_MAX_OPEN_FILES = 65_536;
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofMillis(500);

    public PosixSettings {
        if (maxOpenFiles < 0) {
            throw new IllegalArgumentException("invalid max open files " + maxOpenFiles
                    + ": use a positive number, or 0 to keep the agent's limit");
        }
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        if (sampleInterval.toMillis() < 10) {
            throw new IllegalArgumentException("invalid sample interval " + sampleInterval
                    + ": use 10ms or more, e.g. 500ms");
        }
    }

    public static PosixSettings defaults() {
        return new PosixSettings(DEFAULT_MAX_OPEN_FILES, false, false, DEFAULT_SAMPLE_INTERVAL);
    }
}
