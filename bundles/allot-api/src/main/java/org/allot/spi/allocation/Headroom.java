package org.allot.spi.allocation;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.allot.api.Resource;
import org.allot.api.Resources;

/**
 * The guarantees' side of one {@link SortingAllocator} pass: what each role still lacks of its
 * guarantee, their sum (the headroom required), and the free unreserved resources cluster-wide
 * (the headroom available). An offer to a role may take its own unmet guarantee plus only the
 * surplus of available over required, so whatever is left free can still meet every other unmet
 * guarantee, including those of roles with no framework yet (Mesos's quota headroom).
 *
 * <p>Worked numbers: cluster {@code cpus:10}, all free; prod is guaranteed {@code cpus:6} and has
 * nothing. Required 6, available 10, surplus 4: a batch framework offered an agent of 8 cpus gets
 * {@code cpus:4}; prod, offered the same agent, may take 6 + 4 = 8.
 *
 * <p>Amounts are in thousandths ({@link Resources#scalarMillis}), per resource name, and only for
 * names that some guarantee names. One pass; the pass's thread only. Package-private: the SPI's
 * behaviour is documented on {@link SortingAllocator}.
 */
final class Headroom {

    private final Map<String, Map<String, Long>> unmet;
    private final Map<String, Long> required = new TreeMap<>();
    private final Map<String, Long> available = new TreeMap<>();

    private Headroom(Map<String, Map<String, Long>> unmet) {
        this.unmet = unmet;
    }

    /** The headroom of this view; null if every guarantee is met (the common case: nothing to do). */
    static Headroom of(AllocationView view) {
        Map<String, Map<String, Long>> unmet = new HashMap<>();
        for (RoleState r : view.allRoles()) {
            Map<String, Long> missing = missing(r.guarantee(), r.allocation());
            if (!missing.isEmpty()) {
                unmet.put(r.name(), missing);
            }
        }
        if (unmet.isEmpty()) {
            return null;
        }
        Headroom h = new Headroom(unmet);
        unmet.values().forEach(m -> m.forEach((name, v) -> h.required.merge(name, v, Long::sum)));
        h.required.keySet().forEach(name -> h.available.put(name, 0L));
        for (AgentState a : view.agents()) {
            Resources free = a.free().unreserved();
            for (Map.Entry<String, Long> e : h.available.entrySet()) {
                e.setValue(e.getValue() + free.scalarMillis(e.getKey()));
            }
        }
        return h;
    }

    /** Per name of {@code guarantee}, what {@code allocation} lacks of it, if anything. */
    static Map<String, Long> missing(Resources guarantee, Resources allocation) {
        Map<String, Long> missing = new TreeMap<>();
        for (String name : guarantee.names()) {
            long lack = guarantee.scalarMillis(name) - allocation.scalarMillis(name);
            if (lack > 0) {
                missing.put(name, lack);
            }
        }
        return missing;
    }

    /** Whether the role's allocation, with this pass's offers, is still below its guarantee. */
    boolean below(String role) {
        return unmet.containsKey(role);
    }

    /**
     * What of {@code mayUse} a framework of {@code role} may be offered: all of it if that leaves
     * enough free for the others' unmet guarantees, else its unreserved scalars cut down to the
     * role's own unmet guarantee plus the surplus; null if nothing scalar is left.
     */
    Resources cap(String role, Resources mayUse) {
        Map<String, Long> own = unmet.getOrDefault(role, Map.of());
        Resources unreserved = mayUse.unreserved();
        boolean fits = true;
        for (String name : required.keySet()) {
            if (unreserved.scalarMillis(name) > limit(name, own)) {
                fits = false;
                break;
            }
        }
        if (fits) {
            return mayUse;
        }
        Resources.Builder b = Resources.builder();
        boolean scalarLeft = false;
        for (Resource e : mayUse.entries()) {
            if (e.type() == Resource.Type.SCALAR && Resource.UNRESERVED.equals(e.role())
                    && required.containsKey(e.name())) {
                long keep = Math.min(e.scalarMillis(), limit(e.name(), own));
                if (keep > 0) {
                    b.add(Resource.scalarMillis(e.name(), Resource.UNRESERVED, keep));
                    scalarLeft = true;
                }
            } else {
                b.add(e);
                scalarLeft |= e.type() == Resource.Type.SCALAR;
            }
        }
        return scalarLeft ? b.build() : null;
    }

    private long limit(String name, Map<String, Long> own) {
        return own.getOrDefault(name, 0L) + Math.max(0, available.get(name) - required.get(name));
    }

    /** An offer to {@code role} was made: it meets part of its guarantee and takes from what is free. */
    void offered(String role, Resources offer) {
        Resources unreserved = offer.unreserved();
        Map<String, Long> own = unmet.get(role);
        for (String name : required.keySet()) {
            long used = unreserved.scalarMillis(name);
            available.merge(name, -used, Long::sum);
            Long lack = own == null ? null : own.get(name);
            if (lack != null) {
                long met = Math.min(used, lack);
                required.merge(name, -met, Long::sum);
                if (lack - met > 0) {
                    own.put(name, lack - met);
                } else {
                    own.remove(name);
                }
            }
        }
        if (own != null && own.isEmpty()) {
            unmet.remove(role);
        }
    }
}
