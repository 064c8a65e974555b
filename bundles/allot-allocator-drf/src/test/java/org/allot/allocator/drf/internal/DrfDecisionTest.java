package org.allot.allocator.drf.internal;

import static org.allot.allocator.contract.SimulatedCluster.assertOffers;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.allot.allocator.contract.SimulatedCluster;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * DRF's decisions, one pass each, on synthetic clusters with hand-computed expected offers:
 * shares, weights, the role-then-framework order, Mesos's tie-breaks, declines, reservations.
 * Each row's comment gives the numbers.
 */
@RunWith(Parameterized.class)
public class DrfDecisionTest {

    private static final Duration REFUSE = Duration.ofSeconds(5);

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        return List.of(
                // f-1 runs 2 tasks of <1 cpu, 4 GB>: max(2/9, 8192/18432) = 0.44; f-2 1 task of
                // <3 cpus, 1 GB>: 3/9 = 0.33. The free cpus:4;mem:9216 go to f-2.
                row("paper example: the next offer goes to the lower share", c -> c
                        .agent("a-1", "cpus:9;mem:18432")
                        .framework("f-1", "*", "cpus:1;mem:4096").running("f-1", "a-1", 2)
                        .framework("f-2", "*", "cpus:3;mem:1024").running("f-2", "a-1", 1),
                        "f-2@a-1 cpus:4;mem:9216"),
                // Shares 0 and 0: the one made fewer offers goes first, whatever its id.
                row("tie on share: fewest offers made first", c -> c
                        .agent("a-1", "cpus:1")
                        .framework("f-1", "*", "").offersMadeBefore("f-1", 3)
                        .framework("f-2", "*", "").offersMadeBefore("f-2", 1),
                        "f-2@a-1 cpus:1"),
                row("tie on share and offers: by framework id", c -> c
                        .agent("a-1", "cpus:1")
                        .framework("f-b", "*", "")
                        .framework("f-a", "*", ""),
                        "f-a@a-1 cpus:1"),
                // a-1 to f-1 (id); f-1 then holds 1/3, so a-2 to f-2; both 1/3 with one offer
                // each, so a-3 to f-1 (id).
                row("offers earlier in the pass count", c -> c
                        .agent("a-1", "cpus:1").agent("a-2", "cpus:1").agent("a-3", "cpus:1")
                        .framework("f-1", "*", "")
                        .framework("f-2", "*", ""),
                        "f-1@a-1 cpus:1", "f-2@a-2 cpus:1", "f-1@a-3 cpus:1"),
                // heavy: 3 of 6 cpus = 0.5, weight 2: 0.25; light: 2 of 6 = 0.33. heavy first.
                row("role weight 2 sorts at half the share", c -> c
                        .agent("a-1", "cpus:6")
                        .framework("f-1", "heavy", "cpus:1").running("f-1", "a-1", 3)
                        .framework("f-2", "light", "cpus:1").running("f-2", "a-1", 2)
                        .weight("heavy", 2.0),
                        "f-1@a-1 cpus:1"),
                row("the same without the weight: 0.5 against 0.33", c -> c
                        .agent("a-1", "cpus:6")
                        .framework("f-1", "heavy", "cpus:1").running("f-1", "a-1", 3)
                        .framework("f-2", "light", "cpus:1").running("f-2", "a-1", 2),
                        "f-2@a-1 cpus:1"),
                // r1 holds 5 of 10 cpus (f-1's) = 0.5, r2 3 of 10 = 0.3: r2 first, although
                // f-2 in r1 holds nothing.
                row("roles first, then frameworks within the role", c -> c
                        .agent("a-1", "cpus:10")
                        .framework("f-1", "r1", "cpus:1").running("f-1", "a-1", 5)
                        .framework("f-2", "r1", "cpus:1")
                        .framework("f-3", "r2", "cpus:1").running("f-3", "a-1", 3),
                        "f-3@a-1 cpus:2"),
                // Only r1 is eligible; within it f-1 0.5 and f-2 0.1.
                row("within a role, the lower framework share", c -> c
                        .agent("a-1", "cpus:10")
                        .framework("f-1", "r1", "cpus:1").running("f-1", "a-1", 5)
                        .framework("f-2", "r1", "cpus:1").running("f-2", "a-1", 1),
                        "f-2@a-1 cpus:4"),
                row("a framework refusing the agent is skipped", c -> c
                        .agent("a-1", "cpus:2")
                        .framework("f-1", "*", "")
                        .framework("f-2", "*", "").offersMadeBefore("f-2", 5)
                        .decline("f-1", "a-1", "cpus:2", REFUSE),
                        "f-2@a-1 cpus:2"),
                // The starvation bug's moment: both at share 0, the older (f-1) made 2 offers, the
                // younger 1; the younger declined a 0.5-cpu leftover, which does not refuse 1.5 cpus.
                row("a smaller decline does not refuse a bigger offer", c -> c
                        .agent("a-1", "cpus:1.5")
                        .framework("f-1", "*", "cpus:1").offersMadeBefore("f-1", 2)
                        .framework("f-2", "*", "cpus:1").offersMadeBefore("f-2", 1)
                        .decline("f-2", "a-1", "cpus:0.5", REFUSE),
                        "f-2@a-1 cpus:1.5"),
                // Roles * and prod both at share 0 with no offers: * first by name takes the
                // unreserved part, prod its reservation.
                row("reservations: unreserved to the first role, the reservation to its own", c -> c
                        .agent("a-1", "cpus:2;cpus(prod):2")
                        .framework("f-1", "*", "")
                        .framework("f-2", "prod", ""),
                        "f-1@a-1 cpus:2", "f-2@a-1 cpus(prod):2"),
                // Role * made one offer before, so prod goes first and takes both parts.
                row("reservations: a role that goes first takes unreserved and its reservation", c -> c
                        .agent("a-1", "cpus:2;cpus(prod):2")
                        .framework("f-1", "*", "").offersMadeBefore("f-1", 1)
                        .framework("f-2", "prod", ""),
                        "f-2@a-1 cpus:2;cpus(prod):2"),
                row("gpus count: 3 of 4 gpus is 0.75, more than 6 of 10 cpus", c -> c
                        .agent("a-1", "cpus:10;gpus:4")
                        .framework("f-1", "*", "gpus:1;cpus:0.1").running("f-1", "a-1", 3)
                        .framework("f-2", "*", "cpus:1").running("f-2", "a-1", 6),
                        "f-2@a-1 cpus:3.7;gpus:1"));
    }

    private static Object[] row(String name, Consumer<SimulatedCluster> setup, String... expected) {
        return new Object[] {name, setup, expected};
    }

    @Parameter(0)
    public String name;

    @Parameter(1)
    public Consumer<SimulatedCluster> setup;

    @Parameter(2)
    public String[] expected;

    @Test
    public void decides() {
        SimulatedCluster c = new SimulatedCluster(new DrfAllocator());
        setup.accept(c);
        assertOffers(c.offer(), expected);
    }
}
