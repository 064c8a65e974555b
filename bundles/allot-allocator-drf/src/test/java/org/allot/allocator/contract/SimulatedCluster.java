package org.allot.allocator.contract;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.OfferCheck;
import org.allot.spi.filter.FilterResult;

/**
 * A hand-written harness standing in for the master and its frameworks around one {@link Allocator}:
 * it keeps the registry the master would keep (agents, frameworks, what each framework uses or holds
 * in outstanding offers), tells the allocator of every change as the master does, and simulates
 * frameworks that launch as many tasks of one fixed shape as fit in each offer and give the rest
 * back with {@link Allocator#recoverResources}.
 *
 * <p>Every {@link #offer()} checks the allocator's proposals against the registry, so every test
 * that uses the harness also checks the {@link Allocator} contract: allocations only on known agents
 * to known, active, unsuppressed frameworks, never more than is free (so nothing offered twice
 * before it is recovered), at most one per framework and agent per pass, only what the offer check
 * accepts, and nothing while paused.
 *
 * <p>Ids are plain strings in the tests ({@code "a-1"}, {@code "f-1"}); resources use the text syntax.
 */
public final class SimulatedCluster {

    /** Upper bound on tasks launched on one offer, so a zero-sized task shape cannot loop forever. */
    private static final int MAX_TASKS_PER_OFFER = 10_000;

    private final Allocator allocator;
    private final TreeMap<AgentId, AgentInfo> agents = new TreeMap<>();
    private final TreeMap<FrameworkId, SimFramework> frameworks = new TreeMap<>();
    /** The master's truth: per agent and framework, resources used by tasks or held in outstanding offers. */
    private final Map<AgentId, Map<FrameworkId, Resources>> used = new HashMap<>();
    private final List<Allocation> outstanding = new ArrayList<>();
    private Map<String, Double> weights = Map.of();
    private OfferCheck check = OfferCheck.acceptAll();
    private boolean paused;

    public SimulatedCluster(Allocator allocator) {
        this.allocator = allocator;
    }

    public Allocator allocator() {
        return allocator;
    }

    // ----- the master's side: registry changes, each told to the allocator -----

    /** Registers agent {@code id} (host {@code <id>.example}) with {@code resources} in total. */
    public SimulatedCluster agent(String id, String resources) {
        AgentId agentId = AgentId.of(id);
        Resources total = Resources.parse(resources);
        AgentInfo info = AgentInfo.unregistered(id + ".example", AgentInfo.DEFAULT_PORT, total).withId(agentId);
        agents.put(agentId, info);
        allocator.addAgent(agentId, info, total, usedOn(agentId));
        return this;
    }

    /**
     * Subscribes framework {@code id} in {@code role} whose tasks each need {@code taskShape}; an
     * empty shape means it launches nothing and gives every offer back.
     */
    public SimulatedCluster framework(String id, String role, String taskShape) {
        FrameworkId frameworkId = FrameworkId.of(id);
        FrameworkInfo info = FrameworkInfo.builder("sim-" + id, "nobody").role(role).id(frameworkId).build();
        frameworks.put(frameworkId, new SimFramework(info, Resources.parse(taskShape)));
        allocator.addFramework(frameworkId, info, usedBy(frameworkId), true);
        return this;
    }

    public void removeAgent(String id) {
        AgentId agentId = AgentId.of(id);
        agents.remove(agentId);
        used.remove(agentId);
        outstanding.removeIf(a -> a.agentId().equals(agentId));
        frameworks.values().forEach(f -> f.tasks.remove(agentId));
        allocator.removeAgent(agentId);
    }

    public void removeFramework(String id) {
        FrameworkId frameworkId = FrameworkId.of(id);
        frameworks.remove(frameworkId);
        used.values().forEach(m -> m.remove(frameworkId));
        outstanding.removeIf(a -> a.frameworkId().equals(frameworkId));
        allocator.removeFramework(frameworkId);
    }

    public void deactivate(String id) {
        framework(id).active = false;
        allocator.deactivateFramework(FrameworkId.of(id));
    }

    public void activate(String id) {
        framework(id).active = true;
        allocator.activateFramework(FrameworkId.of(id));
    }

    public void suppress(String id) {
        framework(id).suppressed = true;
        allocator.suppressOffers(FrameworkId.of(id));
    }

    public void revive(String id) {
        framework(id).suppressed = false;
        allocator.reviveOffers(FrameworkId.of(id));
    }

    public void weights(Map<String, Double> roleWeights) {
        weights = Map.copyOf(roleWeights);
        allocator.updateWeights(weights);
    }

    public void pause() {
        paused = true;
        allocator.pause();
    }

    public void resume() {
        paused = false;
        allocator.resume();
    }

    /** The offer check used from now on (the master's filters, as the allocator sees them). */
    public void check(OfferCheck offerCheck) {
        this.check = offerCheck;
    }

    // ----- the offer cycle -----

    /**
     * One allocation pass: the allocator's proposals become outstanding offers, held by their
     * frameworks until {@link #answerOffers()} or {@link #declineAll()}. Verifies the allocator
     * contract on each proposal.
     */
    public List<Allocation> offer() {
        List<Allocation> proposed = allocator.allocate(check);
        assertNotNull("allocate returned null", proposed);
        if (paused) {
            assertEquals("a paused allocator proposes nothing", List.of(), proposed);
        }
        Map<AgentId, Resources> freeNow = new HashMap<>();
        Set<String> pairs = new HashSet<>();
        for (Allocation a : proposed) {
            assertTrue("allocation on unknown or removed agent: " + a, agents.containsKey(a.agentId()));
            SimFramework f = frameworks.get(a.frameworkId());
            assertNotNull("allocation to unknown or removed framework: " + a, f);
            assertTrue("allocation to inactive framework: " + a, f.active);
            assertFalse("allocation to suppressed framework: " + a, f.suppressed);
            assertFalse("allocation of nothing: " + a, a.resources().isEmpty());
            assertTrue("two allocations of agent " + a.agentId() + " to framework " + a.frameworkId()
                    + " in one pass: " + proposed, pairs.add(a.frameworkId() + "@" + a.agentId()));
            Resources free = freeNow.computeIfAbsent(a.agentId(), this::free);
            assertTrue("allocation " + a + " exceeds what is free on " + a.agentId() + ": " + free
                    + " (offered twice before recovery, or more than the agent has)", free.contains(a.resources()));
            freeNow.put(a.agentId(), free.subtract(a.resources()));
            FilterResult verdict = check.test(a.frameworkId(), a.agentId(), a.resources());
            assertTrue("allocation " + a + " was refused by the offer check: " + verdict, verdict.isAccepted());
            hold(a.agentId(), a.frameworkId(), a.resources());
            outstanding.add(a);
        }
        return proposed;
    }

    /**
     * Every framework answers its outstanding offers: it launches as many of its tasks as fit in
     * each and gives the rest back. Returns the number of tasks launched.
     */
    public int answerOffers() {
        int launched = 0;
        for (Allocation a : List.copyOf(outstanding)) {
            SimFramework f = frameworks.get(a.frameworkId());
            Resources left = a.resources();
            int n = 0;
            while (!f.taskShape.isEmpty() && n < MAX_TASKS_PER_OFFER && left.contains(f.taskShape)) {
                left = left.subtract(f.taskShape);
                n++;
            }
            f.tasks.merge(a.agentId(), n, Integer::sum);
            launched += n;
            giveBack(a, left);
        }
        outstanding.clear();
        return launched;
    }

    /** Every framework declines all its outstanding offers. */
    public void declineAll() {
        for (Allocation a : List.copyOf(outstanding)) {
            giveBack(a, a.resources());
        }
        outstanding.clear();
    }

    /** {@link #offer()} then {@link #answerOffers()}; returns the tasks launched. */
    public int round() {
        offer();
        return answerOffers();
    }

    /**
     * Rounds until one launches nothing; since the allocator's state is then what it was before
     * the round, every further round would be the same. Fails if that takes more than {@code maxRounds}.
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

    private void giveBack(Allocation a, Resources resources) {
        if (resources.isEmpty()) {
            return;
        }
        release(a.agentId(), a.frameworkId(), resources);
        allocator.recoverResources(a.frameworkId(), a.agentId(), resources);
    }

    // ----- hot swap -----

    /**
     * A copy of this cluster's registry around {@code fresh}, seeded as the master seeds a newly
     * bound allocator: {@code reset()}, every agent with its usage, every framework with its usage,
     * weights, suppressions, then {@code resume()}. Outstanding offers stay outstanding (and counted).
     * {@code fresh} may have been seeded before, by another registry.
     */
    public SimulatedCluster seed(Allocator fresh) {
        SimulatedCluster copy = new SimulatedCluster(fresh);
        copy.agents.putAll(agents);
        frameworks.forEach((id, f) -> copy.frameworks.put(id, f.copy()));
        used.forEach((agentId, m) -> copy.used.put(agentId, new HashMap<>(m)));
        copy.outstanding.addAll(outstanding);
        copy.weights = weights;
        copy.check = check;
        fresh.reset();
        agents.forEach((id, info) -> fresh.addAgent(id, info, info.resources(), usedOn(id)));
        frameworks.forEach((id, f) -> fresh.addFramework(id, f.info, usedBy(id), f.active));
        fresh.updateWeights(weights);
        frameworks.forEach((id, f) -> {
            if (f.suppressed) {
                fresh.suppressOffers(id);
            }
        });
        fresh.resume();
        return copy;
    }

    // ----- what the registry says -----

    /** The agent's total minus everything used or held on it. */
    public Resources free(AgentId agentId) {
        Resources free = agents.get(agentId).resources();
        for (Resources r : used.getOrDefault(agentId, Map.of()).values()) {
            free = free.subtract(r);
        }
        return free;
    }

    public Resources free(String agentId) {
        return free(AgentId.of(agentId));
    }

    /** Tasks framework {@code id} runs, on all agents. */
    public int tasks(String id) {
        return framework(id).tasks.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Tasks per framework id, for messages. */
    public Map<String, Integer> taskCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        frameworks.keySet().forEach(id -> counts.put(id.value(), tasks(id.value())));
        return counts;
    }

    /** What framework {@code id} uses or holds, summed over agents. */
    public Resources usedBy(String id) {
        Resources sum = Resources.empty();
        for (Resources r : usedBy(FrameworkId.of(id)).values()) {
            sum = sum.add(r);
        }
        return sum;
    }

    /**
     * The framework's dominant share computed from the registry, independently of the allocator:
     * max over cpus, mem, disk, gpus of used / cluster total.
     */
    public double dominantShare(String id) {
        Resources mine = usedBy(id);
        Resources total = Resources.empty();
        for (AgentInfo info : agents.values()) {
            total = total.add(info.resources());
        }
        double share = 0;
        for (String kind : List.of("cpus", "mem", "disk", "gpus")) {
            if (total.scalarMillis(kind) > 0) {
                share = Math.max(share, (double) mine.scalarMillis(kind) / total.scalarMillis(kind));
            }
        }
        return share;
    }

    private SimFramework framework(String id) {
        SimFramework f = frameworks.get(FrameworkId.of(id));
        if (f == null) {
            throw new IllegalArgumentException("no framework " + id + " in the simulated cluster");
        }
        return f;
    }

    private Map<FrameworkId, Resources> usedOn(AgentId agentId) {
        return Map.copyOf(used.getOrDefault(agentId, Map.of()));
    }

    private Map<AgentId, Resources> usedBy(FrameworkId frameworkId) {
        Map<AgentId, Resources> mine = new HashMap<>();
        used.forEach((agentId, m) -> {
            Resources r = m.get(frameworkId);
            if (r != null && !r.isEmpty()) {
                mine.put(agentId, r);
            }
        });
        return mine;
    }

    private void hold(AgentId agentId, FrameworkId frameworkId, Resources r) {
        used.computeIfAbsent(agentId, a -> new HashMap<>()).merge(frameworkId, r, Resources::add);
    }

    private void release(AgentId agentId, FrameworkId frameworkId, Resources r) {
        Map<FrameworkId, Resources> m = used.get(agentId);
        Resources left = m.get(frameworkId).subtract(r);
        if (left.isEmpty()) {
            m.remove(frameworkId);
        } else {
            m.put(frameworkId, left);
        }
    }

    private static final class SimFramework {
        final FrameworkInfo info;
        final Resources taskShape;
        final Map<AgentId, Integer> tasks = new TreeMap<>();
        boolean active = true;
        boolean suppressed;

        SimFramework(FrameworkInfo info, Resources taskShape) {
            this.info = info;
            this.taskShape = taskShape;
        }

        SimFramework copy() {
            SimFramework c = new SimFramework(info, taskShape);
            c.tasks.putAll(tasks);
            c.active = active;
            c.suppressed = suppressed;
            return c;
        }
    }
}
