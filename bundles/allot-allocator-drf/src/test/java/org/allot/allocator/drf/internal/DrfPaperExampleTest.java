package org.allot.allocator.drf.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.allot.allocator.contract.SimulatedCluster;
import org.allot.api.FrameworkId;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * The example of the DRF paper (Ghodsi et al., NSDI 2011, section 4) through the allocator alone:
 * 9 cpus and 18 GB; A's tasks need {@code cpus:1;mem:4096}, B's {@code cpus:3;mem:1024}. DRF gives A
 * 3 tasks (3/9 cpus, 12/18 GB: dominant share 2/3 of memory) and B 2 tasks (6/9 cpus: 2/3 of cpus).
 *
 * <p>The cluster is split over two agents because the allocator offers an agent's whole free part
 * at once and the simulated frameworks launch all that fits: on one agent of 9 cpus the first
 * framework offered would take as much as fits (see {@link DrfAllocatorTest#oneBigAgentIsOfferedWholeToTheLowestShare}).
 *
 * <p>Trace for agents a-1 {@code cpus:5;mem:11264} and a-2 {@code cpus:4;mem:7168}, A = f-1, B = f-2:
 * round 1: a-1 to A (both 0, id breaks the tie), A launches 2 (memory); a-2 to B (0 &lt; A's 0.61
 * while it holds a-1), B launches 1. Shares now A max(2/9, 8192/18432) = 0.44, B 3/9 = 0.33.
 * Round 2: a-1's rest {@code cpus:3;mem:3072} to B, which launches 1 (0.67); a-2's rest
 * {@code cpus:1;mem:6144} to A, which launches 1 (0.67). Round 3: only memory is left; nothing fits.
 */
@RunWith(Parameterized.class)
public class DrfPaperExampleTest {

    @Parameters(name = "{0}")
    public static List<Object[]> layouts() {
        return List.of(
                new Object[] {"agents 5+4 cpus, A subscribed first", List.of("cpus:5;mem:11264", "cpus:4;mem:7168"), "f-1", "f-2"},
                new Object[] {"agents 5+4 cpus, B subscribed first", List.of("cpus:5;mem:11264", "cpus:4;mem:7168"), "f-2", "f-1"},
                new Object[] {"agents 2+7 cpus, A subscribed first", List.of("cpus:2;mem:11264", "cpus:7;mem:7168"), "f-1", "f-2"});
    }

    @Parameter(0)
    public String name;

    @Parameter(1)
    public List<String> agents;

    @Parameter(2)
    public String frameworkA;

    @Parameter(3)
    public String frameworkB;

    @Test
    public void aRunsThreeTasksAndBTwoWithEqualDominantShares() {
        DrfAllocator drf = new DrfAllocator();
        SimulatedCluster c = new SimulatedCluster(drf);
        for (int i = 0; i < agents.size(); i++) {
            c.agent("a-" + (i + 1), agents.get(i));
        }
        c.framework(frameworkA, "*", "cpus:1;mem:4096").framework(frameworkB, "*", "cpus:3;mem:1024");

        int rounds = c.runUntilStable(20);

        assertEquals("A's tasks after " + rounds + " rounds " + c.taskCounts(), 3, c.tasks(frameworkA));
        assertEquals("B's tasks after " + rounds + " rounds " + c.taskCounts(), 2, c.tasks(frameworkB));
        assertEquals(2.0 / 3, c.dominantShare(frameworkA), 1e-9);
        assertEquals(2.0 / 3, c.dominantShare(frameworkB), 1e-9);
        // The allocator's own view agrees with the registry's.
        assertEquals(2.0 / 3, drf.weightedShare(FrameworkId.of(frameworkA)), 1e-9);
        assertEquals(2.0 / 3, drf.weightedShare(FrameworkId.of(frameworkB)), 1e-9);
    }
}
