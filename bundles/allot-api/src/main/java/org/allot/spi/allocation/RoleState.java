package org.allot.spi.allocation;

import java.util.Collection;

import org.allot.api.Resources;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One role as an {@link AllocationView} shows it: with at least one eligible framework in
 * {@link AllocationView#roles()}, or any role with a framework or a guarantee in
 * {@link AllocationView#allRoles()}. Read-only; valid only during the {@link Allocator#allocate}
 * call that got it; on the master's event-loop thread.
 */
@ProviderType
public interface RoleState {

    String name();

    /** The operator's weight for the role; 1 unless set. Always finite and positive. */
    double weight();

    /**
     * The operator's priority for the role; 0 unless set. Higher goes first in a strict-priority
     * policy; DRF ignores it.
     *
     * @since 1.1.0
     */
    default int priority() {
        return 0;
    }

    /**
     * The role's guaranteed minimum allocation (Mesos's quota), unreserved scalars only, e.g.
     * {@code cpus:8;mem:16384}; empty if it has none. A policy holds back free resources to meet
     * the unmet part of every guarantee and never revokes a task of a role whose allocation is at or
     * below its guarantee. The master refuses guarantees that add up to more than the cluster.
     *
     * @since 1.1.0
     */
    default Resources guarantee() {
        return Resources.empty();
    }

    /** The sum of the allocations of all its frameworks, eligible or not (see {@link FrameworkState#allocation()}). */
    Resources allocation();

    /** How many offers its frameworks have been made so far. */
    long allocationCount();

    /** {@link org.allot.api.DominantShare#of} of its allocation in the cluster total. */
    double dominantShare();

    /** {@code dominantShare() / weight()}: what DRF sorts roles by. */
    default double weightedShare() {
        return dominantShare() / weight();
    }

    /** Its eligible frameworks (active, not suppressed), by id. */
    Collection<? extends FrameworkState> frameworks();
}
