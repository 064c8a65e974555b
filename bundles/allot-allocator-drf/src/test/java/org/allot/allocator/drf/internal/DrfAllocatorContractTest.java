package org.allot.allocator.drf.internal;

import org.allot.allocator.contract.AllocatorContractTest;
import org.allot.spi.allocation.Allocator;

/** The allocator contract suite ({@link AllocatorContractTest}), run against DRF. */
public class DrfAllocatorContractTest extends AllocatorContractTest {

    @Override
    protected Allocator newAllocator() {
        return new DrfAllocator();
    }
}
