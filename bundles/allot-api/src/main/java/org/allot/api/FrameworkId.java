package org.allot.api;

/**
 * The id of a framework, assigned by the master when it first subscribes and kept across scheduler failover.
 *
 * <p>Ids travel in messages, log lines and shell tables, so they must be non-empty and free of
 * whitespace and control characters; anything else is rejected with a message naming the value.
 *
 * @param value the id text, e.g. {@code f-1}
 */
public record FrameworkId(String value) implements Comparable<FrameworkId> {

    public FrameworkId {
        Names.requireId("framework id", value);
    }

    /** Same as the constructor; reads better at call sites. */
    public static FrameworkId of(String value) {
        return new FrameworkId(value);
    }

    @Override
    public int compareTo(FrameworkId o) {
        return value.compareTo(o.value);
    }

    /** The bare id, so that messages read "framework f-1", not "FrameworkId[value=f-1]". */
    @Override
    public String toString() {
        return value;
    }
}
