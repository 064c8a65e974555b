package org.allot.isolation.posix.internal;

import java.time.Duration;
import java.util.Locale;
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

    /**
     * Parses a duration as configured: {@code 500ms}, {@code 2s}, {@code 1m}, ISO-8601 ({@code PT2S})
     * or a bare number of milliseconds.
     *
     * @throws IllegalArgumentException naming {@code key} and the value
     */
    public static Duration parseDuration(String key, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 60_000));
            }
            return Duration.ofMillis(Long.parseLong(t));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid duration '" + text + "' for " + key
                    + ": use e.g. 500ms, 2s, 1m or a number of milliseconds");
        }
    }
}
