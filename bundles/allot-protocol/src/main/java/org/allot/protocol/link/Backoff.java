package org.allot.protocol.link;

import java.time.Duration;

/**
 * How long a {@link MasterLink} waits before its next attempt after {@code n} failures in a row:
 * {@code initial}, doubling after each failure, capped at {@code max}; by default 0.5 s, 1 s, 2 s,
 * 4 s, 5 s, 5 s, ... Immutable; the link counts the failures.
 *
 * @param initial the delay after the first failure, positive
 * @param max     the longest delay, not below {@code initial}
 */
public record Backoff(Duration initial, Duration max) {

    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(5);

    public Backoff {
        if (initial == null || max == null || initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("invalid backoff " + initial + " to " + max
                    + ": the initial delay must be positive and not above the maximum");
        }
    }

    /** 0.5 s doubling up to 5 s. */
    public static Backoff defaults() {
        return new Backoff(DEFAULT_INITIAL, DEFAULT_MAX);
    }

    /**
     * The delay after {@code failures} failures in a row: {@code initial * 2^(failures - 1)}, at most
     * {@code max}; e.g. with the defaults, 3 failures wait 2 s. Zero for zero failures.
     */
    public Duration delayAfter(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        long maxMillis = max.toMillis();
        long delay = initial.toMillis();
        for (int i = 1; i < failures && delay < maxMillis; i++) {
            delay *= 2;
        }
        return Duration.ofMillis(Math.min(delay, maxMillis));
    }
}
