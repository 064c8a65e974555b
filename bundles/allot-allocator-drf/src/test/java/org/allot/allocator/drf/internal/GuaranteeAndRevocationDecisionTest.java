package org.allot.allocator.drf.internal;

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
 * DRF's decisions on guarantees, runtime weights and revocation, one pass each after the row's
 * setup, on synthetic clusters on a manual clock, with the expected offers and revocations computed
 * by hand in each row's comment. Tasks are {@code cpus:1;mem:1024} unless a row says otherwise; task
 * ids count up in launch order across the cluster ({@code f-b-task-1}, ...).
 */
@RunWith(Parameterized.class)
public class GuaranteeAndRevocationDecisionTest {

    private static final Duration DELAY = Duration.ofSeconds(30);
    private static final String TASK = "cpus:1;mem:1024";

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        return List.of(
                // Free cpus:8;mem:8192, prod (no framework) lacks cpus:4;mem:2048: the surplus is
                // cpus 8-4 = 4 and mem 8192-2048 = 6144, all batch may take.
                row("held back for a guarantee without a framework", c -> c
                        .agent("a-1", "cpus:8;mem:8192")
                        .guarantee("prod", "cpus:4;mem:2048")
                        .framework("f-b", "batch", TASK),
                        "f-b@a-1 cpus:4;mem:6144"),
                // prod lacks cpus:4;mem:2048 and goes first (by name batch would): it may take its
                // lack plus the surplus (cpus 4, mem 6144), so the whole agent.
                row("a role below its guarantee first, up to its lack plus the surplus", c -> c
                        .agent("a-1", "cpus:8;mem:8192")
                        .guarantee("prod", "cpus:4;mem:2048")
                        .framework("f-b", "batch", TASK)
                        .framework("f-p", "prod", TASK),
                        "f-p@a-1 cpus:8;mem:8192"),
                // 8 cpus free, prod lacks 6: batch gets the surplus 2 on a-1; then nothing is
                // spare, and a-2 stays free for prod.
                row("held back across agents", c -> c
                        .agent("a-1", "cpus:4").agent("a-2", "cpus:4")
                        .guarantee("prod", "cpus:6")
                        .framework("f-b", "batch", "cpus:1"),
                        "f-b@a-1 cpus:2"),
                // prod runs 2 of 6 cpus (0.33) and meets its guarantee: plain DRF, batch (0) first.
                row("a met guarantee changes nothing", c -> c
                        .agent("a-1", "cpus:6")
                        .guarantee("prod", "cpus:2")
                        .framework("f-p", "prod", "cpus:1").running("f-p", "a-1", 2)
                        .framework("f-b", "batch", "cpus:1"),
                        "f-b@a-1 cpus:4"),
                // Free 3 + 4 = 7; g1 lacks 1 (runs 1 of its 2), g2 lacks 2: required 3, surplus 4.
                // a-1: both below, DRF: g2 (share 0) before g1 (1/8); g2 may take 2 + 4, takes all
                // 3 free. Then g2 is met, required 1, available 4, surplus 3. a-2: g1 may take
                // 1 + 3 = 4: all of it. batch gets nothing.
                row("among roles below their guarantees, DRF decides", c -> c
                        .agent("a-1", "cpus:4").agent("a-2", "cpus:4")
                        .guarantee("g1", "cpus:2").guarantee("g2", "cpus:2")
                        .framework("f-1", "g1", "cpus:1").running("f-1", "a-1", 1)
                        .framework("f-2", "g2", "cpus:1")
                        .framework("f-b", "batch", "cpus:1"),
                        "f-2@a-1 cpus:3", "f-1@a-2 cpus:4"),
                // heavy 3 of 6 (0.5), light 2 of 6 (0.33): light first; then heavy's weight
                // becomes 2 (0.25): heavy first, at the next pass.
                row("a weight changed at runtime counts from the next pass", c -> {
                    c.agent("a-1", "cpus:6")
                            .framework("f-h", "heavy", "cpus:1").running("f-h", "a-1", 3)
                            .framework("f-l", "light", "cpus:1").running("f-l", "a-1", 2);
                    assertPlan(c.offer(), "f-l@a-1 cpus:1");
                    c.declineAll(Duration.ZERO);
                    c.weight("heavy", 2.0);
                }, "f-h@a-1 cpus:1"),
                // batch runs 10 of 10; prod lacks cpus:3;mem:3072 and waited 30 s: the first three
                // batch tasks are revoked, batch keeps 7 (it has no guarantee).
                row("a starved guarantee revokes just enough", starvedProd(Duration.ofSeconds(30), Duration.ZERO),
                        "revoke f-b-task-1@a-1", "revoke f-b-task-2@a-1", "revoke f-b-task-3@a-1"),
                row("nothing before the delay", starvedProd(Duration.ofSeconds(29), Duration.ZERO)),
                // A notice of 10 s: the deadline is 00:00:30 + 10 s.
                row("the notice sets the deadline", starvedProd(Duration.ofSeconds(30), Duration.ofSeconds(10)),
                        "revoke f-b-task-1@a-1 by 2030-01-01T00:00:40Z", "revoke f-b-task-2@a-1 by 2030-01-01T00:00:40Z",
                        "revoke f-b-task-3@a-1 by 2030-01-01T00:00:40Z"),
                // svc runs 2 of 10 (0.2), fair share 0.5 (two roles of weight 1): need 0.3. batch
                // runs 8 (0.8): three tasks bring it to 0.5, its fair share, and cover the need.
                row("a starved fair share takes the victim down to its fair share", c -> {
                    c.agent("a-1", "cpus:10;mem:10240")
                            .framework("f-b", "batch", TASK).running("f-b", "a-1", 8)
                            .framework("f-s", "svc", TASK).running("f-s", "a-1", 2);
                    c.suppress("f-b");
                    waitFor(c, DELAY);
                }, "revoke f-b-task-1@a-1", "revoke f-b-task-2@a-1", "revoke f-b-task-3@a-1"),
                // Fair share 1/3 each; svc runs nothing: need 0.33. prod (guarantee 4) runs 4: at its
                // guarantee, never a victim. batch runs 6 (0.6): 0.5, then 0.4 (>= 0.33); a third
                // would leave 0.3. Two tasks; the rest of the need stays unmet.
                row("a role at its guarantee is skipped; a victim keeps its fair share", c -> {
                    c.agent("a-1", "cpus:10;mem:10240")
                            .guarantee("prod", "cpus:4")
                            .framework("f-p", "prod", TASK).running("f-p", "a-1", 4)
                            .framework("f-b", "batch", TASK).running("f-b", "a-1", 6)
                            .framework("f-s", "svc", TASK);
                    c.suppress("f-p");
                    c.suppress("f-b");
                    waitFor(c, DELAY);
                }, "revoke f-b-task-5@a-1", "revoke f-b-task-6@a-1"),
                // prod lacks 2 cpus; hi (priority 5) runs 6, lo (priority 0) runs 4: lo's tasks
                // go first, whatever the shares.
                row("the lowest priority is revoked first", c -> {
                    c.agent("a-1", "cpus:10;mem:10240")
                            .priority("hi", 5)
                            .framework("f-hi", "hi", TASK).running("f-hi", "a-1", 6)
                            .framework("f-lo", "lo", TASK).running("f-lo", "a-1", 4)
                            .guarantee("prod", "cpus:2")
                            .framework("f-p", "prod", TASK);
                    c.suppress("f-hi");
                    c.suppress("f-lo");
                    waitFor(c, DELAY);
                }, "revoke f-lo-task-7@a-1", "revoke f-lo-task-8@a-1"),
                // As the first revocation row, but 2 cpus are free: prod still lacks 3 of its
                // guarantee (it declines what it is offered), the free 2 count, one task is revoked.
                row("free resources count against the need", c -> {
                    c.agent("a-1", "cpus:10;mem:10240")
                            .framework("f-b", "batch", TASK).running("f-b", "a-1", 8)
                            .guarantee("prod", "cpus:3;mem:3072")
                            .framework("f-p", "prod", "cpus:1;mem:5000");
                    c.suppress("f-b");
                    c.decline("f-p", "a-1", "cpus:2;mem:2048", Duration.ofHours(1));
                    waitFor(c, DELAY);
                }, "revoke f-b-task-1@a-1"));
    }

    /** batch runs 10 of 10 cpus; prod, guaranteed cpus:3;mem:3072, starts asking; the clock moves {@code waited}. */
    private static Consumer<SimulatedCluster> starvedProd(Duration waited, Duration notice) {
        return c -> {
            c.agent("a-1", "cpus:10;mem:10240")
                    .framework("f-b", "batch", TASK).running("f-b", "a-1", 10)
                    .guarantee("prod", "cpus:3;mem:3072")
                    .framework("f-p", "prod", TASK)
                    .revocationNotice(notice);
            c.suppress("f-b");
            waitFor(c, waited);
        };
    }

    /** A pass (every asking role starts waiting), then the clock moves. */
    private static void waitFor(SimulatedCluster c, Duration d) {
        c.offer();
        c.advance(d);
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
        SimulatedCluster c = new SimulatedCluster(new DrfAllocator()).revocationDelay(DELAY);
        setup.accept(c);
        assertPlan(c.offer(), expected);
    }
}
