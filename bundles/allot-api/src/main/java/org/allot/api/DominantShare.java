package org.allot.api;

import java.util.List;

/**
 * The one definition of a dominant share (Ghodsi et al., "Dominant Resource Fairness", NSDI 2011),
 * used by the master's allocation engine, by allocation policies and by the operator views, so that
 * all of them agree on the number.
 *
 * <p>The share of a resource kind is what is allocated of it over the cluster's total of it. The
 * dominant share is the largest of those shares over the scalar kinds {@link #KINDS} ({@code cpus},
 * {@code mem}, {@code disk}, {@code gpus}), each summed over roles (reserved and unreserved alike).
 * Kinds the cluster has none of are ignored, and so are all other resources (ports, sets, custom
 * scalars). The result is clamped to [0, 1]: an allocation larger than the total (an agent shrank
 * under its tasks) counts as the whole cluster. A weighted share divides it by the role's weight.
 *
 * <h2>Worked numbers: the paper's example</h2>
 * The cluster has {@code cpus:9;mem:18432} (9 cpus, 18 GB). Framework A runs tasks of
 * {@code cpus:1;mem:4096}, B tasks of {@code cpus:3;mem:1024}.
 * <ul>
 * <li>A with 3 tasks holds {@code cpus:3;mem:12288}: cpus 3/9 = 0.33, mem 12288/18432 = 0.67;
 *     dominant share 0.67 (memory).</li>
 * <li>B with 2 tasks holds {@code cpus:6;mem:2048}: cpus 6/9 = 0.67, mem 2048/18432 = 0.11;
 *     dominant share 0.67 (cpus).</li>
 * <li>Progressive filling gets there one task at a time, always to the lower share: A 0.22 (mem
 *     4/18), B 0.33 (cpus 3/9), A 0.44, B 0.67, A 0.67; then the 9 cpus are used up.</li>
 * <li>If A's role had weight 2, A's weighted share would be 0.67 / 2 = 0.33.</li>
 * </ul>
 *
 * <h2>Cost</h2>
 * It is on the allocator's hot path (every comparison of a sort may ask for it), so it allocates
 * nothing per call: each {@link Resources} value measures its four sums on first use and keeps them
 * (values are immutable), so asking again for the same allocation and total is a few divisions.
 *
 * <h2>Threading</h2>
 * Stateless; safe from any thread.
 */
public final class DominantShare {

    /** The scalar kinds a dominant share is taken over, summed over roles. */
    public static final List<String> KINDS = List.of("cpus", "mem", "disk", "gpus");

    private DominantShare() {
    }

    /**
     * The dominant share of {@code allocation} in a cluster of {@code total}: the largest of
     * allocated / total over {@link #KINDS} the cluster has, clamped to [0, 1]; 0 if the cluster
     * has none of them. E.g. {@code cpus:3;mem:12288} of {@code cpus:9;mem:18432} is
     * max(0.33, 0.67) = 0.67.
     */
    public static double of(Resources allocation, Resources total) {
        Measure a = allocation.shareMeasure();
        Measure t = total.shareMeasure();
        double share = Math.max(Math.max(ratio(a.cpus(), t.cpus()), ratio(a.mem(), t.mem())),
                Math.max(ratio(a.disk(), t.disk()), ratio(a.gpus(), t.gpus())));
        return Math.min(1.0, share);
    }

    /**
     * {@link #of} divided by {@code weight}: {@code cpus:3;mem:12288} of {@code cpus:9;mem:18432}
     * with weight 2 is 0.67 / 2 = 0.33.
     *
     * @throws IllegalArgumentException if {@code weight} is not a positive finite number
     */
    public static double weighted(Resources allocation, Resources total, double weight) {
        return weighted(of(allocation, total), weight);
    }

    /**
     * A dominant share already computed (e.g. a role's, kept by the master) divided by
     * {@code weight}: 0.67 with weight 2 is 0.33, with weight 0.5 it is 1.33.
     *
     * @throws IllegalArgumentException if {@code share} is not in [0, 1] or {@code weight} is not a
     *                                  positive finite number
     */
    public static double weighted(double share, double weight) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("dominant share " + share
                    + " is not in [0, 1]; compute it with DominantShare.of");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("role weight " + weight
                    + " is not a positive finite number; use a weight > 0 (1 is the default)");
        }
        return share / weight;
    }

    private static double ratio(long allocated, long total) {
        return total > 0 ? (double) allocated / total : 0;
    }

    /** The sums of {@link #KINDS} over roles, in thousandths, as {@link Resources} measures them. */
    record Measure(long cpus, long mem, long disk, long gpus) {
    }
}
