package org.allot.api;

/**
 * The id of an executor, chosen by the framework; unique within that framework.
 *
 * <p>Ids travel in messages, log lines and shell tables, so they must be non-empty and free of
 * whitespace and control characters; anything else is rejected with a message naming the value.
 *
 * @param value the id text, e.g. {@code e-1}
 */
public record ExecutorId(String value) implements Comparable<ExecutorId> {

    public ExecutorId {
        Names.requireId("executor id", value);
    }

    /** Same as the constructor; reads better at call sites. */
    public static ExecutorId of(String value) {
        return new ExecutorId(value);
    }

    @Override
    public int compareTo(ExecutorId o) {
        return value.compareTo(o.value);
    }

    /** The bare id, so that messages read "framework f-1", not "FrameworkId[value=f-1]". */
    @Override
    public String toString() {
        return value;
    }
}
