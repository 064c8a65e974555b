package org.allot.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An agent's attributes: named text values that describe where it is and what it is, such as
 * {@code rack:r1;zone:a}. Frameworks and offer filters use them for placement; unlike
 * {@link Resources} they are never consumed.
 *
 * <p>Immutable. Names follow the resource name rule (no whitespace or {@code : ; , ( ) [ ] { }});
 * values are non-empty text without {@code ;} or control characters, trimmed. {@link #toString()}
 * prints a canonical form sorted by name that {@link #parse(String)} reads back.
 */
public final class Attributes {

    private static final Attributes EMPTY = new Attributes(new TreeMap<>());

    private final SortedMap<String, String> values;

    private Attributes(TreeMap<String, String> values) {
        this.values = Collections.unmodifiableSortedMap(values);
    }

    public static Attributes empty() {
        return EMPTY;
    }

    /**
     * Attributes from a map; names and values are validated as in {@link #parse(String)}.
     *
     * @throws IllegalArgumentException naming the bad name or value
     */
    public static Attributes of(Map<String, String> values) {
        TreeMap<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> {
            String token = k + ":" + v;
            copy.put(name(token, k), value(token, v));
        });
        return copy.isEmpty() ? EMPTY : new Attributes(copy);
    }

    /**
     * Parses {@code name:value;name:value}. Whitespace around names and values is ignored, empty
     * segments are skipped and a blank string is {@link #empty()}.
     *
     * @throws IllegalArgumentException naming the offending token if a segment has no {@code :},
     *                                  a bad name, an empty value, or repeats a name
     */
    public static Attributes parse(String text) {
        Objects.requireNonNull(text, "text");
        TreeMap<String, String> map = new TreeMap<>();
        for (String segment : text.split(";", -1)) {
            String token = segment.strip();
            if (token.isEmpty()) {
                continue;
            }
            int colon = token.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("invalid attribute '" + token
                        + "': expected name:value, e.g. rack:r1");
            }
            String name = name(token, token.substring(0, colon).strip());
            String value = value(token, token.substring(colon + 1).strip());
            String previous = map.put(name, value);
            if (previous != null) {
                throw new IllegalArgumentException("invalid attribute '" + token + "': " + name
                        + " is already given as " + name + ":" + previous + "; give each attribute once");
            }
        }
        return map.isEmpty() ? EMPTY : new Attributes(map);
    }

    private static String name(String token, String name) {
        if (!Names.isToken(name)) {
            throw new IllegalArgumentException("invalid attribute '" + Names.printable(token) + "': the name '"
                    + Names.printable(name) + "' must be non-empty without whitespace or any of :;,()[]{}");
        }
        return name;
    }

    private static String value(String token, String value) {
        if (value == null || value.isBlank() || value.indexOf(';') >= 0 || !value.equals(value.strip())
                || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("invalid attribute '" + Names.printable(token)
                    + "': the value must be non-empty text without ';', control characters or surrounding blanks");
        }
        return value;
    }

    /** The value of attribute {@code name}, if the agent has it. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** All attributes sorted by name; unmodifiable. */
    public SortedMap<String, String> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Attributes && values.equals(((Attributes) o).values));
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Canonical form, e.g. {@code rack:r1;zone:a}; empty string if there are none. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.length() == 0 ? "" : ";").append(k).append(':').append(v));
        return b.toString();
    }
}
