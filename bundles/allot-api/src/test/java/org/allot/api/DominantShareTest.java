package org.allot.api;

import static org.allot.api.ResourcesTest.assertMessage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/** {@link DominantShare} on hand-computed cases, the DRF paper's numbers first. */
@RunWith(Parameterized.class)
public class DominantShareTest {

    private static final String PAPER = "cpus:9;mem:18432";

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        return List.of(
                // The paper's end state: A 3 tasks of <1 cpu, 4 GB>, B 2 tasks of <3 cpus, 1 GB>.
                row("paper: A with 3 tasks, memory dominates 12/18", "cpus:3;mem:12288", PAPER, 2.0 / 3),
                row("paper: B with 2 tasks, cpus dominate 6/9", "cpus:6;mem:2048", PAPER, 2.0 / 3),
                // Progressive filling, one task at a time to the lower share.
                row("paper: A's first task, 4/18 of mem", "cpus:1;mem:4096", PAPER, 4.0 / 18),
                row("paper: B's first task, 3/9 of cpus", "cpus:3;mem:1024", PAPER, 3.0 / 9),
                row("paper: A's second task, 8/18 of mem", "cpus:2;mem:8192", PAPER, 8.0 / 18),
                row("nothing allocated", "", PAPER, 0),
                row("an empty cluster", "cpus:1", "", 0),
                row("disk dominates", "cpus:1;disk:500", "cpus:10;mem:1000;disk:1000", 0.5),
                row("gpus dominate", "cpus:1;gpus:3", "cpus:10;gpus:4", 0.75),
                row("reserved and unreserved are summed", "cpus(prod):1;cpus:2", "cpus(prod):2;cpus:2", 0.75),
                row("kinds the cluster lacks are ignored", "cpus:1;gpus:8", "cpus:4;mem:1024", 0.25),
                row("ports, sets and other scalars are ignored", "cpus:1;ports:[1-100];disks:{a};bogus:9",
                        "cpus:4;ports:[1-100];disks:{a};bogus:9", 0.25),
                row("more than the total counts as the whole cluster", "cpus:12", "cpus:4;mem:100", 1.0),
                row("fractions of a cpu", "cpus:0.5", "cpus:1.5", 1.0 / 3));
    }

    private static Object[] row(String name, String allocation, String total, double expected) {
        return new Object[] {name, allocation, total, expected};
    }

    @Parameter(0)
    public String name;

    @Parameter(1)
    public String allocation;

    @Parameter(2)
    public String total;

    @Parameter(3)
    public double expected;

    @Test
    public void share() {
        assertEquals(expected, DominantShare.of(Resources.parse(allocation), Resources.parse(total)), 1e-12);
    }

    @Test
    public void weightTwoHalvesIt() {
        assertEquals(expected / 2, DominantShare.weighted(Resources.parse(allocation), Resources.parse(total), 2.0),
                1e-12);
    }

    @Test
    public void weightedRejectsWeightsThatAreNotPositiveAndFinite() {
        Resources a = Resources.parse(allocation);
        Resources t = Resources.parse(total);
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertMessage(() -> DominantShare.weighted(a, t, bad), "role weight " + bad, "positive finite");
        }
    }

    @Test
    public void weightedRejectsSharesOutsideZeroToOne() {
        for (double bad : new double[] {-0.1, 1.1, Double.NaN}) {
            assertMessage(() -> DominantShare.weighted(bad, 1.0), "dominant share " + bad, "DominantShare.of");
        }
        assertEquals("a weight below 1 may give more than 1", 4.0 / 3, DominantShare.weighted(2.0 / 3, 0.5), 1e-12);
    }

    /**
     * The hot path allocates nothing once a value was measured: 100,000 calls would allocate
     * megabytes if each allocated even one small object; the budget allows for the measurement's own noise.
     */
    @Test
    public void repeatedCallsAllocateNothing() {
        Resources a = Resources.parse(allocation);
        Resources t = Resources.parse(total);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        double sink = DominantShare.weighted(a, t, 2.0);
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            sink += DominantShare.of(a, t) + DominantShare.weighted(a, t, 2.0);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(name + ": " + allocated + " bytes allocated by 200,000 calls (sink " + sink + ")",
                allocated < 64 * 1024);
    }
}
