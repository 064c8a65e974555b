package org.allot.spi.allocation;

import java.time.Instant;
import java.util.Collection;
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
 * frameworks with their weights. Numbers do not change during the call: offers the policy decides
 * on are booked only when the plan is returned, so a policy that wants its later choices in a pass
 * to reflect earlier ones keeps that tally itself (as {@link SortingAllocator} does).
 *
 * <h2>Cost</h2>
 * Every method is O(1) or O(size of what it returns): {@link #refuses} and {@link #check} look up
 * the framework's decline on that agent in a hash map and never scan declines.
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
}
