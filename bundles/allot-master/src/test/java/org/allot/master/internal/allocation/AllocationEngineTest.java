package org.allot.master.internal.allocation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.protocol.loop.ManualEventLoop;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.AllocationView;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.Plan;
import org.junit.Test;

/** The allocation engine on a manual clock, with a tiny ordering policy. */
public class AllocationEngineTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final AgentId A = AgentId.of("a-1");
    private static final AgentId B = AgentId.of("a-2");
    private static final FrameworkId F = FrameworkId.of("f-1");
    private static final FrameworkId G = FrameworkId.of("f-2");
    private static final Resources ALL = Resources.parse("cpus:4;mem:4096");

    private final ManualEventLoop loop = new ManualEventLoop(START);
    private final ByIdPolicy policy = new ByIdPolicy();
    private int requested;
    private final AllocationEngine engine = new AllocationEngine(loop, agentId -> List.of(), () -> requested++);

    public AllocationEngineTest() {
        engine.usePolicy(policy);
    }

    private void agent(AgentId id, String resources) {
        engine.addAgent(id, AgentInfo.unregistered("host-" + id, 5051, Resources.parse(resources)).withId(id),
                Resources.parse(resources), Map.of());
    }

    private void framework(FrameworkId id, String role) {
        engine.addFramework(id, FrameworkInfo.builder("fw-" + id, "alice").role(role).build().withId(id), true);
    }

    private static List<String> describe(Plan plan) {
        return plan.offers().stream().map(o -> o.frameworkId() + "@" + o.agentId() + "=" + o.resources())
                .collect(Collectors.toList());
    }

    @Test
    public void anIncrementalPassLooksOnlyAtTheAgentsThatChanged() {
        agent(A, "cpus:4;mem:4096");
        agent(B, "cpus:4;mem:4096");
        framework(F, "*");
        assertEquals(List.of("f-1@a-1=cpus:4;mem:4096", "f-1@a-2=cpus:4;mem:4096"), describe(engine.pass(false)));

        engine.recoverOffered(F, A, ALL);
        assertEquals(List.of("f-1@a-1=cpus:4;mem:4096"), describe(engine.pass(false)));
        assertEquals(List.of(A), policy.shown.get(policy.shown.size() - 1));

        int calls = policy.shown.size();
        assertEquals("nothing free anywhere: the policy is not asked", Plan.EMPTY, engine.pass(true));
        assertEquals(calls, policy.shown.size());
    }

    @Test
    public void aDeclineRefusesExactlyItsAgentUntilItsTimerRuns() {
        agent(A, "cpus:4;mem:4096");
        agent(B, "cpus:4;mem:4096");
        framework(F, "*");
        engine.pass(false);
        engine.recoverOffered(F, A, ALL);
        engine.decline(F, A, ALL, Duration.ofSeconds(5));
        engine.recoverOffered(F, B, ALL);

        assertEquals(List.of("f-1@a-2=cpus:4;mem:4096"), describe(engine.pass(false)));
        assertEquals("the declined agent is not even shown", List.of(B), policy.shown.get(policy.shown.size() - 1));
        assertEquals(Plan.EMPTY, engine.pass(true));

        loop.advance(Duration.ofMillis(4999));
        assertEquals(Plan.EMPTY, engine.pass(true));
        int before = requested;
        loop.advance(Duration.ofMillis(1));
        assertTrue("the expiry asks for a pass", requested > before);
        assertEquals(List.of("f-1@a-1=cpus:4;mem:4096"), describe(engine.pass(false)));
        assertEquals(0, engine.declinesInForce());
    }

    @Test
    public void aDeclinedAgentGoesToAnotherFrameworkButNotBackToTheDecliner() {
        agent(A, "cpus:4;mem:4096");
        framework(F, "*");
        framework(G, "*");
        assertEquals(List.of("f-1@a-1=cpus:4;mem:4096"), describe(engine.pass(false)));
        engine.recoverOffered(F, A, ALL);
        engine.decline(F, A, ALL, Duration.ofHours(1));
        assertEquals(List.of("f-2@a-1=cpus:4;mem:4096"), describe(engine.pass(false)));
        engine.recoverOffered(G, A, ALL);
        engine.decline(G, A, ALL, Duration.ofHours(1));
        int calls = policy.shown.size();
        assertEquals(Plan.EMPTY, engine.pass(true));
        assertEquals("every eligible framework refuses the agent: skipped without asking", calls, policy.shown.size());
        engine.deactivateFramework(G);
        assertEquals(Plan.EMPTY, engine.pass(true));
        engine.activateFramework(G);
        assertEquals(Plan.EMPTY, engine.pass(true));
    }

    @Test
    public void reviveClearsTheDeclinesAndCancelsTheirTimers() {
        agent(A, "cpus:4;mem:4096");
        framework(F, "*");
        engine.pass(false);
        engine.recoverOffered(F, A, ALL);
        engine.decline(F, A, ALL, Duration.ofHours(1));
        Instant expiry = START.plus(Duration.ofHours(1));
        assertTrue(loop.liveTimers().contains(expiry));
        assertEquals(Plan.EMPTY, engine.pass(true));

        engine.revive(F);
        assertFalse("the timer is cancelled", loop.liveTimers().contains(expiry));
        assertEquals(0, engine.declinesInForce());
        assertEquals(List.of("f-1@a-1=cpus:4;mem:4096"), describe(engine.pass(false)));
    }

    @Test
    public void aDeclinedLeftoverDoesNotLockTheFrameworkOutOfMoreLater() {
        agent(A, "cpus:4;mem:4096");
        framework(F, "*");
        engine.pass(false);
        Resources task = Resources.parse("cpus:3;mem:3072");
        Resources leftover = Resources.parse("cpus:1;mem:1024");
        engine.launched(F, A, task);
        engine.recoverOffered(F, A, leftover);
        engine.decline(F, A, leftover, Duration.ofHours(1));
        assertEquals("the leftover is refused", Plan.EMPTY, engine.pass(true));

        engine.release(F, A, task);
        assertEquals("more than was declined is offered (Mesos: refused only if offer is within the declined)",
                List.of("f-1@a-1=cpus:4;mem:4096"), describe(engine.pass(false)));
    }

    @Test
    public void anAgentWithNothingFreeIsNotShown() {
        agent(A, "cpus:4;mem:4096");
        engine.addAgent(B, AgentInfo.unregistered("host-b", 5051, ALL).withId(B), ALL, Map.of(G, ALL));
        framework(F, "*");
        engine.pass(true);
        assertEquals(List.of(A), policy.shown.get(policy.shown.size() - 1));
    }

    @Test
    public void reservedResourcesGoOnlyToTheirRole() {
        agent(A, "cpus:2;cpus(prod):2;mem:1024");
        framework(F, "*");
        framework(G, "prod");
        assertEquals(List.of("f-1@a-1=cpus:2;mem:1024", "f-2@a-1=cpus(prod):2"), describe(engine.pass(false)));
    }

    @Test
    public void invalidOffersOfAPlanAreDroppedAndTheRestIsBooked() {
        agent(A, "cpus:4;mem:4096");
        framework(F, "*");
        framework(G, "*");
        engine.suppress(G);
        List<Allocation> proposals = new ArrayList<>(List.of(
                new Allocation(G, A, Resources.parse("cpus:1")),                    // suppressed
                new Allocation(F, A, Resources.parse("cpus:5")),                    // more than free
                new Allocation(F, AgentId.of("a-9"), Resources.parse("cpus:1")),    // unknown agent
                new Allocation(F, A, Resources.parse("cpus:2")),                    // valid
                new Allocation(F, A, Resources.parse("cpus:1"))));                  // second for F on A
        engine.usePolicy(new Allocator() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public Plan allocate(AllocationView view) {
                return Plan.of(proposals);
            }
        });
        assertEquals(List.of("f-1@a-1=cpus:2"), describe(engine.pass(true)));
        assertEquals(Resources.parse("cpus:2"), engine.offered(F));
        assertEquals(Resources.parse("cpus:2;mem:4096"), engine.agent(A).orElseThrow().free());
    }

    @Test
    public void onlyRevocationsOfTasksRunningThereAreKept() {
        org.allot.api.TaskId running = org.allot.api.TaskId.of("t-1");
        AllocationEngine withTasks = new AllocationEngine(loop,
                agentId -> agentId.equals(A) ? List.of(new org.allot.spi.allocation.TaskRef(F, running,
                        Resources.parse("cpus:1"))) : List.of(), () -> { });
        withTasks.addAgent(A, AgentInfo.unregistered("host-a", 5051, ALL).withId(A), ALL, Map.of());
        withTasks.addFramework(F, FrameworkInfo.builder("fw", "alice").build().withId(F), true);
        List<org.allot.spi.allocation.Revocation> asked = List.of(
                new org.allot.spi.allocation.Revocation(F, A, running, "make room"),
                new org.allot.spi.allocation.Revocation(F, A, org.allot.api.TaskId.of("t-9"), "no such task"),
                new org.allot.spi.allocation.Revocation(G, A, running, "another framework's id"),
                new org.allot.spi.allocation.Revocation(F, B, running, "unknown agent"));
        withTasks.usePolicy(new Allocator() {
            @Override
            public String name() {
                return "revoker";
            }

            @Override
            public Plan allocate(AllocationView view) {
                return new Plan(List.of(), asked);
            }
        });
        assertEquals(List.of(asked.get(0)), withTasks.pass(true).revocations());
    }

    @Test
    public void sharesFollowTheBooks() {
        agent(A, "cpus:4;mem:4096");
        agent(B, "cpus:4;mem:4096");
        framework(F, "*");
        engine.pass(false);
        engine.launched(F, A, Resources.parse("cpus:2;mem:1024"));
        engine.recoverOffered(F, A, Resources.parse("cpus:2;mem:3072"));
        engine.recoverOffered(F, B, ALL);
        assertEquals("cpus 2 of 8", 0.25, engine.dominantShare(F), 1e-9);
        assertEquals(Resources.parse("cpus:2;mem:1024"), engine.allocation(F));
        engine.removeAgent(A);
        assertEquals(0.0, engine.dominantShare(F), 1e-9);
        assertEquals(Resources.empty(), engine.allocation(F));
    }
}
