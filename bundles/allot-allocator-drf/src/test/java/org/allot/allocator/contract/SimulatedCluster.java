package org.allot.allocator.contract;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.DominantShare;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.AgentState;
import org.allot.spi.allocation.AllocationView;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.FrameworkState;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.Revocation;
import org.allot.spi.allocation.RoleState;
import org.allot.spi.allocation.TaskRef;
import org.allot.spi.filter.FilterResult;

/**
 * A hand-written fake of the master around one {@link Allocator}: synthetic agents, frameworks and
 * roles, shown to the allocator as an {@link AllocationView}, on a manual clock. It is not the
 * master: it keeps the books the simplest way (sums recomputed on demand) so that a test can trust
 * them.
 *
 * <p>Every {@link #offer()} checks the plan against the books, so every test that uses the fake
 * also checks the {@link Allocator} contract: offers only on candidate agents, only of what is free
 * there (nothing offered twice in a pass), only to eligible frameworks (active, not suppressed)
 * whose {@link #check check} accepts, only resources unreserved or reserved for the framework's
 * role, at most one per framework and agent ({@link PlanCheck}); revocations only of live tasks
 * not being revoked already, never taking a role below its guarantee ({@link SimRevocations}).
 * Roles have weights, priorities and guarantees; the fake keeps since when each role waits for an
 * offer as the master does, and carries out revocations with a deadline at the deadline.
 *
 * <p>Simulated frameworks launch tasks of one shape: as many as fit in each offer (or
 * {@link #tasksPerOffer a limit}) while they have demand, and decline what is left for their
 * refuse duration (5 s by default, as a Mesos scheduler's default filter). A decline refuses, as
 * the master's do, only offers contained in what was declined on that agent, until it expires;
 * a newer decline on the same agent replaces it. Tasks of a framework with a
 * {@link #taskDuration duration} finish when the clock passes their end; one whose demand is used
 * up suppresses its offers, as a well-behaved scheduler does.
 *
 * <p>Not thread-safe; one test thread. Ids are plain strings in the tests ({@code "a-1"},
 * {@code "f-1"}); resources use the text syntax.
 */
public final class SimulatedCluster implements AllocationView {

    /** A refusal the master's offer filters would make, after the core declines. */
    @FunctionalInterface
    public interface Filter {
        FilterResult test(FrameworkId frameworkId, AgentId agentId, Resources resources);
    }

    /** Where the manual clock starts. */
    public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    /** A scheduler's default refuse duration after a decline, as in Mesos. */
    static final Duration DEFAULT_REFUSE = Duration.ofSeconds(5);
    /** Upper bound on passes in {@link #settle()}, so a policy that never settles fails instead of looping. */
    private static final int MAX_SETTLE_PASSES = 1_000;

    private Allocator allocator;
    private final TreeMap<AgentId, SimAgent> agents = new TreeMap<>();
    private final TreeMap<FrameworkId, SimFramework> frameworks = new TreeMap<>();
    private final SimRoles roles = new SimRoles();
    private final SimRevocations revocations = new SimRevocations(this);
    private final List<Allocation> outstanding = new ArrayList<>();
    /** Framework id of every task launched, in launch order. */
    private final List<String> launches = new ArrayList<>();
    private Filter filter = (f, a, r) -> FilterResult.accept();
    private Instant now = START;
    private long nextTask;

    public SimulatedCluster(Allocator allocator) {
        this.allocator = allocator;
    }

    public Allocator allocator() {
        return allocator;
    }

    /** A hot swap as the master does it: the old allocator paused, {@code next} reset and resumed. */
    public void swap(Allocator next) {
        allocator.pause();
        next.reset();
        next.resume();
        allocator = next;
    }

    // ----- building the cluster -----

    /** Adds agent {@code id} (host {@code <id>.example}) with {@code resources} in total. */
    public SimulatedCluster agent(String id, String resources) {
        AgentId agentId = AgentId.of(id);
        Resources total = Resources.parse(resources);
        agents.put(agentId, new SimAgent(agentId,
                AgentInfo.unregistered(id + ".example", AgentInfo.DEFAULT_PORT, total).withId(agentId), total));
        return this;
    }

    /**
     * Adds framework {@code id} in {@code role} whose tasks each need {@code taskShape}, with
     * unbounded demand; an empty shape launches nothing and declines every offer.
     */
    public SimulatedCluster framework(String id, String role, String taskShape) {
        FrameworkId frameworkId = FrameworkId.of(id);
        FrameworkInfo info = FrameworkInfo.builder("sim-" + id, "nobody").role(role).id(frameworkId).build();
        frameworks.put(frameworkId, new SimFramework(this, frameworkId, info, Resources.parse(taskShape)));
        return this;
    }

    /** Framework {@code id} has {@code tasks} more tasks to run, then suppresses offers. */
    public SimulatedCluster demand(String id, int tasks) {
        framework(id).demand = tasks;
        return this;
    }

    /** Framework {@code id} launches at most {@code n} tasks per offer and declines the rest. */
    public SimulatedCluster tasksPerOffer(String id, int n) {
        framework(id).tasksPerOffer = n;
        return this;
    }

    /** Framework {@code id} declines leftovers for {@code refuse}; zero declines nothing. */
    public SimulatedCluster refuse(String id, Duration refuse) {
        framework(id).refuse = refuse;
        return this;
    }

    /** Framework {@code id}'s tasks finish {@code duration} after launch (see {@link #advance}). */
    public SimulatedCluster taskDuration(String id, Duration duration) {
        framework(id).taskDuration = duration;
        return this;
    }

    /**
     * Framework {@code id} already runs {@code count} tasks of its shape on {@code agentId}; they
     * count against its demand but not in {@link #launches()}.
     */
    public SimulatedCluster running(String id, String agentId, int count) {
        SimFramework f = framework(id);
        for (int i = 0; i < count; i++) {
            launch(f, agent(agentId));
        }
        return this;
    }

    /** Framework {@code id} was made {@code count} offers before (Mesos's tie-break reads it). */
    public SimulatedCluster offersMadeBefore(String id, long count) {
        framework(id).allocationCount = count;
        return this;
    }

    /** Role {@code role} has {@code weight}; 1 otherwise. */
    public SimulatedCluster weight(String role, double weight) {
        roles.weights.put(role, weight);
        return this;
    }

    /** Role {@code role} has strict priority {@code priority}; 0 otherwise. */
    public SimulatedCluster priority(String role, int priority) {
        roles.priorities.put(role, priority);
        return this;
    }

    /** Role {@code role} is guaranteed {@code resources}, e.g. {@code cpus:4}; empty removes it. */
    public SimulatedCluster guarantee(String role, String resources) {
        roles.guarantees.put(role, Resources.parse(resources));
        return this;
    }

    /** The view's {@link #revocationDelay()} (30 s unless set). */
    public SimulatedCluster revocationDelay(Duration delay) {
        roles.revocationDelay = delay;
        return this;
    }

    /** The view's {@link #revocationNotice()} (zero unless set: revocations without a deadline). */
    public SimulatedCluster revocationNotice(Duration notice) {
        roles.revocationNotice = notice;
        return this;
    }

    /** The offer filters from now on (consulted after the declines). */
    public SimulatedCluster filter(Filter offerFilter) {
        this.filter = offerFilter;
        return this;
    }

    /** Framework {@code id} declines {@code resources} of {@code agentId} for {@code refuse} from now. */
    public SimulatedCluster decline(String id, String agentId, String resources, Duration refuse) {
        framework(id).declines.put(AgentId.of(agentId), new SimFramework.Decline(Resources.parse(resources), now.plus(refuse)));
        return this;
    }

    public void deactivate(String id) {
        framework(id).active = false;
    }

    public void activate(String id) {
        framework(id).active = true;
    }

    public void suppress(String id) {
        framework(id).suppressed = true;
    }

    /** The framework wants offers again; as in the master, its declines are cleared. */
    public void revive(String id) {
        SimFramework f = framework(id);
        f.suppressed = false;
        f.declines.clear();
    }

    // ----- the offer cycle -----

    /**
     * One pass: the allocator's plan, checked against the books; its offers become outstanding
     * (held by their frameworks until {@link #answerOffers()} or {@link #declineAll}) and its
     * revocations kill their tasks.
     */
    public Plan offer() {
        Set<String> asking = new HashSet<>();
        frameworks.values().stream().filter(SimFramework::eligible).forEach(f -> asking.add(f.role()));
        roles.tick(asking, now);
        Set<AgentId> candidates = candidates().stream().map(AgentState::id).collect(Collectors.toSet());
        Plan plan = allocator.allocate(this);
        assertNotNull(allocator.name() + " returned no plan", plan);
        PlanCheck.offers(this, plan, candidates);
        revocations.carryOut(plan.revocations(), now);
        for (Allocation a : plan.offers()) {
            outstanding.add(a);
            agents.get(a.agentId()).offered = agents.get(a.agentId()).offered.add(a.resources());
            frameworks.get(a.frameworkId()).allocationCount++;
        }
        roles.offered(plan.offers().stream().map(a -> frameworks.get(a.frameworkId()).role()).toList(), now);
        return plan;
    }

    /**
     * Every framework answers its outstanding offers: it launches as many of its tasks as fit
     * (within its demand and per-offer limit) and declines the rest. Returns the tasks launched.
     */
    public int answerOffers() {
        int launched = 0;
        for (Allocation a : List.copyOf(outstanding)) {
            SimFramework f = frameworks.get(a.frameworkId());
            SimAgent agent = agents.get(a.agentId());
            agent.offered = agent.offered.subtract(a.resources());
            Resources left = a.resources();
            int n = 0;
            while (!f.taskShape.isEmpty() && f.demand > 0 && n < f.tasksPerOffer && left.contains(f.taskShape)) {
                left = left.subtract(f.taskShape);
                launch(f, agent);
                launches.add(f.id().value());
                n++;
            }
            launched += n;
            declineRest(f, a.agentId(), left, f.refuse);
            if (f.demand == 0) {
                f.suppressed = true;
            }
        }
        outstanding.clear();
        return launched;
    }

    /** Every framework declines all its outstanding offers for {@code refuse} (zero: declines nothing). */
    public void declineAll(Duration refuse) {
        for (Allocation a : List.copyOf(outstanding)) {
            SimAgent agent = agents.get(a.agentId());
            agent.offered = agent.offered.subtract(a.resources());
            declineRest(frameworks.get(a.frameworkId()), a.agentId(), a.resources(), refuse);
        }
        outstanding.clear();
    }

    /** {@link #offer()} then {@link #answerOffers()}; returns the tasks launched. */
    public int round() {
        offer();
        return answerOffers();
    }

    /**
     * Rounds until one launches nothing; then the books are what they were before that round, bar
     * declines, so further rounds launch nothing until the clock moves. Fails after {@code maxRounds}.
     *
     * @return the number of rounds that launched tasks
     */
    public int runUntilStable(int maxRounds) {
        for (int i = 0; i < maxRounds; i++) {
            if (round() == 0) {
                return i;
            }
        }
        fail("no fixed point after " + maxRounds + " rounds; tasks: " + taskCounts());
        return maxRounds;
    }

    /**
     * Rounds until a pass offers nothing, as the master's passes after every change do; returns
     * the tasks launched. Fails if that never happens.
     */
    public int settle() {
        int launched = 0;
        for (int i = 0; i < MAX_SETTLE_PASSES; i++) {
            if (offer().offers().isEmpty()) {
                return launched;
            }
            launched += answerOffers();
        }
        fail("still offering after " + MAX_SETTLE_PASSES + " passes; tasks: " + taskCounts());
        return launched;
    }

    /** Moves the clock: declines that ran out stop refusing, tasks whose duration passed finish. */
    public void advance(Duration d) {
        now = now.plus(d);
        for (SimAgent agent : agents.values()) {
            agent.tasks.removeIf(t -> t.endsAt() != null && !t.endsAt().isAfter(now));
        }
        revocations.expire(now);
    }

    private void launch(SimFramework f, SimAgent agent) {
        TaskId taskId = TaskId.of(f.id().value() + "-task-" + (++nextTask));
        agent.tasks.add(new SimAgent.Task(f.id(), taskId, f.taskShape, f.taskDuration == null ? null : now.plus(f.taskDuration)));
        if (f.demand != Integer.MAX_VALUE) {
            f.demand--;
        }
    }

    private void declineRest(SimFramework f, AgentId agentId, Resources rest, Duration refuse) {
        if (!rest.isEmpty() && !refuse.isZero()) {
            f.declines.put(agentId, new SimFramework.Decline(rest, now.plus(refuse)));
        }
    }

    // ----- the AllocationView -----

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Resources clusterTotal() {
        Resources sum = Resources.empty();
        for (SimAgent a : agents.values()) {
            sum = sum.add(a.total());
        }
        return sum;
    }

    /** Agents with something free that at least one eligible framework does not refuse, by id. */
    @Override
    public Collection<? extends AgentState> candidates() {
        List<SimAgent> out = new ArrayList<>();
        for (SimAgent a : agents.values()) {
            if (!a.free().isEmpty() && frameworks.values().stream().anyMatch(f -> f.eligible()
                    && !refuses(f.id(), a.id(), a.freeFor(f.role())))) {
                out.add(a);
            }
        }
        return out;
    }

    @Override
    public Optional<? extends AgentState> agent(AgentId agentId) {
        return Optional.ofNullable(agents.get(agentId));
    }

    @Override
    public Collection<? extends RoleState> roles() {
        TreeMap<String, SimRole> eligible = new TreeMap<>();
        for (SimFramework f : frameworks.values()) {
            if (f.eligible()) {
                eligible.computeIfAbsent(f.role(), name -> new SimRole(this, name));
            }
        }
        return eligible.values();
    }

    @Override
    public Collection<? extends AgentState> agents() {
        return agents.values();
    }

    /** Roles with a framework, eligible or not, or a guarantee. */
    @Override
    public Collection<? extends RoleState> allRoles() {
        TreeMap<String, SimRole> all = new TreeMap<>();
        frameworks.values().forEach(f -> all.computeIfAbsent(f.role(), name -> new SimRole(this, name)));
        roles.guarantees.forEach((name, g) -> {
            if (!g.isEmpty()) {
                all.computeIfAbsent(name, x -> new SimRole(this, x));
            }
        });
        return all.values();
    }

    @Override
    public Optional<Instant> waitingSince(String role) {
        return Optional.ofNullable(roles.waitingSince(role));
    }

    @Override
    public Duration revocationDelay() {
        return roles.revocationDelay;
    }

    @Override
    public Duration revocationNotice() {
        return roles.revocationNotice;
    }

    @Override
    public Collection<Revocation> revocations() {
        return revocations.inProgress();
    }

    @Override
    public Optional<? extends RoleState> role(String name) {
        return roles().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    @Override
    public Optional<? extends FrameworkState> framework(FrameworkId frameworkId) {
        return Optional.ofNullable(frameworks.get(frameworkId));
    }

    @Override
    public boolean refuses(FrameworkId frameworkId, AgentId agentId, Resources resources) {
        SimFramework f = frameworks.get(frameworkId);
        SimFramework.Decline d = f == null ? null : f.declines.get(agentId);
        return d != null && now.isBefore(d.until()) && d.resources().contains(resources);
    }

    @Override
    public FilterResult check(FrameworkId frameworkId, AgentId agentId, Resources resources) {
        if (refuses(frameworkId, agentId, resources)) {
            return FilterResult.refuse("framework " + frameworkId + " declined " + resources + " of agent " + agentId);
        }
        return filter.test(frameworkId, agentId, resources);
    }

    @Override
    public Collection<TaskRef> tasks(AgentId agentId) {
        SimAgent a = agents.get(agentId);
        return a == null ? List.of()
                : a.tasks.stream().map(t -> new TaskRef(t.frameworkId(), t.taskId(), t.resources())).collect(Collectors.toList());
    }

    // ----- what the books say -----

    /** What is free on {@code agentId}: total minus tasks minus outstanding offers. */
    public Resources free(String agentId) {
        return agent(agentId).free();
    }

    /** Tasks framework {@code id} runs now, on all agents. */
    public int tasks(String id) {
        FrameworkId frameworkId = FrameworkId.of(id);
        return (int) agents.values().stream().flatMap(a -> a.tasks.stream())
                .filter(t -> t.frameworkId().equals(frameworkId)).count();
    }

    /** Running tasks per framework id, for assertions and messages. */
    public Map<String, Integer> taskCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        frameworks.keySet().forEach(id -> counts.put(id.value(), tasks(id.value())));
        return counts;
    }

    /** The framework id of every task launched so far, in launch order. */
    public List<String> launches() {
        return List.copyOf(launches);
    }

    SimRoles settings() {
        return roles;
    }

    /** Every revocation a plan named (and this cluster carried out or is carrying out), in order. */
    public List<Revocation> revoked() {
        return revocations.revoked();
    }

    /** The frameworks of {@code role} (only the eligible ones if {@code eligibleOnly}), by id. */
    List<SimFramework> frameworksIn(String role, boolean eligibleOnly) {
        return frameworks.values().stream().filter(f -> f.role().equals(role) && (!eligibleOnly || f.eligible()))
                .collect(Collectors.toList());
    }

    /** Framework {@code id}'s dominant share from the books, by {@link DominantShare#of}. */
    public double dominantShare(String id) {
        return framework(id).dominantShare();
    }

    SimAgent agentById(AgentId id) {
        return agents.get(id);
    }

    SimFramework frameworkById(FrameworkId id) {
        return frameworks.get(id);
    }

    private SimFramework framework(String id) {
        SimFramework f = frameworks.get(FrameworkId.of(id));
        if (f == null) {
            throw new IllegalArgumentException("no framework " + id + " in the simulated cluster; add it with framework()");
        }
        return f;
    }

    private SimAgent agent(String id) {
        SimAgent a = agents.get(AgentId.of(id));
        if (a == null) {
            throw new IllegalArgumentException("no agent " + id + " in the simulated cluster; add it with agent()");
        }
        return a;
    }

    /** What the framework's tasks use plus what its outstanding offers hold. */
    Resources allocationOf(FrameworkId frameworkId) {
        Resources sum = Resources.empty();
        for (SimAgent a : agents.values()) {
            for (SimAgent.Task t : a.tasks) {
                if (t.frameworkId().equals(frameworkId)) {
                    sum = sum.add(t.resources());
                }
            }
        }
        for (Allocation o : outstanding) {
            if (o.frameworkId().equals(frameworkId)) {
                sum = sum.add(o.resources());
            }
        }
        return sum;
    }

    /**
     * Fails unless the plan is exactly {@code expected}: its offers as in {@link #assertOffers},
     * then its revocations as {@code "revoke f-1-task-3@a-1"}, with {@code " by <deadline>"} if it has one.
     */
    public static void assertPlan(Plan plan, String... expected) {
        List<String> actual = plan.offers().stream()
                .map(a -> a.frameworkId().value() + "@" + a.agentId().value() + " " + a.resources())
                .collect(Collectors.toList());
        plan.revocations().forEach(r -> actual.add("revoke " + r.taskId().value() + "@" + r.agentId().value()
                + (r.deadline() == null ? "" : " by " + r.deadline())));
        assertEquals(List.of(expected), actual);
    }

    /** Fails unless the plan offers exactly {@code expected}, e.g. {@code "f-1@a-1 cpus:2"} each. */
    public static void assertOffers(Plan plan, String... expected) {
        List<String> actual = plan.offers().stream()
                .map(a -> a.frameworkId().value() + "@" + a.agentId().value() + " " + a.resources())
                .collect(Collectors.toList());
        assertEquals(List.of(expected), actual);
        assertEquals("revocations", List.of(), plan.revocations());
    }
}
