package org.allot.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One named resource, optionally reserved for a role: a scalar ({@code cpus(prod):2.5}), a list of
 * ranges ({@code ports:[31000-32000]}) or a set ({@code disks:{a,b}}).
 *
 * <p>Most code works with {@link Resources}, the immutable collection of these; {@code Resource} is
 * what a serializer iterates over ({@link Resources#entries()}) and what the builder accepts.
 *
 * <p>Scalars are fixed point with three decimals and are stored as a {@code long} count of
 * thousandths ("millis"), so that {@code 0.1} added ten times is exactly {@code 1}: floating point
 * drift would otherwise make an agent's free resources slowly disagree with its total. A value with
 * more than three decimals is rejected rather than rounded, because a silently rounded request is
 * a request the framework did not make.
 *
 * <p>Ranges are kept sorted, with overlapping or adjacent ranges merged ({@code 1-5,6-10} is
 * {@code 1-10}); sets are kept sorted. A resource may be zero or empty; {@link Resources} drops such
 * entries.
 */
public final class Resource {

    /**
     * The role {@code *}: of unreserved resources (printed without parentheses), and the default
     * role of a framework. The one definition of it; use this constant rather than the literal.
     */
    public static final String UNRESERVED = "*";

    /** The three kinds of resource values, as in Mesos. */
    public enum Type {
        SCALAR, RANGES, SET
    }

    /** Three decimals: values are stored in thousandths. */
    static final int SCALE = 3;

    private final String name;
    private final String role;
    private final Type type;
    private final long millis;
    private final List<Range> ranges;
    private final SortedSet<String> items;

    private Resource(String name, String role, Type type, long millis, List<Range> ranges, SortedSet<String> items) {
        this.name = Names.requireToken("resource name", name);
        this.role = Names.requireRole(role);
        this.type = type;
        this.millis = millis;
        this.ranges = ranges;
        this.items = items;
    }

    /** A value derived from {@code same} by arithmetic: same name, role and type, already validated. */
    private Resource(Resource same, long millis, List<Range> ranges, SortedSet<String> items) {
        this.name = same.name;
        this.role = same.role;
        this.type = same.type;
        this.millis = millis;
        this.ranges = ranges;
        this.items = items;
    }

    /** A scalar in the default role, e.g. {@code scalar("cpus", 0.5)}. */
    public static Resource scalar(String name, double value) {
        return scalar(name, UNRESERVED, value);
    }

    /**
     * A scalar reserved for {@code role}.
     *
     * @throws IllegalArgumentException if the value is negative, NaN, infinite, has more than three
     *                                  decimals (after the shortest decimal rendering of the double)
     *                                  or is too large
     */
    public static Resource scalar(String name, String role, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("invalid scalar " + name + ":" + value
                    + ": the value must be a finite number");
        }
        long millis;
        try {
            millis = toMillis(BigDecimal.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid scalar " + name + ":" + value + ": " + e.getMessage(), e);
        }
        return scalarMillis(name, role, millis);
    }

    /** A scalar given in thousandths, e.g. {@code scalarMillis("cpus", "*", 1500)} is 1.5 cpus. */
    public static Resource scalarMillis(String name, String role, long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("invalid scalar " + name + " of " + millis
                    + " thousandths: resources cannot be negative");
        }
        return new Resource(name, role, Type.SCALAR, millis, List.of(), Collections.emptySortedSet());
    }

    /** Ranges in the default role, e.g. {@code ranges("ports", List.of(new Range(31000, 32000)))}. */
    public static Resource ranges(String name, Collection<Range> ranges) {
        return ranges(name, UNRESERVED, ranges);
    }

    /**
     * Ranges reserved for {@code role}. Adjacent ranges are merged.
     *
     * @throws IllegalArgumentException if two of the given ranges overlap, which in a resource
     *                                  description means the same value was counted twice
     */
    public static Resource ranges(String name, String role, Collection<Range> ranges) {
        List<Range> sorted = sortedCopy(ranges);
        for (int i = 1; i < sorted.size(); i++) {
            Range prev = sorted.get(i - 1);
            Range cur = sorted.get(i);
            if (cur.begin() <= prev.end()) {
                throw new IllegalArgumentException("invalid ranges for " + name + ": " + prev + " and " + cur
                        + " overlap; list every value once");
            }
        }
        return new Resource(name, role, Type.RANGES, 0, merge(sorted), Collections.emptySortedSet());
    }

    /** A set in the default role, e.g. {@code set("disks", List.of("a", "b"))}. */
    public static Resource set(String name, Collection<String> items) {
        return set(name, UNRESERVED, items);
    }

    /**
     * A set reserved for {@code role}.
     *
     * @throws IllegalArgumentException if an item is not a valid token or is given twice
     */
    public static Resource set(String name, String role, Collection<String> items) {
        TreeSet<String> copy = new TreeSet<>();
        for (String item : items) {
            Names.requireToken("item of set " + name, item);
            if (!copy.add(item)) {
                throw new IllegalArgumentException("invalid set " + name + ": item '" + item
                        + "' is given twice; list every item once");
            }
        }
        return new Resource(name, role, Type.SET, 0, List.of(), Collections.unmodifiableSortedSet(copy));
    }

    public String name() {
        return name;
    }

    /** The role the resource is reserved for, {@code *} if unreserved. */
    public String role() {
        return role;
    }

    public Type type() {
        return type;
    }

    /** The scalar value in thousandths; 0 for other types. */
    public long scalarMillis() {
        return millis;
    }

    /** The scalar value; 0 for other types. Exact up to the three stored decimals. */
    public double scalar() {
        return millis / 1000.0;
    }

    /** The sorted, merged ranges; empty for other types. */
    public List<Range> ranges() {
        return ranges;
    }

    /** The sorted items; empty for other types. */
    public SortedSet<String> set() {
        return items;
    }

    /** Whether this resource holds nothing: a zero scalar, no ranges or an empty set. */
    public boolean isEmpty() {
        switch (type) {
            case SCALAR:
                return millis == 0;
            case RANGES:
                return ranges.isEmpty();
            default:
                return items.isEmpty();
        }
    }

    /** The same value reserved for another role. */
    public Resource withRole(String newRole) {
        return new Resource(name, newRole, type, millis, ranges, items);
    }

    // ----- arithmetic on one name and role; Resources guarantees the keys match -----

    /**
     * The union (ranges, sets) or sum (scalars) of two values of the same kind.
     *
     * <p>NOTE: like Mesos, adding overlapping ranges or sets is a union, not an error, so
     * {@code (a + b) - b == a} only holds when a and b share no range value or set item. The
     * parser, on the other hand, rejects overlaps because a description that lists a port twice is
     * a mistake.
     */
    Resource plus(Resource other) {
        requireSameType(other, "add");
        switch (type) {
            case SCALAR:
                long sum;
                try {
                    sum = Math.addExact(millis, other.millis);
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("cannot add " + other + " to " + this + ": the sum is too large");
                }
                return new Resource(this, sum, ranges, items);
            case RANGES:
                List<Range> all = new ArrayList<>(ranges);
                all.addAll(other.ranges);
                all.sort(Comparator.comparingLong(Range::begin));
                return new Resource(this, 0, merge(all), items);
            default:
                TreeSet<String> union = new TreeSet<>(items);
                union.addAll(other.items);
                return new Resource(this, 0, ranges, Collections.unmodifiableSortedSet(union));
        }
    }

    /** This minus {@code other}; the caller has checked {@link #covers}. */
    Resource minus(Resource other) {
        switch (type) {
            case SCALAR:
                return new Resource(this, millis - other.millis, ranges, items);
            case RANGES:
                return new Resource(this, 0, Range.difference(ranges, other.ranges), items);
            default:
                TreeSet<String> rest = new TreeSet<>(items);
                rest.removeAll(other.items);
                return new Resource(this, 0, ranges, Collections.unmodifiableSortedSet(rest));
        }
    }

    /** Whether this holds at least {@code other}: same type and a superset / larger or equal scalar. */
    boolean covers(Resource other) {
        if (type != other.type) {
            return other.isEmpty();
        }
        switch (type) {
            case SCALAR:
                return millis >= other.millis;
            case RANGES:
                return Range.difference(other.ranges, ranges).isEmpty();
            default:
                return items.containsAll(other.items);
        }
    }

    /**
     * What {@code other} has that this lacks, for error messages and {@link Resources#subtractSaturating};
     * {@code other} itself if types differ.
     */
    Resource shortfall(Resource other) {
        if (type != other.type) {
            return other;
        }
        switch (type) {
            case SCALAR:
                return new Resource(this, Math.max(0, other.millis - millis), ranges, items);
            case RANGES:
                return new Resource(this, 0, Range.difference(other.ranges, ranges), items);
            default:
                TreeSet<String> missing = new TreeSet<>(other.items);
                missing.removeAll(items);
                return new Resource(this, 0, ranges, Collections.unmodifiableSortedSet(missing));
        }
    }

    /** Whether a range value or set item is in both; always false for scalars. */
    boolean overlaps(Resource other) {
        return type == other.type && type != Type.SCALAR && !other.isEmpty() && !shortfall(other).equals(other);
    }

    private void requireSameType(Resource other, String op) {
        if (type != other.type) {
            throw new IllegalArgumentException("cannot " + op + " " + other + " and " + this + ": " + name
                    + " is " + describe(other.type) + " in one and " + describe(type)
                    + " in the other; a resource name must have one kind");
        }
    }

    static String describe(Type t) {
        switch (t) {
            case SCALAR:
                return "a scalar";
            case RANGES:
                return "ranges";
            default:
                return "a set";
        }
    }

    // ----- scalar and range helpers shared with the parser -----

    /**
     * Converts a non-negative decimal to thousandths, rejecting more than three decimals. The
     * message of the exception says what is wrong; callers prefix the offending token.
     */
    static long toMillis(BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("resources cannot be negative");
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > SCALE) {
            throw new IllegalArgumentException("at most " + SCALE
                    + " decimals are supported; round the value, e.g. to "
                    + value.setScale(SCALE, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
        }
        try {
            return value.movePointRight(SCALE).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the value is too large (at most "
                    + formatMillis(Long.MAX_VALUE) + ")");
        }
    }

    static String formatMillis(long millis) {
        return BigDecimal.valueOf(millis, SCALE).stripTrailingZeros().toPlainString();
    }

    private static List<Range> sortedCopy(Collection<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            sorted.add(Objects.requireNonNull(r, "range"));
        }
        sorted.sort(Comparator.comparingLong(Range::begin));
        return sorted;
    }

    /** Merges sorted ranges that overlap or touch into an immutable normalized list. */
    private static List<Range> merge(List<Range> sorted) {
        List<Range> out = new ArrayList<>();
        Range cur = null;
        for (Range r : sorted) {
            if (cur == null) {
                cur = r;
            } else if (cur.end() == Long.MAX_VALUE || r.begin() <= cur.end() + 1) {
                cur = new Range(cur.begin(), Math.max(cur.end(), r.end()));
            } else {
                out.add(cur);
                cur = r;
            }
        }
        if (cur != null) {
            out.add(cur);
        }
        return List.copyOf(out);
    }

    // ----- value semantics -----

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Resource)) {
            return false;
        }
        Resource r = (Resource) o;
        return type == r.type && millis == r.millis && name.equals(r.name) && role.equals(r.role)
                && ranges.equals(r.ranges) && items.equals(r.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, role, type, millis, ranges, items);
    }

    /** The canonical text form, e.g. {@code cpus(prod):2.5}, {@code ports:[1-3,7-10]}, {@code disks:{a,b}}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name);
        if (!role.equals(UNRESERVED)) {
            b.append('(').append(role).append(')');
        }
        b.append(':');
        switch (type) {
            case SCALAR:
                b.append(formatMillis(millis));
                break;
            case RANGES:
                b.append('[');
                for (int i = 0; i < ranges.size(); i++) {
                    b.append(i == 0 ? "" : ",").append(ranges.get(i));
                }
                b.append(']');
                break;
            default:
                b.append('{').append(String.join(",", items)).append('}');
        }
        return b.toString();
    }
}
