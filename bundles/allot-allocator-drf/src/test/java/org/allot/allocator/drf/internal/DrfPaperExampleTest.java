package org.allot.allocator.drf.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;

import org.allot.allocator.contract.SimulatedCluster;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * The example of the DRF paper (Ghodsi et al., NSDI 2011, section 4) through the policy alone:
 * 9 cpus and 18 GB; A's tasks need {@code cpus:1;mem:4096}, B's {@code cpus:3;mem:1024}. DRF gives A
 * 3 tasks (3/9 cpus, 12/18 GB: dominant share 2/3 of memory) and B 2 tasks (6/9 cpus: 2/3 of cpus).
 *
 * <p>Split over two agents, with frameworks that launch all that fits and decline the rest for
 * 5 s. Trace for agents a-1 {@code cpus:5;mem:11264} and a-2 {@code cpus:4;mem:7168}, A = f-1,
 * B = f-2. Round 1: a-1 to A (shares 0, no offers yet, f-1 by id), A launches 2 (memory bound) and
 * declines {@code cpus:3;mem:3072}; a-2 to B (0 against A's 0.61 while it holds a-1), B launches 1
 * and declines {@code cpus:1;mem:6144}. Round 2: a-1's rest to B (A refuses it), B launches 1
 * (6/9 = 0.67); a-2's rest to A (B refuses it), A launches 1 (12/18 = 0.67). Round 3: only
 * {@code mem:2048} is left on each agent and both refuse it: no offers.
 */
@RunWith(Parameterized.class)
public class DrfPaperExampleTest {

    @Parameters(name = "{0}")
    public static List<Object[]> layouts() {
        return List.of(
                new Object[] {"agents 5+4 cpus, A is f-1", List.of("cpus:5;mem:11264", "cpus:4;mem:7168"), "f-1", "f-2"},
                new Object[] {"agents 5+4 cpus, B is f-1", List.of("cpus:5;mem:11264", "cpus:4;mem:7168"), "f-2", "f-1"},
                new Object[] {"agents 2+7 cpus, A is f-1", List.of("cpus:2;mem:11264", "cpus:7;mem:7168"), "f-1", "f-2"});
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
        SimulatedCluster c = new SimulatedCluster(new DrfAllocator());
        for (int i = 0; i < agents.size(); i++) {
            c.agent("a-" + (i + 1), agents.get(i));
        }
        c.framework(frameworkA, "*", "cpus:1;mem:4096").framework(frameworkB, "*", "cpus:3;mem:1024");

        int rounds = c.runUntilStable(20);

        assertEquals("rounds that launched tasks", 2, rounds);
        assertEquals("A's tasks " + c.taskCounts(), 3, c.tasks(frameworkA));
        assertEquals("B's tasks " + c.taskCounts(), 2, c.tasks(frameworkB));
        assertEquals(2.0 / 3, c.dominantShare(frameworkA), 1e-9);
        assertEquals(2.0 / 3, c.dominantShare(frameworkB), 1e-9);
    }

    /**
     * The paper's own setting, one machine, with frameworks that take one task per offer and hand
     * the rest back at once: each pass decides one task, progressive filling exactly. A 0.22 (first
     * by id at 0), B 0.33, A 0.44, B 0.67, A 0.67; then the cpus are used up.
     */
    @Test
    public void oneMachineOneTaskPerOfferFillsProgressively() {
        SimulatedCluster c = new SimulatedCluster(new DrfAllocator()).agent("paper", "cpus:9;mem:18432");
        c.framework(frameworkA, "*", "cpus:1;mem:4096").framework(frameworkB, "*", "cpus:3;mem:1024");
        for (String f : List.of(frameworkA, frameworkB)) {
            c.tasksPerOffer(f, 1).refuse(f, Duration.ZERO);
        }
        c.runUntilStable(20);
        // At 0 and 0 the first task goes to f-1, whichever of A and B it is; from there the lower share.
        List<String> expected = frameworkA.equals("f-1")
                ? List.of(frameworkA, frameworkB, frameworkA, frameworkB, frameworkA)
                : List.of(frameworkB, frameworkA, frameworkA, frameworkB, frameworkA);
        assertEquals(expected, c.launches());
    }
}
