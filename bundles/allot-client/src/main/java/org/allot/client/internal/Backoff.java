package org.allot.client.internal;

import java.time.Duration;

/**
 * Delays between reconnection attempts: {@code initial}, doubling after each failure, capped at
 * {@code max}; e.g. 0.5 s, 1 s, 2 s, 4 s, 5 s, 5 s, ... Also decides which failures are worth a log
 * line, so that a master down for an hour costs a dozen lines, not thousands.
 * Not thread-safe: owned by one driver thread.
 */
public final class Backoff {

    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(5);

    private final long initialMillis;
    private final long maxMillis;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("invalid backoff " + initial + " to " + max
                    + ": the initial delay must be positive and not above the maximum");
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    public static Backoff defaults() {
        return new Backoff(DEFAULT_INITIAL, DEFAULT_MAX);
    }

    /** Records a failed (or lost) attempt and returns the delay before the next one. */
    public Duration nextDelay() {
        long delay = initialMillis;
        for (int i = 0; i < failures && delay < maxMillis; i++) {
            delay *= 2;
        }
        failures++;
        return Duration.ofMillis(Math.min(delay, maxMillis));
    }

    /** The number of failures since the last {@link #reset()}. */
    public int failures() {
        return failures;
    }

    /** Whether the failure just recorded deserves a log line: the 1st, 2nd, 4th, 8th, ... */
    public boolean shouldLog() {
        return failures > 0 && (failures & (failures - 1)) == 0;
    }

    /** A connection succeeded: start again from the initial delay. */
    public void reset() {
        failures = 0;
    }
}
