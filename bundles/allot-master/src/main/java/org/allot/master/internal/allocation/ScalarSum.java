package org.allot.master.internal.allocation;

import java.util.Arrays;

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

    // NOTE: a handful of entries (cpus, mem, disk, gpus, a reservation or two): parallel arrays
    // searched linearly beat a map of maps.
    private String[] names = new String[4];
    private String[] roles = new String[4];
    /** Thousandths, never zero (zero entries are removed). */
    private long[] values = new long[4];
    private int size;
    private Resources value = Resources.empty();
    private boolean stale;

    /** The sum as a value; built only after a change. */
    Resources get() {
        if (stale) {
            Resources.Builder b = Resources.builder();
            for (int i = 0; i < size; i++) {
                b.add(Resource.scalarMillis(names[i], roles[i], values[i]));
            }
            value = b.build();
            stale = false;
        }
        return value;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds the scalar entries of {@code r} (others are ignored). */
    void add(Resources r) {
        for (Resource e : r.entries()) {
            if (e.type() == Resource.Type.SCALAR && e.scalarMillis() > 0) {
                int i = indexOf(e);
                if (i < 0) {
                    i = append(e);
                }
                values[i] += e.scalarMillis();
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
            int i = indexOf(e);
            if (i >= 0) {
                values[i] -= e.scalarMillis();
                if (values[i] <= 0) {
                    remove(i);
                }
                stale = true;
            }
        }
    }

    private int indexOf(Resource e) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(e.name()) && roles[i].equals(e.role())) {
                return i;
            }
        }
        return -1;
    }

    private int append(Resource e) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            roles = Arrays.copyOf(roles, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = e.name();
        roles[size] = e.role();
        values[size] = 0;
        return size++;
    }

    private void remove(int i) {
        size--;
        names[i] = names[size];
        roles[i] = roles[size];
        values[i] = values[size];
        names[size] = null;
        roles[size] = null;
    }
}
