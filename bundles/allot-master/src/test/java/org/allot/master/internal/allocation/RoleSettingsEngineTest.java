package org.allot.master.internal.allocation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.protocol.loop.ManualEventLoop;
import org.allot.spi.allocation.AllocationView;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.Revocation;
import org.allot.spi.allocation.TaskRef;
import org.junit.Test;

/**
 * The engine's side of roles: priorities, guarantees (and their refusal), the operator's role
 * list, waiting times, revocations in progress and a policy swap that loses and doubles nothing.
 * Manual clock.
 */
public class RoleSettingsEngineTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final AgentId A = AgentId.of("a-1");
    private static final AgentId B = AgentId.of("a-2");
    private static final FrameworkId F = FrameworkId.of("f-1");
    private static final FrameworkId G = FrameworkId.of("f-2");

    private final ManualEventLoop loop = new ManualEventLoop(START);
    private final Map<AgentId, List<TaskRef>> tasks = new HashMap<>();
    private final AllocationEngine engine = new AllocationEngine(loop,
            agentId -> tasks.getOrDefault(agentId, List.of()), () -> { });
    private final ByIdPolicy byId = new ByIdPolicy();

    public RoleSettingsEngineTest() {
        engine.usePolicy(byId);
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
    public void guaranteesBeyondTheClusterAreRefusedNamingResourceSumAndTotal() {
        agent(A, "cpus:16;mem:16384");
        agent(B, "cpus:16;mem:16384");
        engine.setGuarantee("prod", Resources.parse("cpus:20;mem:8192"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.setGuarantee("batch", Resources.parse("cpus:12.5")));
        assertEquals("guarantee cpus:12.5 for role batch refused: the guarantees would add up to cpus:32.5 but the"
                + " cluster has cpus:32; lower a guarantee or add agents", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> engine.setGuarantee("gpu", Resources.parse("gpus:1")));
        assertEquals("guarantee gpus:1 for role gpu refused: the guarantees would add up to gpus:1 but the cluster"
                + " has no gpus; lower a guarantee or add agents", e.getMessage());
        engine.setGuarantee("prod", Resources.parse("cpus:8"));
        engine.setGuarantee("batch", Resources.parse("cpus:12.5"));
        assertEquals("a role's new guarantee replaces its old one in the sum", Resources.parse("cpus:12.5"),
                guarantee("batch"));
    }

    @Test
    public void malformedGuaranteesAndRolesAreRefused() {
        agent(A, "cpus:16;mem:16384;ports:[31000-32000]");
        assertEquals("guarantee ports:[31000-31010] for role prod holds ports, which is not a scalar; guarantee only"
                + " scalars such as cpus, mem, disk and gpus", assertThrows(IllegalArgumentException.class,
                () -> engine.setGuarantee("prod", Resources.parse("ports:[31000-31010]"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> engine.setGuarantee("prod", Resources.parse("cpus(prod):2"))).getMessage()
                .contains("a guarantee is of unreserved resources"));
        assertEquals("invalid role 'my role': give a role name without whitespace",
                assertThrows(IllegalArgumentException.class,
                        () -> engine.setGuarantee("my role", Resources.parse("cpus:1"))).getMessage());
        assertEquals(List.of(), engine.roles());
    }

    @Test
    public void restoredGuaranteesAreKeptBeforeAgentsRegister() {
        engine.restoreGuarantee("prod", Resources.parse("cpus:8;mem:16384"));
        assertEquals(Resources.parse("cpus:8;mem:16384"), guarantee("prod"));
        assertThrows("a new one is still checked", IllegalArgumentException.class,
                () -> engine.setGuarantee("batch", Resources.parse("cpus:1")));
    }

    @Test
    public void theRoleListHasEveryRoleWithAFrameworkWeightPriorityOrGuarantee() {
        agent(A, "cpus:10;mem:10240");
        framework(F, "batch");
        framework(G, "batch");
        engine.updateWeights(Map.of("heavy", 2.0));
        engine.setPriority("urgent", 5);
        engine.setGuarantee("prod", Resources.parse("cpus:4"));
        engine.pass(true); // batch is offered a-1 through f-1, less the cpus:4 held back for prod
        assertEquals(List.of(
                new RoleSnapshot("batch", 1.0, 0, Resources.empty(), Resources.parse("cpus:6;mem:10240"), 1.0, 2),
                new RoleSnapshot("heavy", 2.0, 0, Resources.empty(), Resources.empty(), 0, 0),
                new RoleSnapshot("prod", 1.0, 0, Resources.parse("cpus:4"), Resources.empty(), 0, 0),
                new RoleSnapshot("urgent", 1.0, 5, Resources.empty(), Resources.empty(), 0, 0)), engine.roles());
        engine.removeGuarantee("prod");
        engine.setPriority("urgent", 0);
        assertEquals(List.of("batch", "heavy"), engine.roles().stream().map(RoleSnapshot::name).toList());
    }

    @Test
    public void policiesSeePrioritiesGuaranteesAndGuaranteeOnlyRoles() {
        agent(A, "cpus:10;mem:10240");
        framework(F, "batch");
        engine.setPriority("batch", 3);
        engine.setGuarantee("prod", Resources.parse("cpus:4"));
        List<String> seen = new ArrayList<>();
        engine.usePolicy(recording("look", view -> {
            view.allRoles().forEach(r -> seen.add(r.name() + " p" + r.priority() + " g" + r.guarantee()
                    + " eligible " + r.frameworks().size()));
            return Plan.EMPTY;
        }));
        engine.pass(true);
        assertEquals(List.of("batch p3 g eligible 1", "prod p0 gcpus:4 eligible 0"), seen);
    }

    @Test
    public void aRoleWaitsFromItsLastOfferAndAFullClusterStillAsksThePolicyOnceARoleWaitedTheDelay() {
        agent(A, "cpus:4;mem:4096");
        framework(F, "batch");
        engine.setRevocationDelay(Duration.ofSeconds(30));
        assertEquals(1, engine.pass(true).offers().size()); // batch holds everything
        engine.suppress(F); // and wants no more, so it does not wait
        loop.advance(Duration.ofSeconds(10));
        framework(G, "prod");
        List<Optional<Instant>> waits = new ArrayList<>();
        engine.usePolicy(recording("look", view -> {
            waits.add(view.waitingSince("prod"));
            assertEquals(Duration.ofSeconds(30), view.revocationDelay());
            assertEquals(Duration.ofSeconds(5), view.revocationNotice());
            return Plan.EMPTY;
        }));
        assertEquals(Plan.EMPTY, engine.pass(true));
        assertEquals("nothing free, nobody waited 30 s: the policy is not asked", List.of(), waits);
        loop.advance(Duration.ofSeconds(29));
        engine.pass(true);
        assertEquals(List.of(), waits);
        loop.advance(Duration.ofSeconds(1));
        engine.pass(false);
        assertEquals("an incremental pass with nothing free never asks", List.of(), waits);
        engine.pass(true);
        assertEquals(List.of(Optional.of(START.plusSeconds(10))), waits);

        engine.usePolicy(byId);
        engine.recoverOffered(F, A, Resources.parse("cpus:4;mem:4096"));
        assertEquals(List.of("f-2@a-1=cpus:4;mem:4096"), describe(engine.pass(false)));
        engine.usePolicy(recording("look", view -> {
            waits.add(view.waitingSince("prod"));
            waits.add(view.waitingSince("batch"));
            return Plan.EMPTY;
        }));
        engine.recoverOffered(G, A, Resources.parse("cpus:1"));
        engine.pass(false);
        assertEquals("prod waits from its offer; batch has no eligible framework",
                List.of(Optional.of(START.plusSeconds(40)), Optional.empty()), waits.subList(1, 3));
        engine.revive(F);
        engine.pass(true);
        assertEquals("batch asks again and waits from now", Optional.of(START.plusSeconds(40)), waits.get(4));
    }

    @Test
    public void aRevocationInProgressIsNotCarriedOutTwiceAndIsForgottenWhenItsTaskEnds() {
        agent(A, "cpus:4;mem:4096");
        framework(F, "batch");
        TaskRef task = new TaskRef(F, TaskId.of("t-1"), Resources.parse("cpus:1"));
        tasks.put(A, List.of(task));
        Revocation r = new Revocation(F, A, task.taskId(), "for prod", START.plusSeconds(5));
        List<Integer> inProgressSeen = new ArrayList<>();
        engine.usePolicy(recording("revoker", view -> {
            inProgressSeen.add(view.revocations().size());
            return new Plan(List.of(), List.of(r));
        }));
        assertEquals(List.of(r), engine.pass(true).revocations());
        assertEquals(List.of(r), List.copyOf(engine.revocationsInProgress()));
        engine.recoverOffered(F, A, Resources.parse("cpus:1")); // something free: a pass asks the policy
        assertEquals("named again while in progress: dropped", List.of(), engine.pass(true).revocations());
        tasks.put(A, List.of());
        engine.pass(true);
        assertEquals(List.of(0, 1, 0), inProgressSeen);
        assertTrue(engine.revocationsInProgress().isEmpty());
    }

    @Test
    public void aSwapKeepsOutstandingOffersAndNeverOffersThemAgain() {
        agent(A, "cpus:4;mem:4096");
        agent(B, "cpus:4;mem:4096");
        framework(F, "*");
        framework(G, "*");
        assertEquals(List.of("f-1@a-1=cpus:4;mem:4096", "f-1@a-2=cpus:4;mem:4096"), describe(engine.pass(true)));
        ByIdPolicy next = new ByIdPolicy();
        engine.usePolicy(next);
        assertEquals("both agents are held in outstanding offers", Plan.EMPTY, engine.pass(true));
        assertEquals(Resources.parse("cpus:8;mem:8192"), engine.offered(F));
        engine.recoverOffered(F, B, Resources.parse("cpus:4;mem:4096"));
        engine.decline(F, B, Resources.parse("cpus:4;mem:4096"), Duration.ofHours(1));
        assertEquals("only what came back is offered, once, to whom the new policy picks",
                List.of("f-2@a-2=cpus:4;mem:4096"), describe(engine.pass(false)));
        assertEquals(Plan.EMPTY, engine.pass(true));
        assertFalse(next.shown.isEmpty());
    }

    private Resources guarantee(String role) {
        return engine.roles().stream().filter(r -> r.name().equals(role)).findFirst().orElseThrow().guarantee();
    }

    private static Allocator recording(String name, java.util.function.Function<AllocationView, Plan> body) {
        return new Allocator() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Plan allocate(AllocationView view) {
                return body.apply(view);
            }
        };
    }
}
