package org.allot.spi.isolation;

import java.util.Objects;

/**
 * The id of a container on an agent, assigned by the agent, unique on that agent across restarts.
 * Isolators use it to name their own resources (a cgroup, a process group record), so it must be
 * safe in a file name: non-empty, no whitespace, control characters or {@code /}.
 *
 * @param value the id text, e.g. a UUID
 */
public record ContainerId(String value) implements Comparable<ContainerId> {

    public ContainerId {
        Objects.requireNonNull(value, "value");
        boolean ok = !value.isEmpty() && !value.equals(".") && !value.equals("..");
        for (int i = 0; ok && i < value.length(); i++) {
            char c = value.charAt(i);
            ok = !Character.isWhitespace(c) && !Character.isISOControl(c) && c != '/';
        }
        if (!ok) {
            throw new IllegalArgumentException("invalid container id '" + value.replaceAll("\\p{Cntrl}", "?")
                    + "': it must be non-empty, not . or .., and contain no whitespace, control characters or '/'");
        }
    }

    public static ContainerId of(String value) {
        return new ContainerId(value);
    }

    @Override
    public int compareTo(ContainerId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
