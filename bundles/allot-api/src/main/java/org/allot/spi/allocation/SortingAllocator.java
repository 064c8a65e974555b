package org.allot.spi.allocation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
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
 * order of roles and the order of frameworks within a role, and this class makes the offers,
 * holds back resources for guarantees and names revocations for starved roles.
 * DRF is this class with two comparators (weighted dominant share of the role, then the
 * framework's dominant share; ties: fewest offers, then name); strict priority puts the role's
 * priority before DRF's role order.
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
 * <h2>Guarantees (since 1.1.0)</h2>
 * Roles below their {@link RoleState#guarantee() guarantee} come first, before the subclass's
 * order (which decides among them, and among the rest). Enough free unreserved resources are held
 * back to meet every unmet guarantee, also of roles that have no framework yet: an offer to a role
 * may hold its own unmet guarantee plus only the surplus of what is free cluster-wide over the
 * sum of unmet guarantees, and is cut down to that (its unreserved scalars) when it would hold
 * more. With every guarantee met, the pass is exactly the 1.0 walk.
 *
 * <h2>Revocation (since 1.1.0)</h2>
 * A role is starved when it has an eligible framework, has {@link AllocationView#waitingSince
 * waited} at least {@link AllocationView#revocationDelay()} for an offer (none in this pass
 * either), and is below its guarantee, or below its fair share (its weight over the sum of the
 * weights of the roles that have an eligible framework or an allocation). Then the plan names
 * tasks of other roles to revoke, just enough to cover the starved roles' need (the unmet
 * guarantee, or the missing dominant share) beyond what is free and what revocations in progress
 * bring back. Victims are taken lowest {@link RoleState#priority() priority} first, then highest
 * weighted share first; their tasks in the agents' order. A victim never goes below its guarantee
 * (so a role at or below its guarantee never loses a task), and for a fair share's need not below
 * its own fair share either. Tasks being revoked already are not named again. Each revocation's
 * deadline is {@link AllocationView#revocationNotice()} from now (none for a zero notice).
 *
 * <h2>Threading / State</h2>
 * Called on the master's event loop only. Keeps no state between passes: {@link #reset()} has
 * nothing to forget; waiting times and revocations in progress are the master's. Comparators must
 * be consistent during a pass (they read only the {@link Standing}s, which change only between
 * agents); ties are broken by name here, so the outcome is deterministic.
 *
 * <h2>Cost</h2>
 * Without unmet guarantees or starved roles, O(candidates x roles tried) as in 1.0. An unmet
 * guarantee adds one walk of every agent's free resources per pass; a starved role one walk of
 * every agent's tasks.
 *
 * <h2>Errors</h2>
 * A comparator that throws fails the pass (the master logs it; no offers in that pass).
 */
public abstract class SortingAllocator implements Allocator {

    /**
     * DRF's order of roles: weighted dominant share, then fewest offers (the walk breaks the rest by
     * name). For subclasses that order roles as DRF does, or within a level of their own.
     *
     * @since 1.1.0
     */
    protected static final Comparator<Standing> DRF_ROLE_ORDER = Comparator.comparingDouble(Standing::weightedShare)
            .thenComparingLong(Standing::allocationCount);

    /**
     * DRF's order of a role's frameworks: dominant share, then fewest offers (the walk breaks the
     * rest by framework id).
     *
     * @since 1.1.0
     */
    protected static final Comparator<Standing> DRF_FRAMEWORK_ORDER = Comparator.comparingDouble(
            Standing::dominantShare).thenComparingLong(Standing::allocationCount);

    /** Roles below their guarantee before the others. */
    private static final Comparator<Standing> GUARANTEE_FIRST = (a, b) -> Boolean.compare(b.belowGuarantee,
            a.belowGuarantee);

    /** The order roles are offered in, first first; called once per pass. */
    protected abstract Comparator<Standing> roleOrder(AllocationView view);

    /** The order a role's frameworks are offered in, first first; called once per pass. */
    protected abstract Comparator<Standing> frameworkOrder(AllocationView view);

    @Override
    public Plan allocate(AllocationView view) {
        Map<String, Standing> offeredRoles = new HashMap<>();
        List<Allocation> offers = offer(view, offeredRoles);
        List<Revocation> revocations = Revoker.plan(view, offeredRoles);
        return offers.isEmpty() && revocations.isEmpty() ? Plan.EMPTY : new Plan(offers, revocations);
    }

    private List<Allocation> offer(AllocationView view, Map<String, Standing> offeredRoles) {
        Collection<? extends AgentState> agents = view.candidates();
        if (agents.isEmpty()) {
            return List.of();
        }
        long[] cluster = Standing.measure(view.clusterTotal());
        Headroom headroom = Headroom.of(view);
        Comparator<Standing> roleOrder = GUARANTEE_FIRST.thenComparing(roleOrder(view)).thenComparing(Standing::name);
        Comparator<Standing> frameworkOrder = frameworkOrder(view).thenComparing(Standing::name);
        TreeSet<Standing> roles = new TreeSet<>(roleOrder);
        for (RoleState r : view.roles()) {
            Standing role = new Standing(r.name(), null, r.weight(), r.allocation(), r.dominantShare(),
                    r.allocationCount(), null, new TreeSet<>(frameworkOrder));
            role.priority = r.priority();
            role.guarantee = r.guarantee();
            role.belowGuarantee = headroom != null && headroom.below(r.name());
            for (FrameworkState f : r.frameworks()) {
                role.members.add(new Standing(f.id().value(), f.id(), 1.0, f.allocation(), f.dominantShare(),
                        f.allocationCount(), role, null));
            }
            if (!role.members.isEmpty()) {
                roles.add(role);
            }
        }
        if (roles.isEmpty()) {
            return List.of();
        }
        List<Allocation> offers = new ArrayList<>();
        Map<Standing, Resources> offeredOnAgent = new LinkedHashMap<>();
        for (AgentState agent : agents) {
            offerAgent(view, agent, roles, offeredOnAgent, headroom);
            offeredOnAgent.forEach((f, r) -> offers.add(new Allocation(f.frameworkId, agent.id(), r)));
            // Re-sort whoever got something, so the next agent sees the new order.
            for (Map.Entry<Standing, Resources> e : offeredOnAgent.entrySet()) {
                Standing f = e.getKey();
                Standing role = f.parent;
                roles.remove(role);
                role.members.remove(f);
                long[] measure = Standing.measure(e.getValue());
                f.count(e.getValue(), measure, cluster);
                role.count(e.getValue(), measure, cluster);
                role.belowGuarantee = headroom != null && headroom.below(role.name);
                offeredRoles.put(role.name, role);
                role.members.add(f);
                roles.add(role);
            }
            offeredOnAgent.clear();
        }
        return offers;
    }

    private static void offerAgent(AllocationView view, AgentState agent, TreeSet<Standing> roles,
                                   Map<Standing, Resources> offered, Headroom headroom) {
        AgentId agentId = agent.id();
        Resources free = agent.free();
        if (free.isEmpty()) {
            return;
        }
        // NOTE: most agents have no reservations; then every role may use the same (unreserved)
        // resources and nothing per role needs computing (unreserved() is then free itself).
        Resources unreserved = free.unreserved();
        Set<String> reservedFor = unreserved == free ? Set.of() : free.roles();
        for (Standing role : roles) {
            Resources mayUse = reservedFor.contains(role.name) && !Resource.UNRESERVED.equals(role.name)
                    ? unreserved.add(free.role(role.name)) : unreserved;
            if (mayUse.isEmpty()) {
                continue;
            }
            if (headroom != null) {
                mayUse = headroom.cap(role.name, mayUse);
                if (mayUse == null) {
                    continue;
                }
            }
            for (Standing f : role.members) {
                // NOTE: the cheap decline lookup first: a refusal through check() builds a reason.
                if (!view.refuses(f.frameworkId, agentId, mayUse)
                        && view.check(f.frameworkId, agentId, mayUse).isAccepted()) {
                    offered.put(f, mayUse);
                    free = mayUse == free ? Resources.empty() : free.subtract(mayUse);
                    // NOTE: without guarantees an offer takes every unreserved resource; with them
                    // a cut-down offer leaves some for the next role.
                    unreserved = headroom == null ? Resources.empty() : free.unreserved();
                    if (headroom != null) {
                        headroom.offered(role.name, mayUse);
                    }
                    break;
                }
            }
            if (free.isEmpty()) {
                return;
            }
            reservedFor = reservedFor.isEmpty() ? reservedFor : free.roles();
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
        /** Offers of this pass not yet added to {@link #allocation} (it is built only when asked). */
        private List<Resources> pending;
        /** cpus, mem, disk, gpus of the allocation with this pass's offers, in thousandths; null until the first. */
        private long[] measure;
        private int priority;
        private Resources guarantee = Resources.empty();
        private boolean belowGuarantee;

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

        /**
         * Counts an offer made in this pass. NOTE: the share is kept from four sums rather than by
         * adding Resources values (two map copies per offer on the hot path); it is computed as
         * {@link DominantShare#of} computes it, so the two agree to the last bit.
         */
        private void count(Resources offer, long[] add, long[] cluster) {
            if (measure == null) {
                measure = measure(allocation);
                pending = new ArrayList<>(2);
            }
            double share = 0;
            for (int i = 0; i < measure.length; i++) {
                measure[i] += add[i];
                share = Math.max(share, cluster[i] > 0 ? (double) measure[i] / cluster[i] : 0);
            }
            pending.add(offer);
            dominantShare = Math.min(1.0, share);
            allocationCount++;
        }

        /** The sums of {@link DominantShare#KINDS}, in thousandths. */
        static long[] measure(Resources r) {
            List<String> kinds = DominantShare.KINDS;
            long[] m = new long[kinds.size()];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.scalarMillis(kinds.get(i));
            }
            return m;
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
            if (pending != null && !pending.isEmpty()) {
                for (Resources r : pending) {
                    allocation = allocation.add(r);
                }
                pending.clear();
            }
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

        /** The role's {@link RoleState#priority() priority}; 0 for a framework. @since 1.1.0 */
        public int priority() {
            return priority;
        }

        /** The role's {@link RoleState#guarantee() guarantee}; empty for a framework. @since 1.1.0 */
        public Resources guarantee() {
            return guarantee;
        }

        /**
         * Whether the role's allocation, with this pass's offers, is below its guarantee (such roles
         * are offered first); false for a framework. @since 1.1.0
         */
        public boolean belowGuarantee() {
            return belowGuarantee;
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
