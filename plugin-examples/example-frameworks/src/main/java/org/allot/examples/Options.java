package org.allot.examples;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code --name value} options of the example programs. Unknown options and options without a
 * value are refused with a message that lists the known ones, so a typo does not silently run with
 * defaults.
 */
final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param known option names without the dashes, e.g. {@code master}
     * @throws IllegalArgumentException naming the bad argument
     */
    static Options parse(String[] args, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'; options are "
                        + describe(known));
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; options are " + describe(known));
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
                value = args[++i];
            }
            values.put(name, value);
        }
        return new Options(values);
    }

    private static String describe(Set<String> known) {
        StringBuilder b = new StringBuilder();
        for (String k : new TreeSet<>(known)) {
            b.append(b.length() == 0 ? "" : ", ").append("--").append(k);
        }
        return b.toString();
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    int positive(String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " needs a positive whole number, not '" + v + "'");
        }
    }

    /** A duration in seconds ({@code 90}, {@code 1.5}) or ISO-8601 ({@code PT2M}). */
    Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            double seconds = Double.parseDouble(v.trim());
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("option --" + name + " needs seconds (e.g. 30 or 1.5) or an ISO"
                    + " duration (e.g. PT2M), not '" + v + "'");
        }
    }
}
