package org.allot.master.internal.allocation;

import java.util.HashMap;
import java.util.Map;

import org.allot.api.Resource;
import org.allot.api.Resources;

/**
 * A running sum of scalar resources (per name and role, in thousandths), for the cluster-wide
 * books of frameworks and roles: adding or taking an offer costs a few hash lookups instead of
 * copying a {@link Resources} value, and the value is built again only when read after a change.
 * Subtraction saturates at zero, as {@link Resources#subtractSaturating} does. Only scalars:
 * ranges and sets of different agents do not add up (see {@link ResourceMath#scalars}). Event loop only.
 *
 * <p>NOTE: an allocation pass books one offer per agent, each changing one framework's and one
 * role's sum; with {@code Resources} values each was three map copies, the largest single cost of
 * a pass over 10,000 agents.
 */
final class ScalarSum {

    /** By role, then by name: thousandths, never zero (zero entries are removed). */
    private final Map<String, Map<String, long[]>> byRole = new HashMap<>(2);
    private Resources value = Resources.empty();
    private boolean stale;

    /** The sum as a value; built only after a change. */
    Resources get() {
        if (stale) {
            Resources.Builder b = Resources.builder();
            byRole.forEach((role, names) -> names.forEach((name, v) -> b.add(Resource.scalarMillis(name, role, v[0]))));
            value = b.build();
            stale = false;
        }
        return value;
    }

    boolean isEmpty() {
        return byRole.isEmpty();
    }

    /** Adds the scalar entries of {@code r} (others are ignored). */
    void add(Resources r) {
        for (Resource e : r.entries()) {
            if (e.type() == Resource.Type.SCALAR && e.scalarMillis() > 0) {
                byRole.computeIfAbsent(e.role(), k -> new HashMap<>(4))
                        .computeIfAbsent(e.name(), k -> new long[1])[0] += e.scalarMillis();
                stale = true;
            }
        }
    }

    /** Takes away the scalar entries of {@code r}, stopping at zero per name and role. */
    void subtractSaturating(Resources r) {
        for (Resource e : r.entries()) {
            if (e.type() != Resource.Type.SCALAR) {
                continue;
            }
            Map<String, long[]> names = byRole.get(e.role());
            long[] v = names == null ? null : names.get(e.name());
            if (v != null) {
                v[0] -= e.scalarMillis();
                if (v[0] <= 0) {
                    names.remove(e.name());
                    if (names.isEmpty()) {
                        byRole.remove(e.role());
                    }
                }
                stale = true;
            }
        }
    }

}
