package org.allot.examples.binpack;

import org.allot.allocator.contract.AllocatorContractTest;
import org.allot.spi.allocation.Allocator;

/** The allocator contract suite ({@link AllocatorContractTest}), run against the bin-packing drop-in. */
public class BinPackingAllocatorContractTest extends AllocatorContractTest {

    @Override
    protected Allocator newAllocator() {
        return new BinPackingAllocator();
    }
}
