package org.allot.master.internal.allocation;

import java.util.Map;
import java.util.TreeMap;

import org.allot.api.Resource;
import org.allot.api.Resources;

/**
 * Checks of the guarantees an operator sets: each holds only unreserved scalars, and all of them
 * together fit in the cluster. Pure functions; messages name the value and what to do.
 */
final class Guarantees {

    private Guarantees() {
    }

    /**
     * Refuses a guarantee that is malformed or that, with every other role's, would add up to more
     * than the cluster has of some resource. An empty guarantee (a removal) is always accepted.
     *
     * @throws IllegalArgumentException naming the resource, the sum and the total, e.g.
     *                                  {@code guarantee cpus:8 for role prod refused: the guarantees would add up to
     *                                  cpus:40 but the cluster has cpus:32; lower a guarantee or add agents}
     */
    static void check(String role, Resources guarantee, Map<String, Resources> current, Resources clusterTotal) {
        checkForm(role, guarantee);
        if (guarantee.isEmpty()) {
            return;
        }
        Map<String, Resources> next = new TreeMap<>(current);
        next.put(role, guarantee);
        String beyond = beyondCluster(next, clusterTotal);
        if (beyond != null) {
            throw new IllegalArgumentException("guarantee " + guarantee + " for role " + role + " refused: " + beyond);
        }
    }

    /** Refuses a malformed guarantee: a bad role name, reserved or non-scalar resources. */
    static void checkForm(String role, Resources guarantee) {
        checkRole(role);
        if (guarantee == null) {
            throw new IllegalArgumentException("no guarantee given for role " + role
                    + "; give resources such as cpus:8;mem:16384, or remove the guarantee");
        }
        for (Resource r : guarantee.entries()) {
            if (r.type() != Resource.Type.SCALAR) {
                throw new IllegalArgumentException("guarantee " + guarantee + " for role " + role + " holds " + r.name()
                        + ", which is not a scalar; guarantee only scalars such as cpus, mem, disk and gpus");
            }
            if (!Resource.UNRESERVED.equals(r.role())) {
                throw new IllegalArgumentException("guarantee " + guarantee + " for role " + role + " holds " + r
                        + ", reserved for role " + r.role() + "; a guarantee is of unreserved resources: drop the (role)");
            }
        }
    }

    /** Checks a role name an operator gives; any thread. */
    static void checkRole(String role) {
        if (role == null || role.isBlank() || role.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid role '" + role + "': give a role name without whitespace");
        }
    }

    /**
     * Why the guarantees do not fit in the cluster, naming the first resource that does not; null
     * if they fit. Compares every scalar summed over roles (reserved resources count in the total).
     */
    static String beyondCluster(Map<String, Resources> guarantees, Resources clusterTotal) {
        Resources sum = Resources.sum(guarantees.values());
        for (String name : sum.names()) {
            long want = sum.scalarMillis(name);
            long have = clusterTotal.scalarMillis(name);
            if (want > have) {
                return "the guarantees would add up to " + name + ":" + format(want) + " but the cluster has "
                        + (have == 0 ? "no " + name : name + ":" + format(have))
                        + "; lower a guarantee or add agents";
            }
        }
        return null;
    }

    private static String format(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
    }
}
