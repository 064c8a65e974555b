package org.allot.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable bag of resources: what an agent has, what an offer holds, what a task asks for.
 *
 * <p>The text form is the Mesos one: {@code cpus:4;mem:4096;disk:10000;ports:[31000-32000];disks:{a,b}},
 * with an optional role in the key ({@code cpus(prod):2}; no role means the default role {@code *}).
 * {@code mem} and {@code disk} are in MB by convention; any other name is allowed.
 * {@link #parse(String)} reads it and {@link #toString()} prints a canonical form (sorted by name
 * then role, scalars with at most three decimals and no trailing zeros, ranges merged and sorted),
 * so {@code parse(r.toString()).equals(r)} for every {@code r}.
 *
 * <p>Scalars are fixed point with three decimals (see {@link Resource}); more precise input is
 * rejected, never rounded. Entries that hold nothing (a zero scalar, no ranges, an empty set)
 * disappear, so {@code cpus:1 - cpus:1} equals {@link #empty()}.
 *
 * <p>Arithmetic works per name and role: {@code cpus(prod)} and {@code cpus} are different entries.
 * Use {@link #scalar(String)} and friends to read a value summed over roles, {@link #role(String)}
 * to keep one role and {@link #flatten()} to ignore reservations.
 *
 * <p>Every error is an {@link IllegalArgumentException} whose message names the offending token or
 * the missing amount.
 */
public final class Resources {

    private static final Resources EMPTY = new Resources(new TreeMap<>());

    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*-\\s*(\\d+)|(\\d+)");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    /** Entries without zero or empty values, sorted by name then role. */
    private final TreeMap<Key, Resource> entries;

    /**
     * The sums {@link DominantShare} reads, measured on its first call; null until then. Derived
     * from {@link #entries}, so it takes no part in equality.
     *
     * <p>NOTE: racy single-check, like {@code String.hashCode}: two threads may both measure and
     * store equal values; the record's final fields make a published value safe to read.
     */
    private DominantShare.Measure shareMeasure;

    private Resources(TreeMap<Key, Resource> entries) {
        this.entries = entries;
    }

    /** No resources; the identity of {@link #add}. */
    public static Resources empty() {
        return EMPTY;
    }

    /** A builder, for code that assembles resources without going through text. */
    public static Builder builder() {
        return new Builder();
    }

    /** The sum of the given resources; same name and role are added (see {@link #add}). */
    public static Resources of(Resource... resources) {
        return of(Arrays.asList(resources));
    }

    /** The sum of the given resources; same name and role are added (see {@link #add}). */
    public static Resources of(Collection<Resource> resources) {
        Builder b = builder();
        resources.forEach(b::add);
        return b.build();
    }

    /**
     * Parses the Mesos text syntax, e.g. {@code cpus:4;mem(prod):4096;ports:[31000-32000,40000-40010];disks:{a,b}}.
     *
     * <p>Whitespace around tokens is ignored and empty segments (a trailing {@code ;}) are skipped;
     * an empty or blank string is {@link #empty()}. The same name and role given twice is added
     * ({@code cpus:1;cpus:2} is {@code cpus:3}) if both are of the same kind; ranges or set items
     * given twice are rejected, as is a name given with two kinds.
     *
     * @throws IllegalArgumentException naming the offending token for malformed input, negative or
     *                                  non-finite scalars, scalars with more than three decimals,
     *                                  reversed ({@code [5-1]}) or overlapping ({@code [1-5,3-8]})
     *                                  ranges, duplicate set items and kind conflicts
     */
    public static Resources parse(String text) {
        Objects.requireNonNull(text, "text");
        TreeMap<Key, Resource> acc = new TreeMap<>();
        Map<Key, String> firstToken = new TreeMap<>();
        for (String segment : text.split(";", -1)) {
            String token = segment.strip();
            if (token.isEmpty()) {
                continue;
            }
            Resource r;
            try {
                r = parseToken(token);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid resource '" + token + "': " + e.getMessage(), e);
            }
            Key key = new Key(r.name(), r.role());
            Resource prev = acc.get(key);
            if (prev == null) {
                acc.put(key, r);
                firstToken.put(key, token);
                continue;
            }
            String earlier = firstToken.get(key);
            if (prev.type() != r.type()) {
                throw new IllegalArgumentException("invalid resource '" + token + "': " + r.name() + " is "
                        + Resource.describe(r.type()) + " here but " + Resource.describe(prev.type())
                        + " in '" + earlier + "'; a resource name must have one kind");
            }
            if (prev.overlaps(r)) {
                throw new IllegalArgumentException("invalid resource '" + token + "': it repeats "
                        + r.minus(prev.shortfall(r)) + " already given in '" + earlier + "'; list every value once");
            }
            acc.put(key, prev.plus(r));
        }
        return create(acc);
    }

    private static Resource parseToken(String token) {
        int colon = token.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected name:value, e.g. cpus:2 or cpus(role):2");
        }
        String key = token.substring(0, colon).strip();
        String value = token.substring(colon + 1).strip();
        String name = key;
        String role = Resource.UNRESERVED;
        int open = key.indexOf('(');
        if (open >= 0) {
            if (!key.endsWith(")")) {
                throw new IllegalArgumentException("a role must be written in parentheses after the name, e.g. cpus(prod):2");
            }
            name = key.substring(0, open).strip();
            role = key.substring(open + 1, key.length() - 1).strip();
        }
        Names.requireToken("resource name", name);
        Names.requireRole(role);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the value is missing");
        }
        char first = value.charAt(0);
        if (first == '[') {
            if (!value.endsWith("]")) {
                throw new IllegalArgumentException("ranges must be closed with ']'");
            }
            return Resource.ranges(name, role, parseRanges(value.substring(1, value.length() - 1)));
        }
        if (first == '{') {
            if (!value.endsWith("}")) {
                throw new IllegalArgumentException("a set must be closed with '}'");
            }
            String inner = value.substring(1, value.length() - 1).strip();
            List<String> items = new ArrayList<>();
            if (!inner.isEmpty()) {
                for (String item : inner.split(",", -1)) {
                    items.add(item.strip());
                }
            }
            return Resource.set(name, role, items);
        }
        return Resource.scalarMillis(name, role, parseScalar(value));
    }

    private static List<Range> parseRanges(String inner) {
        List<Range> ranges = new ArrayList<>();
        if (inner.isBlank()) {
            return ranges;
        }
        for (String part : inner.split(",", -1)) {
            String p = part.strip();
            Matcher m = RANGE.matcher(p);
            if (!m.matches()) {
                throw new IllegalArgumentException("malformed range '" + p
                        + "'; write begin-end with non-negative integers, e.g. [31000-32000]");
            }
            try {
                if (m.group(3) != null) {
                    ranges.add(Range.of(Long.parseLong(m.group(3))));
                } else {
                    ranges.add(new Range(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("range '" + p + "' has a bound larger than " + Long.MAX_VALUE);
            }
        }
        return ranges;
    }

    private static long parseScalar(String value) {
        if (NON_FINITE.matcher(value).matches()) {
            throw new IllegalArgumentException("the value must be a finite number");
        }
        if (value.startsWith("-")) {
            throw new IllegalArgumentException("resources cannot be negative");
        }
        if (!DECIMAL.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value
                    + "' is not a number; scalars are written like 2 or 0.5, ranges like [1-5], sets like {a,b}");
        }
        return Resource.toMillis(new BigDecimal(value));
    }

    /** Builds from a map that may contain empty entries; drops them. */
    private static Resources create(TreeMap<Key, Resource> map) {
        map.values().removeIf(Resource::isEmpty);
        return map.isEmpty() ? EMPTY : new Resources(map);
    }

    // ----- arithmetic -----

    /**
     * The sum: scalars of the same name and role are added, ranges and sets are united.
     *
     * <p>NOTE: as in Mesos, ranges and sets are united rather than rejected when they overlap, so
     * {@code a.add(b).subtract(b).equals(a)} holds only when {@code a} and {@code b} share no port
     * or set item. Resources split off one agent never do.
     *
     * @throws IllegalArgumentException if a name and role is a scalar on one side and ranges or a
     *                                  set on the other
     */
    public Resources add(Resources other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        TreeMap<Key, Resource> sum = new TreeMap<>(entries);
        other.entries.forEach((k, v) -> sum.merge(k, v, Resource::plus));
        return create(sum);
    }

    /**
     * The difference; {@code other} must be contained in this.
     *
     * @throws IllegalArgumentException if {@code other} is not {@link #contains contained}; the
     *                                  message says what is missing, e.g.
     *                                  {@code cannot subtract cpus:4 from cpus:2: missing cpus:2}
     */
    public Resources subtract(Resources other) {
        if (other.isEmpty()) {
            return this;
        }
        TreeMap<Key, Resource> missing = new TreeMap<>();
        TreeMap<Key, Resource> rest = new TreeMap<>(entries);
        other.entries.forEach((k, v) -> {
            Resource have = entries.get(k);
            if (have == null) {
                missing.put(k, v);
            } else if (!have.covers(v)) {
                missing.put(k, have.shortfall(v));
            } else {
                rest.put(k, have.minus(v));
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("cannot subtract " + describe(other) + " from " + describe(this)
                    + ": missing " + create(missing));
        }
        return create(rest);
    }

    /**
     * The difference without a precondition: what {@code other} lacks counts as zero, and each entry
     * keeps what {@code other} does not cover, per name and role. Scalars stop at zero, ranges and
     * sets lose the values {@code other} has; an entry of another kind in {@code other} takes
     * nothing away. E.g. {@code cpus:2;mem:512;ports:[1-10]} minus {@code cpus:3;ports:[4-6];disk:5}
     * is {@code mem:512;ports:[1-3,7-10]}. Never throws.
     */
    public Resources subtractSaturating(Resources other) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        TreeMap<Key, Resource> rest = new TreeMap<>(entries);
        other.entries.forEach((k, v) -> rest.computeIfPresent(k, (key, have) -> v.shortfall(have)));
        return create(rest);
    }

    /**
     * The sum of every element, as {@link #add} does it; {@link #empty()} for none.
     *
     * @throws IllegalArgumentException as {@link #add}, if a name and role has two kinds
     */
    public static Resources sum(Collection<Resources> all) {
        TreeMap<Key, Resource> total = new TreeMap<>();
        for (Resources r : all) {
            r.entries.forEach((k, v) -> total.merge(k, v, Resource::plus));
        }
        return create(total);
    }

    /** Whether every entry of {@code other} is here with at least its value, same name, role and kind. */
    public boolean contains(Resources other) {
        if (this == other) {
            return true;
        }
        for (Map.Entry<Key, Resource> e : other.entries.entrySet()) {
            Resource have = entries.get(e.getKey());
            if (have == null || !have.covers(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    // ----- queries -----

    /** The value of scalar {@code name} summed over all roles; 0 if absent or not a scalar. */
    public double scalar(String name) {
        return scalarMillis(name) / 1000.0;
    }

    /**
     * The value of scalar {@code name} summed over all roles, in thousandths; 0 if absent or not a
     * scalar. Exact, unlike {@link #scalar(String)}; use it for comparisons and shares.
     */
    public long scalarMillis(String name) {
        Objects.requireNonNull(name, "name");
        // NOTE: walks the sorted map in place (no sub-map view, no list): allocators call this for
        // every share they compute, thousands of times per pass.
        long sum = 0;
        for (Map.Entry<Key, Resource> e = entries.ceilingEntry(new Key(name, "")); e != null
                && e.getKey().name.equals(name); e = entries.higherEntry(e.getKey())) {
            Resource r = e.getValue();
            if (r.type() == Resource.Type.SCALAR) {
                sum = Math.addExact(sum, r.scalarMillis());
            }
        }
        return sum;
    }

    /** The ranges of {@code name} united over all roles, sorted and merged; empty if absent. */
    public List<Range> ranges(String name) {
        Resource union = null;
        for (Resource r : byName(name)) {
            if (r.type() == Resource.Type.RANGES) {
                union = union == null ? r.withRole(Resource.UNRESERVED) : union.plus(r.withRole(Resource.UNRESERVED));
            }
        }
        return union == null ? List.of() : union.ranges();
    }

    /** The items of set {@code name} united over all roles; empty if absent. */
    public SortedSet<String> set(String name) {
        TreeSet<String> union = new TreeSet<>();
        for (Resource r : byName(name)) {
            union.addAll(r.set());
        }
        return Collections.unmodifiableSortedSet(union);
    }

    /** The resource names present, sorted. */
    public SortedSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        entries.keySet().forEach(k -> names.add(k.name));
        return Collections.unmodifiableSortedSet(names);
    }

    /** The roles present, sorted; {@code *} for unreserved resources. */
    public SortedSet<String> roles() {
        TreeSet<String> roles = new TreeSet<>();
        entries.keySet().forEach(k -> roles.add(k.role));
        return Collections.unmodifiableSortedSet(roles);
    }

    /** Every entry, sorted by name then role; none is empty. This is what a serializer walks. */
    public List<Resource> entries() {
        return List.copyOf(entries.values());
    }

    /**
     * The scalar sums over all roles of {@link DominantShare#KINDS}, measured once per value so that
     * repeated dominant shares of the same resources allocate nothing.
     */
    DominantShare.Measure shareMeasure() {
        DominantShare.Measure m = shareMeasure;
        if (m == null) {
            m = new DominantShare.Measure(scalarMillis("cpus"), scalarMillis("mem"), scalarMillis("disk"),
                    scalarMillis("gpus"));
            shareMeasure = m;
        }
        return m;
    }

    /** Only the entries reserved for {@code role} ({@code *} for the unreserved ones). */
    public Resources role(String role) {
        Names.requireRole(role);
        boolean all = true;
        for (Key k : entries.keySet()) {
            if (!k.role.equals(role)) {
                all = false;
                break;
            }
        }
        if (all) {
            return this; // NOTE: the common case (nothing reserved): no copy, and identity checks stay cheap
        }
        TreeMap<Key, Resource> kept = new TreeMap<>();
        entries.forEach((k, v) -> {
            if (k.role.equals(role)) {
                kept.put(k, v);
            }
        });
        return create(kept);
    }

    /** Only the unreserved entries, those of role {@code *}. */
    public Resources unreserved() {
        return role(Resource.UNRESERVED);
    }

    /**
     * Every entry moved to the default role, summed per name: {@code cpus(a):1;cpus:2} flattens to
     * {@code cpus:3}. Useful to compare with totals that ignore reservations.
     *
     * @throws IllegalArgumentException if a name is a scalar in one role and ranges or a set in another
     */
    public Resources flatten() {
        TreeMap<Key, Resource> flat = new TreeMap<>();
        entries.forEach((k, v) -> flat.merge(new Key(k.name, Resource.UNRESERVED), v.withRole(Resource.UNRESERVED),
                Resource::plus));
        return create(flat);
    }

    /** The entries named {@code name}, one per role, sorted by role. */
    private List<Resource> byName(String name) {
        Objects.requireNonNull(name, "name");
        List<Resource> found = new ArrayList<>(2);
        for (Map.Entry<Key, Resource> e = entries.ceilingEntry(new Key(name, "")); e != null
                && e.getKey().name.equals(name); e = entries.higherEntry(e.getKey())) {
            found.add(e.getValue());
        }
        return found;
    }

    private static String describe(Resources r) {
        return r.isEmpty() ? "no resources" : r.toString();
    }

    // ----- value semantics -----

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Resources && entries.equals(((Resources) o).entries));
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /**
     * The canonical text form, e.g. {@code cpus:2.5;cpus(prod):1;mem:1024;ports:[31000-32000]};
     * the empty string for no resources. {@link #parse} reads it back to an equal value.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Resource r : entries.values()) {
            if (b.length() > 0) {
                b.append(';');
            }
            b.append(r);
        }
        return b.toString();
    }

    /** Name then role; the map key of an entry. */
    private static final class Key implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.<Key, String>comparing(k -> k.name)
                .thenComparing(k -> k.role);

        final String name;
        final String role;

        Key(String name, String role) {
            this.name = name;
            this.role = role;
        }

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && name.equals(((Key) o).name) && role.equals(((Key) o).role);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + role.hashCode();
        }
    }

    /**
     * Assembles resources entry by entry, adding entries with the same name and role like
     * {@link Resources#add}. Not thread-safe; the built value is immutable.
     */
    public static final class Builder {
        private final TreeMap<Key, Resource> entries = new TreeMap<>();

        private Builder() {
        }

        /** Adds one entry. */
        public Builder add(Resource resource) {
            entries.merge(new Key(resource.name(), resource.role()), resource, Resource::plus);
            return this;
        }

        /** Adds every entry of {@code resources}. */
        public Builder add(Resources resources) {
            resources.entries.values().forEach(this::add);
            return this;
        }

        /** Adds an unreserved scalar, e.g. {@code scalar("cpus", 0.5)}. */
        public Builder scalar(String name, double value) {
            return add(Resource.scalar(name, value));
        }

        /** Adds a scalar reserved for {@code role}. */
        public Builder scalar(String name, String role, double value) {
            return add(Resource.scalar(name, role, value));
        }

        /** Adds an unreserved range, e.g. {@code range("ports", 31000, 32000)}. */
        public Builder range(String name, long begin, long end) {
            return add(Resource.ranges(name, List.of(new Range(begin, end))));
        }

        /** Adds a range reserved for {@code role}. */
        public Builder range(String name, String role, long begin, long end) {
            return add(Resource.ranges(name, role, List.of(new Range(begin, end))));
        }

        /** Adds unreserved set items, e.g. {@code set("disks", "a", "b")}. */
        public Builder set(String name, String... items) {
            return add(Resource.set(name, Arrays.asList(items)));
        }

        /** Adds set items reserved for {@code role}. */
        public Builder setInRole(String name, String role, String... items) {
            return add(Resource.set(name, role, Arrays.asList(items)));
        }

        public Resources build() {
            return create(new TreeMap<>(entries));
        }
    }
}
