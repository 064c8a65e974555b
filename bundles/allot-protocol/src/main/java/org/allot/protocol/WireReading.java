package org.allot.protocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.allot.api.Attributes;
import org.allot.api.Names;
import org.allot.api.Range;
import org.allot.api.Resource;
import org.allot.api.Resources;

/**
 * The reading half of {@link Wire} that the other readers share: resource and attribute lists,
 * ids, texts and API values, each checked with the field path it came from, e.g.
 * {@code AgentInfo.resources[1].scalar_millis is -5 for 'cpus': resources cannot be negative}.
 * Stateless; any thread.
 */
final class WireReading {

    private WireReading() {
    }
    static Resources resources(String path, List<org.allot.protocol.proto.Resource> resources) {
        List<Resource> out = new ArrayList<>(resources.size());
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < resources.size(); i++) {
            String at = path + "[" + i + "]";
            Resource r = resource(at, resources.get(i));
            String key = r.name() + "(" + r.role() + ")";
            Integer first = seen.putIfAbsent(key, i);
            if (first != null) {
                throw new IllegalArgumentException(at + " repeats " + key + " already given at index " + first
                        + "; give each name and role once");
            }
            out.add(r);
        }
        return Resources.of(out);
    }

    static Resource resource(String path, org.allot.protocol.proto.Resource r) {
        String name = r.getName();
        if (name.isEmpty()) {
            throw new IllegalArgumentException(path + ".name is empty");
        }
        String role = r.getRole().isEmpty() ? Resource.UNRESERVED : r.getRole();
        switch (r.getValueCase()) {
            case SCALAR_MILLIS: {
                long millis = r.getScalarMillis();
                if (millis < 0) {
                    throw new IllegalArgumentException(path + ".scalar_millis is " + millis + " for '"
                            + Names.printable(name) + "': resources cannot be negative");
                }
                return api(path, () -> Resource.scalarMillis(name, role, millis));
            }
            case RANGES: {
                List<Range> ranges = new ArrayList<>();
                List<org.allot.protocol.proto.Resource.Range> wire = r.getRanges().getRangeList();
                for (int i = 0; i < wire.size(); i++) {
                    ranges.add(range(path + ".ranges[" + i + "]", name, wire.get(i)));
                }
                return api(path, () -> Resource.ranges(name, role, ranges));
            }
            case SET:
                return api(path, () -> Resource.set(name, role, r.getSet().getItemList()));
            case VALUE_NOT_SET:
            default:
                throw new IllegalArgumentException(path + ".value is not set for '" + Names.printable(name)
                        + "': give scalar_millis, ranges or set");
        }
    }

    static Range range(String path, String name, org.allot.protocol.proto.Resource.Range r) {
        // uint64 arrives as a signed long: anything above Long.MAX_VALUE reads as negative.
        long begin = r.getBegin();
        long end = r.getEnd();
        String shown = Long.toUnsignedString(begin) + "-" + Long.toUnsignedString(end);
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException(path + " " + shown + " for '" + Names.printable(name)
                    + "' has a bound above " + Long.MAX_VALUE);
        }
        if (end < begin) {
            throw new IllegalArgumentException(path + " " + shown + " for '" + Names.printable(name)
                    + "' is reversed: begin must be <= end");
        }
        return new Range(begin, end);
    }

    static Attributes attributes(String path, List<org.allot.protocol.proto.Attribute> attributes) {
        TreeMap<String, String> values = new TreeMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            String at = path + "[" + i + "]";
            org.allot.protocol.proto.Attribute a = attributes.get(i);
            String name = a.getName();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(at + ".name is empty");
            }
            String value;
            switch (a.getValueCase()) {
                case TEXT:
                    value = a.getText();
                    break;
                case SCALAR_MILLIS:
                    value = BigDecimal.valueOf(a.getScalarMillis(), 3).stripTrailingZeros().toPlainString();
                    break;
                case RANGES: {
                    StringBuilder b = new StringBuilder("[");
                    List<org.allot.protocol.proto.Resource.Range> wire = a.getRanges().getRangeList();
                    for (int j = 0; j < wire.size(); j++) {
                        b.append(j == 0 ? "" : ",").append(range(at + ".ranges[" + j + "]", name, wire.get(j)));
                    }
                    value = b.append(']').toString();
                    break;
                }
                case VALUE_NOT_SET:
                default:
                    throw new IllegalArgumentException(at + ".value is not set for '" + Names.printable(name)
                            + "': give text, scalar_millis or ranges");
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException(at + " repeats the name '" + Names.printable(name)
                        + "'; give each attribute once");
            }
        }
        return api(path, () -> Attributes.of(values));
    }

    static <T> T requiredId(String path, String value, Function<String, T> ctor) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(path + " is empty");
        }
        try {
            return ctor.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + " '" + Names.printable(value) + "' is invalid: " + e.getMessage(), e);
        }
    }

    static <T> Optional<T> optionalId(String path, String value, Function<String, T> ctor) {
        return value.isEmpty() ? Optional.empty() : Optional.of(requiredId(path, value, ctor));
    }

    static String text(String path, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(path + " is empty");
        }
        return value;
    }

    /** Builds an API value, prefixing the API's own validation message with the field path. */
    static <T> T api(String path, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + " is invalid: " + e.getMessage(), e);
        }
    }
}
