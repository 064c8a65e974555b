package org.allot.allocator.priority.internal;

import org.allot.allocator.contract.AllocatorContractTest;
import org.allot.spi.allocation.Allocator;

/**
 * The allocator contract suite ({@link AllocatorContractTest}), run against strict priorities. With
 * every role at priority 0 (as in the suite) it decides as DRF does, so the fairness checks hold too.
 */
public class PriorityAllocatorContractTest extends AllocatorContractTest {

    @Override
    protected Allocator newAllocator() {
        return new PriorityAllocator();
    }
}
