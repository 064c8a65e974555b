package org.allot.spi.allocation;

import java.util.List;
import java.util.Map;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An allocation policy (DRF, strict priority, ...): decides which framework is offered which
 * agent's resources. Register an implementation as an OSGi service with a unique {@link #name()};
 * the master uses one at a time, chosen by configuration or by the operator.
 *
 * <h2>Threading</h2>
 * Every method is called on the master's single event-loop thread and never concurrently, so an
 * allocator needs no locking. Methods must not block: the whole master waits for them.
 *
 * <h2>State: derived, rebuildable</h2>
 * The master owns the truth. The allocator is told of every change and may keep derived state
 * (sorters, shares, per-agent free resources) to decide fast, but nothing it could not rebuild.
 * When an allocator is bound (at start, after master failover, or when the operator switches
 * allocators) the master seeds it: {@link #reset()} first (the same instance may have been seeded
 * before, by this or an earlier master), then {@link #addAgent} for every agent and {@link #addFramework} for
 * every framework, each carrying the resources already used or offered, then weights and
 * suppressions, then calls {@link #resume()}. Outstanding offers and running tasks are untouched.
 * An allocator that is unbound is {@link #pause() paused} first and then dropped.
 *
 * <h2>Accounting</h2>
 * For the allocator, an agent's free resources are its total minus what frameworks use (tasks and
 * executors) minus what is offered. Resources it returns from {@link #allocate} count as allocated
 * to that framework from that moment until the master hands them back with
 * {@link #recoverResources} (offer declined, rescinded or timed out; unused part of an accepted
 * offer; task or executor ended). Resources used by a task launched on an offer stay allocated.
 *
 * <h2>Errors</h2>
 * An exception from any method is logged by the master with the allocator's name; from
 * {@link #allocate} it means no offers in that pass. The master does not try to repair the
 * allocator's state, so implementations should fail only on their own bugs.
 */
@ConsumerType
public interface Allocator {

    /** The unique name the operator selects it by, e.g. {@code drf} or {@code priority}. */
    String name();

    /**
     * A framework subscribed, or the allocator is being seeded.
     *
     * @param used   per agent, what the framework already uses or holds in outstanding offers;
     *               empty for a new framework
     * @param active whether it may be offered now (false while its scheduler is disconnected)
     */
    void addFramework(FrameworkId frameworkId, FrameworkInfo info, Map<AgentId, Resources> used, boolean active);

    /**
     * The framework is gone (torn down or failover timeout expired). Its resources are recovered
     * by this call: the master does not call {@link #recoverResources} for them as well.
     */
    void removeFramework(FrameworkId frameworkId);

    /** The framework's scheduler (re)connected: it may be offered again. */
    void activateFramework(FrameworkId frameworkId);

    /** The framework's scheduler disconnected: offer it nothing, but keep its allocation. */
    void deactivateFramework(FrameworkId frameworkId);

    /**
     * An agent registered or re-registered, or the allocator is being seeded.
     *
     * @param info  the agent's info; its id is present
     * @param total all the agent's resources
     * @param used  per framework, what is already used or offered on this agent
     */
    void addAgent(AgentId agentId, AgentInfo info, Resources total, Map<FrameworkId, Resources> used);

    /**
     * The agent is gone; everything on it is gone too. The master does not call
     * {@link #recoverResources} for resources on a removed agent.
     */
    void removeAgent(AgentId agentId);

    /** The agent's total changed (e.g. it re-registered with more disk); allocations are unchanged. */
    void updateAgent(AgentId agentId, Resources total);

    /**
     * Resources allocated to a framework on an agent came back: an offer was declined, rescinded or
     * timed out, part of an offer was left unused, or a task or executor ended. They are free again.
     * {@code resources} is always contained in what the framework had on that agent.
     */
    void recoverResources(FrameworkId frameworkId, AgentId agentId, Resources resources);

    /** The framework wants no offers for now (it has nothing to run); keep its allocation. */
    void suppressOffers(FrameworkId frameworkId);

    /** The framework wants offers again; the master also clears its declines. */
    void reviveOffers(FrameworkId frameworkId);

    /**
     * Role weights changed (or are being seeded); a role not in the map has weight 1. Policies
     * without weights ignore it.
     */
    default void updateWeights(Map<String, Double> weights) {
    }

    /**
     * Forget every agent, framework and allocation (weights too; they are seeded again). The
     * master calls it before seeding the allocator from its registry, because one instance may be
     * seeded many times: a service object is shared by every master its bundle serves, and the
     * operator may switch away from an allocator and back. Whether the allocator is paused is
     * unchanged; the seeding ends with {@link #resume()}.
     *
     * <p>The default does nothing, which is right only for allocators that keep no state of their own.
     *
     * @since 0.2.0
     */
    default void reset() {
    }

    /** Stop proposing allocations until {@link #resume()}; {@link #allocate} may return nothing. */
    default void pause() {
    }

    /** Propose allocations again. Called after seeding, before the first {@link #allocate}. */
    default void resume() {
    }

    /**
     * Decide who gets what now. Called on every change and on a fixed interval.
     *
     * <p>Propose only free resources of active, unsuppressed frameworks, and only candidates that
     * {@code check} accepts; the master skips (and immediately recovers) any allocation the check
     * refuses. Each returned allocation is the allocator's commitment: its resources are allocated
     * to that framework until {@link #recoverResources}.
     *
     * @param check the master's combined offer filters, valid only during this call
     * @return the allocations to offer, at most one per framework and agent; empty when paused
     */
    List<Allocation> allocate(OfferCheck check);
}
