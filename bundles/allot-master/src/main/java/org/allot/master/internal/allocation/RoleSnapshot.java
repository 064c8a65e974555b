package org.allot.master.internal.allocation;

import java.util.Objects;

import org.allot.api.Resources;

/**
 * One role as the operator sees it (for {@code allot:role-list}): a copy, safe on any thread.
 *
 * @param name          the role
 * @param weight        its DRF weight (1 unless set)
 * @param priority      its strict priority (0 unless set; higher is offered first)
 * @param guarantee     its guaranteed minimum; empty if none
 * @param allocation    what its frameworks use and hold in offers (scalars)
 * @param dominantShare {@link org.allot.api.DominantShare} of the allocation in the cluster total
 * @param frameworks    how many registered frameworks it has, eligible or not
 */
public record RoleSnapshot(String name, double weight, int priority, Resources guarantee, Resources allocation,
                           double dominantShare, int frameworks) {

    public RoleSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(allocation, "allocation");
    }
}
