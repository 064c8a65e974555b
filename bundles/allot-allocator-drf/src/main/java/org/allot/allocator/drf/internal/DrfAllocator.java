package org.allot.allocator.drf.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dominant Resource Fairness (Ghodsi et al., NSDI 2011) with role weights: each agent's free
 * resources are offered to the framework with the lowest weighted dominant share.
 *
 * <h2>Dominant share</h2>
 * A framework's share of a resource kind is what it is allocated (used by its tasks or held in its
 * outstanding offers) over the cluster's total of that kind; its dominant share is the largest of
 * those shares over the scalar kinds {@code cpus}, {@code mem}, {@code disk} and {@code gpus}
 * (summed over roles; kinds the cluster has none of are ignored). The weighted share divides it by
 * the weight of the framework's role (1 unless {@link #updateWeights} says otherwise).
 *
 * <p>Worked numbers, the paper's example: the cluster has 9 cpus and 18 GB (18432 MB). Framework A
 * runs tasks of {@code cpus:1;mem:4096}, B tasks of {@code cpus:3;mem:1024}. With 3 tasks A holds
 * 3/9 = 0.33 of the cpus and 12288/18432 = 0.67 of the memory: dominant share 0.67 (memory). With 2
 * tasks B holds 6/9 = 0.67 of the cpus and 2048/18432 = 0.11 of the memory: dominant share 0.67
 * (cpus). Neither can run another task without taking more than the other, which is DRF's answer.
 * If A's role had weight 2, A would sort as 0.67 / 2 = 0.33 and be offered before B.
 *
 * <h2>A pass of {@link #allocate}</h2>
 * For each agent in agent id order: take its free resources (total minus allocated); offer what
 * the framework may use of them (unreserved plus those reserved for the framework's role) to the
 * active, unsuppressed framework with the lowest weighted share (ties broken by framework id, so
 * the outcome is deterministic) whose {@link OfferCheck} accepts; count the offer as allocated, so
 * shares change for the next agent; if reserved resources of another role remain, repeat for them.
 * A framework is offered each agent at most once per pass, and one the check refuses is not asked
 * again for that agent in that pass.
 *
 * <p>NOTE: the whole free part of an agent goes into one offer, as in Mesos. DRF's fairness is
 * therefore decided offer by offer: a framework offered a big agent may launch more than its fair
 * share on it. Small agents, or frameworks that accept only what they need, come closer to the
 * paper's progressive filling.
 *
 * <h2>State</h2>
 * Only what it is told and can be rebuilt (see {@link Allocator}): agents with totals, frameworks
 * with their flags, allocations per agent and framework, weights. Usage passed to
 * {@link #addAgent} and {@link #addFramework} is <em>set</em>, not added, so the same usage
 * reported by both during seeding counts once; usage that names an agent or framework not yet
 * added is kept and counts once it is.
 *
 * <p>{@link #reset()} forgets all of it: the master calls it before seeding, since the one DS
 * instance is seeded again by every master and after every switch back to it.
 *
 * <p>Not thread-safe: the master calls it from its event loop only. Usable without OSGi:
 * {@code new DrfAllocator()}. It starts resumed; the master pauses it when it unbinds it.
 */
@Component(service = Allocator.class, property = {"allocator.name=" + DrfAllocator.NAME, "service.ranking:Integer=0"})
public final class DrfAllocator implements Allocator {

    /** The name the operator selects it by, and its {@code allocator.name} service property. */
    public static final String NAME = "drf";

    /** The scalar kinds a dominant share is taken over. */
    static final List<String> KINDS = List.of("cpus", "mem", "disk", "gpus");

    private static final String UNRESERVED = "*";

    private static final Logger LOG = LoggerFactory.getLogger(DrfAllocator.class);

    private final TreeMap<AgentId, Agent> agents = new TreeMap<>();
    private final TreeMap<FrameworkId, Framework> frameworks = new TreeMap<>();
    /**
     * Allocated resources by agent, then framework. May name agents or frameworks not added (yet):
     * seeding reports usage through both addAgent and addFramework, in either order.
     */
    private final Map<AgentId, TreeMap<FrameworkId, Resources>> allocations = new HashMap<>();
    /** Sum of the known agents' totals per kind of {@link #KINDS}, in thousandths. */
    private final long[] clusterTotal = new long[KINDS.size()];
    private Map<String, Double> weights = Map.of();
    private boolean paused;

    public DrfAllocator() {
        // Everything arrives through the Allocator calls; nothing to configure.
    }

    @Override
    public String name() {
        return NAME;
    }

    // ----- frameworks -----

    @Override
    public void addFramework(FrameworkId frameworkId, FrameworkInfo info, Map<AgentId, Resources> used,
                             boolean active) {
        Objects.requireNonNull(info, "info");
        if (frameworks.containsKey(frameworkId)) {
            LOG.warn("Framework {} added twice; replacing its info and setting its usage again", frameworkId);
        }
        frameworks.put(frameworkId, new Framework(frameworkId, info, active));
        used.forEach((agentId, resources) -> setAllocation(agentId, frameworkId, resources));
        rebuildShares();
        LOG.info("Added framework '{}' ({}) in role {}{}{}", info.name(), frameworkId, info.role(),
                used.isEmpty() ? "" : " using " + used, active ? "" : ", inactive");
    }

    @Override
    public void removeFramework(FrameworkId frameworkId) {
        Framework removed = frameworks.remove(frameworkId);
        for (AgentId agentId : new ArrayList<>(allocations.keySet())) {
            setAllocation(agentId, frameworkId, Resources.empty());
        }
        if (removed == null) {
            LOG.warn("Removing unknown framework {}: nothing to remove but its allocations, if any", frameworkId);
        } else {
            LOG.info("Removed framework '{}' ({})", removed.info.name(), frameworkId);
        }
    }

    @Override
    public void activateFramework(FrameworkId frameworkId) {
        framework(frameworkId, "activate").ifPresent(f -> {
            f.active = true;
            LOG.info("Activated framework '{}' ({})", f.info.name(), frameworkId);
        });
    }

    @Override
    public void deactivateFramework(FrameworkId frameworkId) {
        framework(frameworkId, "deactivate").ifPresent(f -> {
            f.active = false;
            LOG.info("Deactivated framework '{}' ({}): no offers until it reconnects", f.info.name(), frameworkId);
        });
    }

    @Override
    public void suppressOffers(FrameworkId frameworkId) {
        framework(frameworkId, "suppress offers of").ifPresent(f -> {
            f.suppressed = true;
            LOG.info("Suppressed offers to framework '{}' ({})", f.info.name(), frameworkId);
        });
    }

    @Override
    public void reviveOffers(FrameworkId frameworkId) {
        framework(frameworkId, "revive offers of").ifPresent(f -> {
            f.suppressed = false;
            LOG.info("Revived offers to framework '{}' ({})", f.info.name(), frameworkId);
        });
    }

    private Optional<Framework> framework(FrameworkId frameworkId, String action) {
        Framework f = frameworks.get(frameworkId);
        if (f == null) {
            LOG.warn("Cannot {} framework {}: the allocator does not know it; was it added?", action, frameworkId);
        }
        return Optional.ofNullable(f);
    }

    // ----- agents -----

    @Override
    public void addAgent(AgentId agentId, AgentInfo info, Resources total, Map<FrameworkId, Resources> used) {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(total, "total");
        boolean again = agents.containsKey(agentId);
        agents.put(agentId, new Agent(info, total));
        used.forEach((frameworkId, resources) -> setAllocation(agentId, frameworkId, resources));
        Agent agent = agents.get(agentId);
        agent.allocated = sumAllocated(agentId);
        rebuildShares();
        warnIfOverAllocated(agentId, agent);
        LOG.info("{} agent {} ({}) with {}{}", again ? "Re-added" : "Added", info.hostname(), agentId, total,
                used.isEmpty() ? "" : ", in use " + used);
    }

    @Override
    public void removeAgent(AgentId agentId) {
        Agent removed = agents.remove(agentId);
        allocations.remove(agentId);
        rebuildShares();
        if (removed == null) {
            LOG.warn("Removing unknown agent {}: nothing to remove", agentId);
        } else {
            LOG.info("Removed agent {} ({}) and everything allocated on it", removed.info.hostname(), agentId);
        }
    }

    @Override
    public void updateAgent(AgentId agentId, Resources total) {
        Agent agent = agents.get(agentId);
        if (agent == null) {
            LOG.warn("Cannot update agent {} to {}: the allocator does not know it; was it added?", agentId, total);
            return;
        }
        agent.total = Objects.requireNonNull(total, "total");
        rebuildShares();
        warnIfOverAllocated(agentId, agent);
        LOG.info("Updated agent {} ({}) to {}", agent.info.hostname(), agentId, total);
    }

    private static void warnIfOverAllocated(AgentId agentId, Agent agent) {
        if (!agent.total.contains(agent.allocated)) {
            LOG.warn("Agent {} has {} allocated but only {} in total; offering only what is left of each resource",
                    agentId, agent.allocated, agent.total);
        }
    }

    // ----- resources -----

    @Override
    public void recoverResources(FrameworkId frameworkId, AgentId agentId, Resources resources) {
        if (resources.isEmpty()) {
            return;
        }
        if (!agents.containsKey(agentId)) {
            LOG.debug("Ignoring recovery of {} on removed agent {} for framework {}", resources, agentId, frameworkId);
            return;
        }
        Resources held = allocation(agentId, frameworkId);
        if (!held.contains(resources)) {
            LOG.warn("Framework {} gives back {} on agent {} but holds only {} there; recovering what it holds",
                    frameworkId, resources, agentId, held.isEmpty() ? "nothing" : held);
        }
        setAllocation(agentId, frameworkId, ResourceMath.subtractSaturating(held, resources));
        LOG.debug("Recovered {} of framework {} on agent {}", resources, frameworkId, agentId);
    }

    @Override
    public void updateWeights(Map<String, Double> newWeights) {
        Map<String, Double> valid = new HashMap<>();
        newWeights.forEach((role, weight) -> {
            if (weight == null || !(weight > 0) || weight.isInfinite()) {
                LOG.warn("Ignoring weight {} of role {}: a weight must be a positive finite number; using 1",
                        weight, role);
            } else {
                valid.put(role, weight);
            }
        });
        weights = Collections.unmodifiableMap(valid);
        LOG.info("Role weights now {} (others 1)", new TreeMap<>(weights));
    }

    /** Forgets agents, frameworks, allocations and weights; paused or not stays as it is. */
    @Override
    public void reset() {
        agents.clear();
        frameworks.clear();
        allocations.clear();
        Arrays.fill(clusterTotal, 0);
        weights = Map.of();
        LOG.info("DRF allocator reset: forgot every agent, framework and allocation");
    }

    @Override
    public void pause() {
        paused = true;
        LOG.info("DRF allocator paused");
    }

    @Override
    public void resume() {
        paused = false;
        LOG.info("DRF allocator resumed");
    }

    // ----- the decision -----

    @Override
    public List<Allocation> allocate(OfferCheck check) {
        if (paused) {
            LOG.debug("Paused: no allocations");
            return List.of();
        }
        List<Allocation> out = new ArrayList<>();
        for (Map.Entry<AgentId, Agent> entry : agents.entrySet()) {
            AgentId agentId = entry.getKey();
            Resources free = entry.getValue().free();
            // Frameworks offered this agent, or refused by the check for it, in this pass.
            Set<FrameworkId> asked = new HashSet<>();
            while (!free.isEmpty()) {
                Allocation next = nextAllocation(check, agentId, free, asked);
                if (next == null) {
                    break;
                }
                setAllocation(agentId, next.frameworkId(), allocation(agentId, next.frameworkId()).add(next.resources()));
                out.add(next);
                free = free.subtract(next.resources());
            }
        }
        LOG.debug("DRF pass over {} agents and {} frameworks: {} allocations {}", agents.size(), frameworks.size(),
                out.size(), out);
        return out;
    }

    /** The offer of (part of) {@code free} to the lowest-share framework that may have it, or null. */
    private Allocation nextAllocation(OfferCheck check, AgentId agentId, Resources free, Set<FrameworkId> asked) {
        for (Framework f : byWeightedShare()) {
            if (asked.contains(f.id)) {
                continue;
            }
            Resources offerable = offerable(free, f.info.role());
            if (offerable.isEmpty()) {
                continue;
            }
            asked.add(f.id);
            FilterResult verdict = test(check, f.id, agentId, offerable);
            if (verdict.isAccepted()) {
                return new Allocation(f.id, agentId, offerable);
            }
            LOG.debug("Not offering {} of agent {} to framework {}: {}", offerable, agentId, f.id, verdict.reason());
        }
        return null;
    }

    /** Active, unsuppressed frameworks, lowest weighted dominant share first, then by id. */
    private List<Framework> byWeightedShare() {
        List<Framework> eligible = new ArrayList<>();
        Map<FrameworkId, Double> shares = new HashMap<>();
        for (Framework f : frameworks.values()) {
            if (f.active && !f.suppressed) {
                eligible.add(f);
                shares.put(f.id, weightedShare(f));
            }
        }
        eligible.sort(Comparator.<Framework>comparingDouble(f -> shares.get(f.id)).thenComparing(f -> f.id));
        return eligible;
    }

    private static FilterResult test(OfferCheck check, FrameworkId frameworkId, AgentId agentId, Resources offer) {
        try {
            FilterResult verdict = check.test(frameworkId, agentId, offer);
            return verdict != null ? verdict : FilterResult.refuse("the offer check gave no answer");
        } catch (RuntimeException e) {
            // NOTE: refuse rather than propagate: allocations made earlier in this pass are already
            // counted, and an exception would lose them for the master.
            LOG.warn("Offer check failed for framework {} on agent {}: {}; not offering", frameworkId, agentId,
                    e.toString());
            return FilterResult.refuse("the offer check failed: " + e);
        }
    }

    /**
     * What a framework of {@code role} may be offered of {@code free}: the unreserved resources and
     * those reserved for its role. {@code cpus:2;cpus(prod):1;cpus(test):1} gives a framework in
     * role prod {@code cpus:2;cpus(prod):1}, one in role * {@code cpus:2}.
     */
    static Resources offerable(Resources free, String role) {
        Resources unreserved = free.unreserved();
        return UNRESERVED.equals(role) ? unreserved : unreserved.add(free.role(role));
    }

    /**
     * The framework's dominant share divided by its role's weight. E.g. cluster {@code cpus:9;mem:18432},
     * framework holding {@code cpus:3;mem:12288}: max(3/9, 12288/18432) = max(0.33, 0.67) = 0.67; with
     * weight 2, 0.33.
     */
    double weightedShare(Framework f) {
        double dominant = 0;
        for (int k = 0; k < clusterTotal.length; k++) {
            if (clusterTotal[k] > 0) {
                dominant = Math.max(dominant, (double) f.allocatedMillis[k] / clusterTotal[k]);
            }
        }
        return dominant / weights.getOrDefault(f.info.role(), 1.0);
    }

    /** For tests: the weighted dominant share of a known framework. */
    double weightedShare(FrameworkId frameworkId) {
        Framework f = frameworks.get(frameworkId);
        if (f == null) {
            throw new IllegalArgumentException("unknown framework " + frameworkId);
        }
        return weightedShare(f);
    }

    // ----- bookkeeping -----

    private Resources allocation(AgentId agentId, FrameworkId frameworkId) {
        TreeMap<FrameworkId, Resources> onAgent = allocations.get(agentId);
        return onAgent == null ? Resources.empty() : onAgent.getOrDefault(frameworkId, Resources.empty());
    }

    /** Sets what {@code frameworkId} holds on {@code agentId}, keeping the agent's sum and the framework's share current. */
    private void setAllocation(AgentId agentId, FrameworkId frameworkId, Resources value) {
        TreeMap<FrameworkId, Resources> onAgent = allocations.computeIfAbsent(agentId, a -> new TreeMap<>());
        Resources old = onAgent.getOrDefault(frameworkId, Resources.empty());
        if (value.isEmpty()) {
            onAgent.remove(frameworkId);
        } else {
            onAgent.put(frameworkId, value);
        }
        if (onAgent.isEmpty()) {
            allocations.remove(agentId);
        }
        Agent agent = agents.get(agentId);
        if (agent == null) {
            return;
        }
        agent.allocated = sumAllocated(agentId);
        Framework f = frameworks.get(frameworkId);
        if (f != null) {
            for (int k = 0; k < KINDS.size(); k++) {
                f.allocatedMillis[k] += value.scalarMillis(KINDS.get(k)) - old.scalarMillis(KINDS.get(k));
            }
        }
    }

    private Resources sumAllocated(AgentId agentId) {
        Resources sum = Resources.empty();
        for (Resources r : allocations.getOrDefault(agentId, new TreeMap<>()).values()) {
            sum = sum.add(r);
        }
        return sum;
    }

    /** Recomputes the cluster totals and every framework's allocation per kind, after agents or frameworks change. */
    private void rebuildShares() {
        Arrays.fill(clusterTotal, 0);
        frameworks.values().forEach(f -> Arrays.fill(f.allocatedMillis, 0));
        agents.forEach((agentId, agent) -> {
            for (int k = 0; k < KINDS.size(); k++) {
                clusterTotal[k] += agent.total.scalarMillis(KINDS.get(k));
            }
            allocations.getOrDefault(agentId, new TreeMap<>()).forEach((frameworkId, r) -> {
                Framework f = frameworks.get(frameworkId);
                if (f != null) {
                    for (int k = 0; k < KINDS.size(); k++) {
                        f.allocatedMillis[k] += r.scalarMillis(KINDS.get(k));
                    }
                }
            });
        });
    }

    private static final class Agent {
        final AgentInfo info;
        Resources total;
        Resources allocated = Resources.empty();

        Agent(AgentInfo info, Resources total) {
            this.info = info;
            this.total = total;
        }

        Resources free() {
            return ResourceMath.subtractSaturating(total, allocated);
        }
    }

    static final class Framework {
        final FrameworkId id;
        final FrameworkInfo info;
        boolean active;
        boolean suppressed;
        /** Allocated on known agents, per kind of {@link #KINDS}, in thousandths. */
        final long[] allocatedMillis = new long[KINDS.size()];

        Framework(FrameworkId id, FrameworkInfo info, boolean active) {
            this.id = id;
            this.info = info;
            this.active = active;
        }
    }
}
