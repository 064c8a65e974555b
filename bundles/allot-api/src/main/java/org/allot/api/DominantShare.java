package org.allot.api;

import java.util.List;

/**
 * THE definition of a dominant share, used by the master's allocation engine, by policies such as
 * DRF and by the operator views, so that all of them report the same number.
 *
 * <p>A share of one kind is what is allocated of it over the cluster's total of it; the dominant
 * share is the largest of these over the scalar kinds {@link #KINDS} ({@code cpus}, {@code mem},
 * {@code disk}, {@code gpus}), each summed over roles. Kinds the cluster has none of are ignored,
 * and the result is clamped to [0, 1] (an agent that re-registers with more in use than its total
 * must not push a share above 1). {@link #weighted} divides by the role's weight.
 *
 * <p>Worked numbers, the DRF paper's example (Ghodsi et al., NSDI 2011): the cluster has 9 cpus and
 * 18 GB ({@code mem:18432}). Framework A runs tasks of {@code cpus:1;mem:4096}, B tasks of
 * {@code cpus:3;mem:1024}. With 3 tasks A holds 3/9 = 0.33 of the cpus and 12288/18432 = 0.67 of the
 * memory: dominant share 0.67. With 2 tasks B holds 6/9 = 0.67 of the cpus and 2048/18432 = 0.11 of
 * the memory: dominant share 0.67. If A's role has weight 2, A's weighted share is 0.67 / 2 = 0.33.
 *
 * <p>Pure functions; thread-safe.
 */
public final class DominantShare {

    /** The scalar kinds a dominant share is taken over. */
    public static final List<String> KINDS = List.of("cpus", "mem", "disk", "gpus");

    private DominantShare() {
    }

    /**
     * The dominant share of {@code allocation} in a cluster of {@code total}; 0 for an empty
     * allocation or a cluster without any of the {@link #KINDS}.
     */
    public static double of(Resources allocation, Resources total) {
        double share = 0;
        for (String kind : KINDS) {
            long all = total.scalarMillis(kind);
            if (all > 0) {
                share = Math.max(share, (double) allocation.scalarMillis(kind) / all);
            }
        }
        return Math.min(1.0, share);
    }

    /**
     * The dominant share divided by the role's weight: with weight 2, a share of 0.67 sorts as 0.33.
     *
     * @throws IllegalArgumentException if {@code weight} is not finite and positive
     */
    public static double weighted(Resources allocation, Resources total, double weight) {
        return weighted(of(allocation, total), weight);
    }

    /**
     * {@code share / weight}.
     *
     * @throws IllegalArgumentException if {@code weight} is not finite and positive
     */
    public static double weighted(double share, double weight) {
        if (!Double.isFinite(weight) || weight <= 0) {
            throw new IllegalArgumentException("role weight " + weight + " is invalid: it must be finite and positive");
        }
        return share / weight;
    }
}
