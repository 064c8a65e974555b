package org.allot.spi.allocation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.allot.api.AgentId;
import org.allot.api.DominantShare;
import org.allot.api.FrameworkId;
import org.allot.api.Resource;
import org.allot.api.Resources;

/**
 * Mesos's hierarchical walk, for policies that only decide who goes first: a subclass gives the
 * order of roles and the order of frameworks within a role, and this class makes the offers.
 * DRF is this class with two comparators (weighted dominant share of the role, then the
 * framework's dominant share; ties: fewest offers, then name).
 *
 * <h2>A pass</h2>
 * For each candidate agent (in the view's order): roles in {@link #roleOrder} order, and within a
 * role its eligible frameworks in {@link #frameworkOrder} order; the first framework whose
 * {@link AllocationView#check check} accepts is offered everything of the agent's free resources
 * it may use (unreserved plus those reserved for its role), as one offer. What is left (resources
 * reserved for other roles) goes on down the order. A framework is offered each agent at most once.
 * After each agent the offers made are counted in the {@link Standing}s of the frameworks and
 * roles that got them, so the order for the next agent reflects them (Mesos updates its sorter
 * the same way).
 *
 * <h2>Threading / State</h2>
 * Called on the master's event loop only. Keeps no state between passes: {@link #reset()} has
 * nothing to forget. Comparators must be consistent during a pass (they read only the
 * {@link Standing}s, which change only between agents); ties are broken by name here, so
 * the outcome is deterministic.
 *
 * <h2>Errors</h2>
 * A comparator that throws fails the pass (the master logs it; no offers in that pass).
 */
public abstract class SortingAllocator implements Allocator {

    /** The order roles are offered in, first first; called once per pass. */
    protected abstract Comparator<Standing> roleOrder(AllocationView view);

    /** The order a role's frameworks are offered in, first first; called once per pass. */
    protected abstract Comparator<Standing> frameworkOrder(AllocationView view);

    @Override
    public Plan allocate(AllocationView view) {
        Collection<? extends AgentState> agents = view.candidates();
        if (agents.isEmpty()) {
            return Plan.EMPTY;
        }
        Resources cluster = view.clusterTotal();
        Comparator<Standing> roleOrder = roleOrder(view).thenComparing(Standing::name);
        Comparator<Standing> frameworkOrder = frameworkOrder(view).thenComparing(Standing::name);
        TreeSet<Standing> roles = new TreeSet<>(roleOrder);
        for (RoleState r : view.roles()) {
            Standing role = new Standing(r.name(), null, r.weight(), r.allocation(), r.dominantShare(),
                    r.allocationCount(), null, new TreeSet<>(frameworkOrder));
            for (FrameworkState f : r.frameworks()) {
                role.members.add(new Standing(f.id().value(), f.id(), 1.0, f.allocation(), f.dominantShare(),
                        f.allocationCount(), role, null));
            }
            if (!role.members.isEmpty()) {
                roles.add(role);
            }
        }
        if (roles.isEmpty()) {
            return Plan.EMPTY;
        }
        List<Allocation> offers = new ArrayList<>();
        Map<Standing, Resources> offeredOnAgent = new LinkedHashMap<>();
        for (AgentState agent : agents) {
            offerAgent(view, agent, roles, offeredOnAgent);
            offeredOnAgent.forEach((f, r) -> offers.add(new Allocation(f.frameworkId, agent.id(), r)));
            // Re-sort whoever got something, so the next agent sees the new order.
            for (Map.Entry<Standing, Resources> e : offeredOnAgent.entrySet()) {
                Standing f = e.getKey();
                Standing role = f.parent;
                roles.remove(role);
                role.members.remove(f);
                f.count(e.getValue(), cluster);
                role.count(e.getValue(), cluster);
                role.members.add(f);
                roles.add(role);
            }
            offeredOnAgent.clear();
        }
        return Plan.of(offers);
    }

    private static void offerAgent(AllocationView view, AgentState agent, TreeSet<Standing> roles,
                                   Map<Standing, Resources> offered) {
        AgentId agentId = agent.id();
        Resources free = agent.free();
        if (free.isEmpty()) {
            return;
        }
        // NOTE: most agents have no reservations; then every role may use the same (unreserved)
        // resources and nothing per role needs computing.
        Set<String> reservedFor = free.roles();
        Resources unreserved = free.unreserved();
        for (Standing role : roles) {
            Resources mayUse = reservedFor.contains(role.name) && !Resource.UNRESERVED.equals(role.name)
                    ? unreserved.add(free.role(role.name)) : unreserved;
            if (mayUse.isEmpty()) {
                continue;
            }
            for (Standing f : role.members) {
                // NOTE: the cheap decline lookup first: a refusal through check() builds a reason.
                if (!view.refuses(f.frameworkId, agentId, mayUse)
                        && view.check(f.frameworkId, agentId, mayUse).isAccepted()) {
                    offered.put(f, mayUse);
                    free = free.subtract(mayUse);
                    unreserved = Resources.empty();
                    break;
                }
            }
            if (free.isEmpty()) {
                return;
            }
            reservedFor = free.roles();
        }
    }

    /**
     * A role or a framework as it stands in the current pass: the view's numbers plus the offers
     * made to it earlier in this pass. What comparators compare. Mutated only by
     * {@link SortingAllocator} between agents.
     */
    public static final class Standing {
        private final String name;
        private final FrameworkId frameworkId;
        private final double weight;
        private Resources allocation;
        private double dominantShare;
        private long allocationCount;
        private final Standing parent;
        private final TreeSet<Standing> members;

        private Standing(String name, FrameworkId frameworkId, double weight, Resources allocation,
                         double dominantShare, long allocationCount, Standing parent, TreeSet<Standing> members) {
            this.name = name;
            this.frameworkId = frameworkId;
            this.weight = weight;
            this.allocation = Objects.requireNonNull(allocation, "allocation");
            this.dominantShare = dominantShare;
            this.allocationCount = allocationCount;
            this.parent = parent;
            this.members = members;
        }

        private void count(Resources offer, Resources cluster) {
            allocation = allocation.add(offer);
            dominantShare = DominantShare.of(allocation, cluster);
            allocationCount++;
        }

        /** The role's name, or the framework's id. */
        public String name() {
            return name;
        }

        /** The role's weight; 1 for a framework (frameworks within a role are not weighted). */
        public double weight() {
            return weight;
        }

        /** Allocation (used + offered) including offers made earlier in this pass. */
        public Resources allocation() {
            return allocation;
        }

        /** {@link DominantShare#of} of {@link #allocation()}. */
        public double dominantShare() {
            return dominantShare;
        }

        /** {@code dominantShare() / weight()}. */
        public double weightedShare() {
            return dominantShare / weight;
        }

        /** Offers made so far, including this pass. */
        public long allocationCount() {
            return allocationCount;
        }

        /** Whether this is a framework's standing (else a role's). */
        public boolean isFramework() {
            return frameworkId != null;
        }

        @Override
        public String toString() {
            return (isFramework() ? "framework " : "role ") + name + " (share " + dominantShare + ", "
                    + allocationCount + " offers)";
        }
    }
}
