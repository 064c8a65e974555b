package org.allot.spi.allocation;

import java.util.Collection;

import org.allot.api.Resources;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One role with at least one eligible framework, as an {@link AllocationView} shows it. Read-only;
 * valid only during the {@link Allocator#allocate} call that got it; on the master's event-loop thread.
 */
@ProviderType
public interface RoleState {

    String name();

    /** The operator's weight for the role; 1 unless set. Always finite and positive. */
    double weight();

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
