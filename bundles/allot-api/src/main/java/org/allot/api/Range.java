package org.allot.api;

/**
 * An inclusive range of non-negative integers, such as the ports {@code 31000-32000}.
 *
 * <p>Ranges are the building block of range resources; a {@link Resource} of type
 * {@link Resource.Type#RANGES} holds a sorted list of disjoint, non-adjacent ranges.
 *
 * @param begin first value, {@code >= 0}
 * @param end   last value, {@code >= begin}
 */
public record Range(long begin, long end) {

    public Range {
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("invalid range " + begin + "-" + end
                    + ": bounds must be non-negative and begin <= end");
        }
    }

    /** A range of a single value, e.g. one port. */
    public static Range of(long value) {
        return new Range(value, value);
    }

    /** The number of values in this range (saturates at {@link Long#MAX_VALUE}). */
    public long size() {
        long n = end - begin + 1;
        return n <= 0 ? Long.MAX_VALUE : n;
    }

    /** Whether {@code value} lies in this range. */
    public boolean contains(long value) {
        return value >= begin && value <= end;
    }

    /** Prints {@code begin-end}, the form used inside {@code [..]} in the resource syntax. */
    @Override
    public String toString() {
        return begin + "-" + end;
    }
}
