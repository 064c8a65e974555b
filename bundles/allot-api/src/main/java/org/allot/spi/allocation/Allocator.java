package org.allot.spi.allocation;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An allocation policy (DRF, strict priority, ...): given a read-only view of the cluster, decides
 * who is offered which agent's resources, and returns that decision as a {@link Plan}. Register an
 * implementation as an OSGi service with a unique {@link #name()}; the master uses one at a time,
 * chosen by configuration or by the operator. Most policies only order roles and frameworks:
 * extend {@link SortingAllocator} and write two comparators.
 *
 * <h2>Threading</h2>
 * Every method is called on the master's single event-loop thread and never concurrently, so a
 * policy needs no locking. Methods must not block: the whole master waits for them.
 *
 * <h2>State</h2>
 * The master owns all bookkeeping: agents (total, used, offered), frameworks (role, weight, whether
 * they want offers, allocation), declines and their timers (Mesos's hierarchical allocator and its
 * sorters; Nomad's "read a snapshot, return a plan"). A policy keeps no copy of the registry; it
 * reads the {@link AllocationView} it is given, which is valid only during that call. It may keep
 * caches derived from earlier views, but must forget them on {@link #reset()}. That makes hot swap
 * trivial: a newly bound policy gets {@link #reset()}, {@link #resume()}, then the next view.
 * An unbound policy is {@link #pause() paused} first and then dropped.
 *
 * <h2>Accounting</h2>
 * An agent's free resources are its total minus what frameworks use (tasks and executors) minus
 * what is offered. Each offer of a returned plan that the master accepts is booked as offered to
 * that framework at once; the master recovers it when the offer is declined, rescinded, timed out
 * or left unused by an Accept, and moves it to used when tasks launch on it. The policy never
 * reports resources back: the next view already shows them.
 *
 * <h2>Errors</h2>
 * The master validates every plan: an offer to an unknown or ineligible framework, on an unknown
 * agent, beyond the agent's free resources, of resources reserved for another role, or a second
 * offer for the same framework and agent in one plan, is dropped and logged with the policy's
 * name; the rest of the plan stands. So is a revocation of a task the agent does not run. An
 * exception from {@link #allocate} is logged and means no offers in that pass; from the other
 * methods it is logged and ignored.
 *
 * @since 1.0.0 (0.x allocators tracked the registry through 14 callbacks; 1.0 replaced them with the view)
 */
@ConsumerType
public interface Allocator {

    /** The unique name the operator selects it by, e.g. {@code drf} or {@code priority}. */
    String name();

    /**
     * Decides who gets what now. Called when something changed (incremental pass: the view's
     * {@link AllocationView#candidates() candidates} are the changed agents) and on a fixed
     * interval (full pass: every agent with something free).
     *
     * <p>Offer only the {@link AgentState#free() free} resources of candidate agents, only to
     * {@link FrameworkState#eligible() eligible} frameworks, only resources the framework may use
     * ({@link AgentState#freeFor(String)} of its role), at most once per framework and agent, and
     * only what {@link AllocationView#check} accepts.
     *
     * @param view the cluster as the master sees it now; valid only during this call
     * @return the offers to make and tasks to revoke; {@link Plan#EMPTY} for nothing
     */
    Plan allocate(AllocationView view);

    /**
     * Forget every derived cache: the policy is being (re)bound, possibly after serving another
     * master or being switched away from and back. The default does nothing, which is right for
     * policies without caches (every {@link SortingAllocator}).
     */
    default void reset() {
    }

    /** The policy is being unbound; {@link #allocate} is not called again until {@link #resume()}. */
    default void pause() {
    }

    /** The policy is bound (after {@link #reset()}); {@link #allocate} follows. */
    default void resume() {
    }
}
