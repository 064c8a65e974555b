package org.allot.api;

/**
 * The id of an offer, assigned by the master; valid until the offer is accepted, declined or rescinded.
 *
 * <p>Ids travel in messages, log lines and shell tables, so they must be non-empty and free of
 * whitespace and control characters; anything else is rejected with a message naming the value.
 *
 * @param value the id text, e.g. {@code o-1}
 */
public record OfferId(String value) implements Comparable<OfferId> {

    public OfferId {
        Names.requireId("offer id", value);
    }

    /** Same as the constructor; reads better at call sites. */
    public static OfferId of(String value) {
        return new OfferId(value);
    }

    @Override
    public int compareTo(OfferId o) {
        return value.compareTo(o.value);
    }

    /** The bare id, so that messages read "framework f-1", not "FrameworkId[value=f-1]". */
    @Override
    public String toString() {
        return value;
    }
}
