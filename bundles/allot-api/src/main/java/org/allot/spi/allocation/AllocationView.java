package org.allot.spi.allocation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.spi.filter.FilterResult;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The cluster as the master sees it during one {@link Allocator#allocate} call: read-only, and
 * valid only during that call (the master reuses and mutates what backs it afterwards).
 *
 * <h2>Threading</h2>
 * Only on the master's event-loop thread, inside {@link Allocator#allocate}.
 *
 * <h2>State</h2>
 * Agents that are registered and connected, frameworks that are registered, roles of those
 * frameworks (and roles with a guarantee) with their weights, priorities and guarantees; since
 * 1.1.0 also what revocation needs: how long each role has waited, the revocation delay and
 * notice, the revocations in progress. Numbers do not change during the call: offers the policy decides
 * on are booked only when the plan is returned, so a policy that wants its later choices in a pass
 * to reflect earlier ones keeps that tally itself (as {@link SortingAllocator} does).
 *
 * <h2>Cost</h2>
 * Every method is O(1) or O(size of what it returns): {@link #refuses} and {@link #check} look up
 * the framework's decline on that agent in a hash map and never scan declines.
 *
 * <h2>Errors</h2>
 * Methods do not throw for unknown ids or names: they return empty. The defaults of the 1.1.0
 * methods describe a master without guarantees, waiting or revocations, so a view written against
 * 1.0 still works.
 */
@ProviderType
public interface AllocationView {

    /** The master's current time; never read the system clock in a policy. */
    Instant now();

    /** The sum of every connected agent's total resources. */
    Resources clusterTotal();

    /**
     * The agents this pass looks at: the changed ones in an incremental pass, all of them in a
     * periodic pass; in both cases without agents that have nothing free and without agents that
     * every eligible framework refuses (declined). Iteration order is the agents' id order.
     */
    Collection<? extends AgentState> candidates();

    /** Any connected agent, candidate or not; empty if it is unknown or disconnected. */
    Optional<? extends AgentState> agent(AgentId agentId);

    /** The roles that have at least one {@link FrameworkState#eligible() eligible} framework, by name. */
    Collection<? extends RoleState> roles();

    /** A role with at least one eligible framework; empty otherwise. */
    Optional<? extends RoleState> role(String name);

    /** Any registered framework, eligible or not; empty if it is unknown. */
    Optional<? extends FrameworkState> framework(FrameworkId frameworkId);

    /**
     * Whether a decline of the framework still in force refuses offering {@code resources} of
     * {@code agentId}: as in Mesos, only if they are contained in what it declined on that agent
     * (a bigger offer is made, since the framework may want it).
     */
    boolean refuses(FrameworkId frameworkId, AgentId agentId, Resources resources);

    /**
     * The full check of one candidate offer: the framework's decline on the agent first
     * ({@link #refuses}), then every registered {@link org.allot.spi.filter.OfferFilter} by ranking.
     * The first refusal wins and says why; a failing filter counts as a refusal naming it.
     */
    FilterResult check(FrameworkId frameworkId, AgentId agentId, Resources resources);

    /** The live tasks on an agent, for policies that revoke; empty for an unknown agent. */
    Collection<TaskRef> tasks(AgentId agentId);

    // ----- since 1.1.0: guarantees and revocation -----

    /**
     * Every connected agent, candidate or not, in id order: for policies that look beyond the
     * candidates (free resources cluster-wide for guarantees, tasks to revoke). O(1) to get,
     * O(agents) to walk. The default is {@link #candidates()}.
     *
     * @since 1.1.0
     */
    default Collection<? extends AgentState> agents() {
        return candidates();
    }

    /**
     * Every role that has a registered framework (eligible or not) or a guarantee, by name; a role
     * of a guarantee alone has no frameworks and may have an empty allocation. Its
     * {@link RoleState#frameworks()} are still only the eligible ones. The default is {@link #roles()}.
     *
     * @since 1.1.0
     */
    default Collection<? extends RoleState> allRoles() {
        return roles();
    }

    /**
     * Since when {@code role} has asked for resources and been offered nothing: it has had at
     * least one eligible (active, not suppressed) framework throughout, and none of its frameworks
     * was made an offer since. The master restarts the time at each offer to the role and when the
     * role gains an eligible framework after having none; a role without an eligible framework is
     * not waiting (empty). The master keeps these times across a swap of policies. Policies read
     * it to decide that a role is starved: waiting at least {@link #revocationDelay()}.
     *
     * @since 1.1.0
     */
    default Optional<Instant> waitingSince(String role) {
        return Optional.empty();
    }

    /**
     * How long a role below its guarantee, or below its fair share, must have {@link #waitingSince
     * waited} before a policy names tasks of others to revoke for it (the operator's setting;
     * default 30 s).
     *
     * @since 1.1.0
     */
    default Duration revocationDelay() {
        return Duration.ofSeconds(30);
    }

    /**
     * How far ahead a policy should set a {@link Revocation#deadline() revocation's deadline}: the
     * framework is told through an inverse offer this long before its task is killed (the
     * operator's setting; zero: killed at once). The default is zero.
     *
     * @since 1.1.0
     */
    default Duration revocationNotice() {
        return Duration.ZERO;
    }

    /**
     * The revocations the master is carrying out: named by an earlier plan (of any policy), whose
     * tasks still run. Their resources are on their way back: a policy counts them against what a
     * starved role needs and does not name their tasks again (the master would drop them). The
     * default is none.
     *
     * @since 1.1.0
     */
    default Collection<Revocation> revocations() {
        return List.of();
    }
}
