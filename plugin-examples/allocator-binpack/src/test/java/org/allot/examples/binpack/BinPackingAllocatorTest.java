package org.allot.examples.binpack;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.time.Duration;

import org.allot.allocator.contract.SimulatedCluster;
import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.api.Resources;
import org.allot.spi.allocation.Allocator;
import org.junit.Test;

/**
 * The packing itself, beside DRF on the same cluster: three agents of {@code cpus:4}, a framework
 * that launches what fits of six 1-cpu tasks and declines the rest for 5 s, as schedulers do.
 */
public class BinPackingAllocatorTest {

    private static final Resources EMPTY_AGENT = Resources.parse("cpus:4;mem:4096");

    private static SimulatedCluster cluster(Allocator allocator) {
        return new SimulatedCluster(allocator)
                .agent("a-1", "cpus:4;mem:4096").agent("a-2", "cpus:4;mem:4096").agent("a-3", "cpus:4;mem:4096")
                .framework("f-1", "*", "cpus:1;mem:512").demand("f-1", 6).refuse("f-1", Duration.ofSeconds(5));
    }

    @Test
    public void tasksFillTheAgentsInUseBeforeAnEmptyOne() {
        SimulatedCluster packed = cluster(new BinPackingAllocator());
        assertEquals(6, packed.settle());
        assertEquals("a-1 is full", Resources.parse("mem:2048"), packed.free("a-1"));
        assertEquals("a-2 has the other two", Resources.parse("cpus:2;mem:3072"), packed.free("a-2"));
        assertEquals("a-3 is untouched", EMPTY_AGENT, packed.free("a-3"));
    }

    @Test
    public void withOneTaskPerOfferDrfSpreadsWhereBinPackingPacks() {
        SimulatedCluster spread = cluster(new DrfAllocator()).tasksPerOffer("f-1", 1).refuse("f-1", Duration.ZERO);
        SimulatedCluster packed = cluster(new BinPackingAllocator()).tasksPerOffer("f-1", 1)
                .refuse("f-1", Duration.ZERO);
        spread.round();
        packed.round();
        assertNotEquals("DRF offered every agent: a task on each", EMPTY_AGENT, spread.free("a-3"));
        assertEquals("bin-packing opened one agent", EMPTY_AGENT, packed.free("a-2"));
        assertEquals(EMPTY_AGENT, packed.free("a-3"));
        packed.runUntilStable(10);
        assertEquals("then it filled it", Resources.parse("mem:2048"), packed.free("a-1"));
    }
}
