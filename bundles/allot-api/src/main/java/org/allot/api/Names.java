package org.allot.api;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Shared validation of the names that appear in Allot's text syntaxes and identifiers.
 *
 * <p>Resource names, roles, set items and attribute names share one rule so that every value
 * printed by {@code toString()} parses back: a token is non-empty, has no whitespace or control
 * characters and none of the characters the syntaxes use as delimiters ({@code : ; , ( ) [ ] { }}).
 *
 * <p>Public for {@link #printable}, which the protocol's error messages use too; the checks stay
 * package-private. Stateless.
 */
public final class Names {

    private static final String DELIMITERS = ":;,()[]{}";

    private Names() {
    }

    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || DELIMITERS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Checks a resource or attribute name, a set item or a capability. */
    static String requireToken(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!isToken(value)) {
            throw new IllegalArgumentException("invalid " + what + " '" + value
                    + "': use a non-empty name without whitespace, control characters or any of " + DELIMITERS);
        }
        return value;
    }

    /** Checks a role: {@code *} for the default role, otherwise a token without {@code *}. */
    static String requireRole(String role) {
        Objects.requireNonNull(role, "role");
        if (role.equals(Resource.UNRESERVED)) {
            return role;
        }
        if (!isToken(role) || role.indexOf('*') >= 0) {
            throw new IllegalArgumentException("invalid role '" + role
                    + "': use '*' for the default role or a name without whitespace, '*' or any of " + DELIMITERS);
        }
        return role;
    }

    /** Checks an identifier: non-blank, no whitespace or control characters. */
    static String requireId(String kind, String value) {
        Objects.requireNonNull(value, kind);
        boolean ok = !value.isEmpty();
        for (int i = 0; ok && i < value.length(); i++) {
            char c = value.charAt(i);
            ok = !Character.isWhitespace(c) && !Character.isISOControl(c);
        }
        if (!ok) {
            throw new IllegalArgumentException("invalid " + kind + " '" + printable(value)
                    + "': an id must be non-empty and contain no whitespace or control characters");
        }
        return value;
    }

    /** Checks a free-text field (hostname, user, name): non-blank. */
    static String requireText(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    /** Copies an environment map, rejecting names a process environment cannot hold. */
    static Map<String, String> environment(Map<String, String> env) {
        Objects.requireNonNull(env, "environment");
        Map<String, String> copy = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k == null || k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name '" + printable(k)
                        + "': it must be non-empty and contain neither '=' nor NUL");
            }
            if (v == null || v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid value for environment variable " + k
                        + ": it must be non-null and contain no NUL");
            }
            copy.put(k, v);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Renders control characters as {@code \\uXXXX} so that an error message shows what was sent;
     * {@code "null"} for null.
     */
    public static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
