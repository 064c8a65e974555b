package org.allot.spi.allocation;

import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One registered framework as an {@link AllocationView} shows it. Read-only; valid only during
 * the {@link Allocator#allocate} call that got it; on the master's event-loop thread.
 */
@ProviderType
public interface FrameworkState {

    FrameworkId id();

    FrameworkInfo info();

    /** The role it is offered resources for: {@code info().role()}. */
    default String role() {
        return info().role();
    }

    /** Whether its scheduler is connected. */
    boolean active();

    /** Whether it asked for no offers (until it revives). */
    boolean suppressed();

    /** Whether it may be offered now: active and not suppressed. */
    default boolean eligible() {
        return active() && !suppressed();
    }

    /**
     * What it uses plus what it holds in outstanding offers, cluster-wide. The master may keep only
     * the scalars here: ranges and sets of different agents do not add up (use {@link AgentState}
     * for those).
     */
    Resources allocation();

    /** How many offers it has been made so far; Mesos's sorters break share ties with it (fewest first). */
    long allocationCount();

    /** {@link org.allot.api.DominantShare#of} of its allocation in the cluster total. */
    double dominantShare();
}
