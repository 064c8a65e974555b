package org.allot.protocol.link;

import java.time.Duration;
import java.time.Instant;

/**
 * Chooses the level of the one log line per failed connect attempt, so that an agent started before
 * its master says so once and quietly retries, and only a peer that stays out of reach for a while
 * becomes a warning: the first failure of a streak at INFO, then DEBUG, except a WARN once the streak
 * has lasted {@link #WARN_AFTER} and then at most once every {@link #WARN_EVERY}. A master down for an
 * hour costs about a dozen WARN lines. Not thread-safe: owned by a {@link MasterLink}'s loop.
 */
final class FailureLog {

    enum Level { DEBUG, INFO, WARN }

    static final Duration WARN_AFTER = Duration.ofSeconds(30);
    static final Duration WARN_EVERY = Duration.ofMinutes(5);

    private Instant streakStart;
    private Instant lastWarn;

    /** Records a failure at {@code now} and returns the level of its log line. */
    Level failed(Instant now) {
        if (streakStart == null) {
            streakStart = now;
            return Level.INFO;
        }
        if (Duration.between(streakStart, now).compareTo(WARN_AFTER) < 0) {
            return Level.DEBUG;
        }
        if (lastWarn == null || Duration.between(lastWarn, now).compareTo(WARN_EVERY) >= 0) {
            lastWarn = now;
            return Level.WARN;
        }
        return Level.DEBUG;
    }

    /** How long the current streak of failures has lasted at {@code now}; zero without one. */
    Duration failingFor(Instant now) {
        return streakStart == null ? Duration.ZERO : Duration.between(streakStart, now);
    }

    /** A connection succeeded, or the target changed: the next failure starts a new streak. */
    void reset() {
        streakStart = null;
        lastWarn = null;
    }
}
