package org.allot.spi.allocation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.junit.Test;

public class AllocationTypesTest {

    private static final Allocation OFFER = new Allocation(FrameworkId.of("f-1"), AgentId.of("a-1"),
            Resources.parse("cpus:1"));

    @Test
    public void allocationMustHoldSomething() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Allocation(FrameworkId.of("f-1"), AgentId.of("a-1"), Resources.empty()));
        assertTrue(e.getMessage(), e.getMessage().contains("a-1") && e.getMessage().contains("f-1"));
    }

    @Test
    public void planCopiesItsLists() {
        List<Allocation> offers = new ArrayList<>(List.of(OFFER));
        Plan plan = new Plan(offers, List.of());
        offers.clear();
        assertEquals(List.of(OFFER), plan.offers());
        assertTrue(Plan.EMPTY.isEmpty());
        assertSame(Plan.EMPTY, Plan.of(List.of()));
    }

    @Test
    public void revocationNeedsAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Revocation(FrameworkId.of("f-1"), AgentId.of("a-1"), TaskId.of("t-1"), " "));
        assertTrue(e.getMessage(), e.getMessage().contains("t-1") && e.getMessage().contains("f-1"));
    }

    /** Only the name and the decision are mandatory; reset, pause and resume have defaults. */
    @Test
    public void minimalAllocatorNeedsNoOptionalMethods() {
        Allocator minimal = new Allocator() {
            public String name() {
                return "minimal";
            }

            public Plan allocate(AllocationView view) {
                return Plan.EMPTY;
            }
        };
        minimal.reset();
        minimal.pause();
        minimal.resume();
        assertSame(Plan.EMPTY, minimal.allocate(null));
    }
}
