package org.allot.api.operator;

import java.util.Objects;
import java.util.Optional;

import org.allot.api.Resources;

/**
 * A snapshot of one role as the allocator sees it: a role the operator configured (weight,
 * priority or guarantee) or one a framework subscribed with.
 *
 * @param name          the role, e.g. {@code prod}; {@code *} is the default role
 * @param weight        its weight (default 1): weight 2 is entitled to twice the share of weight 1
 * @param priority      its priority (default 0) for strict-priority allocators: higher is offered first
 * @param guarantee     the minimum it is guaranteed, if any (Mesos's quota)
 * @param allocation    what its frameworks use plus what they are offered
 * @param dominantShare the largest share of any cluster resource its allocation has, 0..1
 * @param frameworks    how many frameworks have this role
 */
public record RoleView(String name, double weight, int priority, Optional<Resources> guarantee, Resources allocation,
                       double dominantShare, int frameworks) {

    public RoleView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(allocation, "allocation");
        if (!Double.isFinite(weight) || weight <= 0) {
            throw new IllegalArgumentException("invalid weight " + weight + " for role " + name
                    + ": it must be finite and positive");
        }
        if (!(dominantShare >= 0) || Double.isInfinite(dominantShare)) {
            throw new IllegalArgumentException("invalid dominant share " + dominantShare + " for role " + name
                    + ": it must be finite and non-negative");
        }
        if (frameworks < 0) {
            throw new IllegalArgumentException("invalid framework count " + frameworks + " for role " + name);
        }
    }
}
