package org.allot.api;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * The values of {@code a} that are not in {@code b}. Both lists must be normalized as
     * {@link Resource#ranges()} returns them (sorted, disjoint, adjacent ranges merged); so is the
     * result. Never throws for values {@code b} lacks: {@code [1-10] minus [4-6, 20-30]} is
     * {@code [1-3, 7-10]}.
     */
    public static List<Range> difference(List<Range> a, List<Range> b) {
        List<Range> out = new ArrayList<>();
        int j = 0;
        for (Range r : a) {
            long cur = r.begin();
            boolean done = false;
            while (j < b.size() && b.get(j).end() < cur) {
                j++;
            }
            for (int k = j; k < b.size() && b.get(k).begin() <= r.end(); k++) {
                Range cut = b.get(k);
                if (cut.begin() > cur) {
                    out.add(new Range(cur, cut.begin() - 1));
                }
                if (cut.end() >= r.end()) {
                    done = true;
                    break;
                }
                // NOTE: cut.end() < r.end() here, so cut.end() + 1 cannot overflow.
                cur = Math.max(cur, cut.end() + 1);
            }
            if (!done) {
                out.add(new Range(cur, r.end()));
            }
        }
        return List.copyOf(out);
    }
}
