package org.allot.api;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads the durations operators write in configuration: {@code 500ms}, {@code 2s}, {@code 1.5s},
 * {@code 1m}, ISO-8601 ({@code PT2S}) or a bare number of milliseconds. Stateless and thread-safe.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses {@code text}, the value of configuration key {@code key}; seconds and minutes may have
     * decimals and are rounded to the millisecond.
     *
     * @throws IllegalArgumentException naming {@code key} and the value, e.g.
     *                                  {@code invalid duration 'soon' for kill_grace: use e.g. 500ms,
     *                                  2s, 1m or a number of milliseconds}
     */
    public static Duration parse(String key, String text) {
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
            throw new IllegalArgumentException("invalid duration '" + Names.printable(text) + "' for " + key
                    + ": use e.g. 500ms, 2s, 1m or a number of milliseconds");
        }
    }
}
