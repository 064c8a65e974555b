package org.allot.api;

/**
 * The id of an agent, assigned by the master when the agent first registers.
 *
 * <p>Ids travel in messages, log lines and shell tables, so they must be non-empty and free of
 * whitespace and control characters; anything else is rejected with a message naming the value.
 *
 * @param value the id text, e.g. {@code a-1}
 */
public record AgentId(String value) implements Comparable<AgentId> {

    public AgentId {
        Names.requireId("agent id", value);
    }

    /** Same as the constructor; reads better at call sites. */
    public static AgentId of(String value) {
        return new AgentId(value);
    }

    @Override
    public int compareTo(AgentId o) {
        return value.compareTo(o.value);
    }

    /** The bare id, so that messages read "framework f-1", not "FrameworkId[value=f-1]". */
    @Override
    public String toString() {
        return value;
    }
}
