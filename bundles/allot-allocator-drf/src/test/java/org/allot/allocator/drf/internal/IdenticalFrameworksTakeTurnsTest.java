package org.allot.allocator.drf.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.allot.allocator.contract.SimulatedCluster;
import org.allot.spi.allocation.AllocationView;
import org.allot.spi.allocation.SortingAllocator;
import org.junit.Test;

/**
 * The bug "DRF starves the younger of two identical frameworks", at the policy level. Two
 * frameworks, each with 5 tasks of {@code cpus:1} lasting 1 s; one agent of {@code cpus:1.5}; each
 * declines what it cannot use for 5 s. All the older one's tasks used to run before any of the
 * younger's: every tie at share 0 went to the lower id, and the younger's decline of the 0.5-cpu
 * leftover refused it the whole agent.
 *
 * <p>Hand-computed, with Mesos's tie-break (share, then fewest offers, then id) and declines that
 * refuse only offers contained in what was declined:
 * <pre>
 * t=0  f-1 (0, 0 offers) before f-2 (0, 0) by id: f-1 runs task 1, declines 0.5;
 *      the 0.5 goes to f-2 (share 0 &lt; 0.67), which declines it (f-2: 1 offer).
 * t=1  task ends; both 0 with 1 offer each: f-1 by id (f-1: 2 offers).
 * t=2  f-2 (1 offer) before f-1 (2): f-2 runs its first task although it declined 0.5 cpus.
 * t=3..9  the one with fewer offers goes first: f-1, f-2, f-1, f-2, f-1 (its last; it suppresses),
 *      then f-2 twice.
 * </pre>
 */
public class IdenticalFrameworksTakeTurnsTest {

    private static SimulatedCluster twoIdenticalFrameworks(SortingAllocator policy) {
        SimulatedCluster c = new SimulatedCluster(policy).agent("a-1", "cpus:1.5");
        for (String f : List.of("f-1", "f-2")) {
            c.framework(f, "*", "cpus:1").demand(f, 5).taskDuration(f, Duration.ofSeconds(1))
                    .refuse(f, Duration.ofSeconds(5));
        }
        c.settle();
        for (int second = 1; second < 15; second++) {
            c.advance(Duration.ofSeconds(1));
            c.settle();
        }
        return c;
    }

    @Test
    public void theyTakeTurns() {
        SimulatedCluster c = twoIdenticalFrameworks(new DrfAllocator());
        assertEquals(List.of("f-1", "f-1", "f-2", "f-1", "f-2", "f-1", "f-2", "f-1", "f-2", "f-2"), c.launches());
    }

    /**
     * The same with ties broken by id alone, the old order: the younger waits at share 0 until the
     * older has run everything. Shows that the tie on offers made is what fixes it.
     */
    @Test
    public void withTiesByIdAloneTheOlderRunsEverythingFirst() {
        SortingAllocator byShareThenId = new SortingAllocator() {
            @Override
            public String name() {
                return "drf-ties-by-id";
            }

            @Override
            protected Comparator<Standing> roleOrder(AllocationView view) {
                return Comparator.comparingDouble(Standing::weightedShare);
            }

            @Override
            protected Comparator<Standing> frameworkOrder(AllocationView view) {
                return Comparator.comparingDouble(Standing::dominantShare);
            }
        };
        SimulatedCluster c = twoIdenticalFrameworks(byShareThenId);
        assertEquals(List.of("f-1", "f-1", "f-1", "f-1", "f-1", "f-2", "f-2", "f-2", "f-2", "f-2"), c.launches());
    }
}
