package org.allot.api;

/**
 * The id of a task, chosen by the framework; unique within that framework.
 *
 * <p>Ids travel in messages, log lines and shell tables, so they must be non-empty and free of
 * whitespace and control characters; anything else is rejected with a message naming the value.
 *
 * @param value the id text, e.g. {@code t-1}
 */
public record TaskId(String value) implements Comparable<TaskId> {

    public TaskId {
        Names.requireId("task id", value);
    }

    /** Same as the constructor; reads better at call sites. */
    public static TaskId of(String value) {
        return new TaskId(value);
    }

    @Override
    public int compareTo(TaskId o) {
        return value.compareTo(o.value);
    }

    /** The bare id, so that messages read "framework f-1", not "FrameworkId[value=f-1]". */
    @Override
    public String toString() {
        return value;
    }
}
