package org.allot.allocator.priority.internal;

import static org.allot.allocator.contract.SimulatedCluster.assertPlan;

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
 * Strict priority's decisions, one pass each after the row's setup, on synthetic clusters with
 * the expected offers and revocations computed by hand in each row's comment.
 */
@RunWith(Parameterized.class)
public class PriorityDecisionTest {

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        return List.of(
                // prod runs 6 of 10 cpus (0.6), batch none (0): DRF would pick batch; prod's
                // priority 10 wins, and it takes all 4 free.
                row("a higher priority goes first whatever the shares", c -> c
                        .agent("a-1", "cpus:10")
                        .priority("prod", 10)
                        .framework("f-p", "prod", "cpus:1").running("f-p", "a-1", 6)
                        .framework("f-b", "batch", "cpus:1"),
                        "f-p@a-1 cpus:4"),
                row("the same priority: DRF, the lower share first", c -> c
                        .agent("a-1", "cpus:10")
                        .framework("f-p", "prod", "cpus:1").running("f-p", "a-1", 6)
                        .framework("f-b", "batch", "cpus:1"),
                        "f-b@a-1 cpus:4"),
                // r1 and r2 at priority 5, r3 at 0: r1 3/10, r2 1/10, so r2 (lower share) first.
                row("within one level, DRF between roles", c -> c
                        .agent("a-1", "cpus:10")
                        .priority("r1", 5).priority("r2", 5)
                        .framework("f-1", "r1", "cpus:1").running("f-1", "a-1", 3)
                        .framework("f-2", "r2", "cpus:1").running("f-2", "a-1", 1)
                        .framework("f-3", "r3", "cpus:1"),
                        "f-2@a-1 cpus:6"),
                // hi stays first after each offer, however much it holds.
                row("the highest priority takes every agent it accepts", c -> c
                        .agent("a-1", "cpus:1").agent("a-2", "cpus:1").agent("a-3", "cpus:1")
                        .priority("hi", 2).priority("mid", 1)
                        .framework("f-hi", "hi", "cpus:1")
                        .framework("f-mid", "mid", "cpus:1")
                        .framework("f-lo", "lo", "cpus:1"),
                        "f-hi@a-1 cpus:1", "f-hi@a-2 cpus:1", "f-hi@a-3 cpus:1"),
                row("what a higher priority refuses goes to the next level", c -> c
                        .agent("a-1", "cpus:1").agent("a-2", "cpus:1")
                        .priority("hi", 2).priority("mid", 1)
                        .framework("f-hi", "hi", "cpus:1")
                        .framework("f-mid", "mid", "cpus:1")
                        .framework("f-lo", "lo", "cpus:1")
                        .decline("f-hi", "a-1", "cpus:1", Duration.ofSeconds(5)),
                        "f-mid@a-1 cpus:1", "f-hi@a-2 cpus:1"),
                // g (priority 0) lacks its guarantee of 2: it goes before hi (priority 10), and may
                // take 2 + surplus (4 - 2) = 4.
                row("a role below its guarantee before any priority", c -> c
                        .agent("a-1", "cpus:4")
                        .priority("hi", 10)
                        .guarantee("g", "cpus:2")
                        .framework("f-hi", "hi", "cpus:1")
                        .framework("f-g", "g", "cpus:1"),
                        "f-g@a-1 cpus:4"),
                // prod (no framework) lacks 3 of 4 free: hi may take only the surplus, 1.
                row("resources held back for a guarantee are held back from the highest priority", c -> c
                        .agent("a-1", "cpus:4")
                        .priority("hi", 10)
                        .guarantee("prod", "cpus:3")
                        .framework("f-hi", "hi", "cpus:1"),
                        "f-hi@a-1 cpus:1"),
                // batch runs 2 of 4 cpus, prod none: at equal priorities DRF picks prod. Once
                // batch's priority is 20, batch goes first, from the next pass.
                row("a priority changed at runtime counts from the next pass", c -> {
                    c.agent("a-1", "cpus:4")
                            .framework("f-b", "batch", "cpus:1").running("f-b", "a-1", 2)
                            .framework("f-p", "prod", "cpus:1");
                    assertPlan(c.offer(), "f-p@a-1 cpus:2");
                    c.declineAll(Duration.ZERO);
                    c.priority("batch", 20);
                }, "f-b@a-1 cpus:2"),
                // prod (priority 10) runs 1 of 10, batch 9, prod asks and waited 30 s: below its
                // fair share (0.1 of 0.5), need 0.4; batch goes to 0.5, four tasks.
                row("a starved high priority revokes by fair share like DRF", c -> {
                    c.agent("a-1", "cpus:10;mem:10240")
                            .priority("prod", 10)
                            .framework("f-b", "batch", "cpus:1;mem:1024").running("f-b", "a-1", 9)
                            .framework("f-p", "prod", "cpus:1;mem:1024").running("f-p", "a-1", 1);
                    c.suppress("f-b");
                    c.offer();
                    c.advance(Duration.ofSeconds(30));
                }, "revoke f-b-task-1@a-1", "revoke f-b-task-2@a-1", "revoke f-b-task-3@a-1",
                        "revoke f-b-task-4@a-1"));
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
        SimulatedCluster c = new SimulatedCluster(new PriorityAllocator());
        setup.accept(c);
        assertPlan(c.offer(), expected);
    }
}
