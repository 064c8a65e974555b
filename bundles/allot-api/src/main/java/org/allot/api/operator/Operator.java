package org.allot.api.operator;

import java.util.List;

import org.allot.api.Resources;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The operator's view of and levers on the cluster, registered as an OSGi service by the leading
 * master. The Karaf shell ({@code allot:agent-list}, {@code allot:allocator-use}, ...) is written
 * against this interface only, never against master internals.
 *
 * <p>Reads return immutable snapshots taken on the master's event loop, consistent with each other
 * within one call; they may be stale by the time they are printed. Changes are handed to the event
 * loop and have taken effect when the method returns. Any thread may call any method.
 */
@ProviderType
public interface Operator {

    /** Every agent the master knows, sorted by id. */
    List<AgentView> agents();

    /** Every framework the master knows, sorted by id. */
    List<FrameworkView> frameworks();

    /** Every non-terminal task, sorted by framework then task id. */
    List<TaskView> tasks();

    /** Every outstanding offer, oldest first. */
    List<OfferView> offers();

    /**
     * Everything above and the master's leadership, taken in one step, so that one answer (an HTTP
     * {@code /state}) is consistent. The master overrides this; the default asks each part in turn,
     * which is consistent only while nothing changes in between.
     *
     * @since 0.2.0
     */
    default ClusterState state() {
        List<AgentView> agents = agents();
        List<FrameworkView> frameworks = frameworks();
        List<TaskView> tasks = tasks();
        return new ClusterState(status(agents, frameworks.size(), tasks.size()), allocators(), agents, frameworks,
                tasks, offers());
    }

    /**
     * The master's leadership and counts, cheap enough for a health check every second. The
     * master overrides this; the default counts {@link #agents()} and the rest, and knows no
     * leadership (it says {@code LEADING}).
     *
     * @since 0.2.0
     */
    default MasterStatus status() {
        return status(agents(), frameworks().size(), tasks().size());
    }

    private MasterStatus status(List<AgentView> agents, int frameworks, int tasks) {
        int connected = (int) agents.stream().filter(AgentView::active).count();
        return new MasterStatus(java.time.Instant.now(), "", "LEADING", true, "", true, activeAllocator(),
                agents.size(), connected, frameworks, tasks);
    }

    /**
     * The master's counters (messages, offers per framework, allocation pass durations).
     *
     * @since 0.2.0
     */
    default MasterMetrics metrics() {
        return MasterMetrics.none();
    }

    /**
     * Removes framework {@code id} as if its scheduler had torn it down: its offers are rescinded,
     * its tasks killed, and it may not subscribe again.
     *
     * @throws java.util.NoSuchElementException if the master has no such framework
     * @throws UnsupportedOperationException    if this operator cannot remove frameworks (the default)
     * @since 0.2.0
     */
    default void teardown(org.allot.api.FrameworkId id) {
        throw new UnsupportedOperationException("this operator cannot tear down frameworks");
    }

    /** The names of the allocators available now, sorted. */
    List<String> allocators();

    /** The name of the allocator in use; empty while there is none. */
    String activeAllocator();

    /**
     * The allocators available, the active one, and why it is the one (or why there is none).
     *
     * @since 0.2.0
     */
    AllocatorStatus allocatorStatus();

    /**
     * Switches to the allocator named {@code name}: the master pauses the current one, seeds the new
     * one from its registry and resumes allocation with it. Offers and tasks are untouched. The
     * choice lasts until changed again; an implementation that persists its settings (the OSGi
     * master, through Config Admin) keeps it across restarts.
     *
     * @throws IllegalArgumentException if no allocator has that name; the message lists the known
     *                                  ones, e.g. {@code unknown allocator 'fair'; known: [drf, priority]}
     */
    void useAllocator(String name);

    /**
     * Sets the weight of {@code role} for allocators that use weights (default 1): a role with
     * weight 2 is entitled to twice the share of a role with weight 1.
     *
     * @throws IllegalArgumentException if the role is invalid or the weight is not finite and positive
     */
    void setWeight(String role, double weight);

    /**
     * Every role the allocator knows (configured or used by a framework), sorted by name.
     *
     * @since 0.2.0
     */
    List<RoleView> roles();

    /**
     * Sets the priority of {@code role} for strict-priority allocators (default 0): every role of a
     * higher priority is offered resources before any role of a lower one.
     *
     * @throws IllegalArgumentException if the role is invalid
     * @since 0.2.0
     */
    void setPriority(String role, int priority);

    /**
     * Guarantees {@code role} at least {@code guarantee} (Mesos's quota): the allocator holds back free
     * resources for it and may revoke tasks of roles above their share to meet it.
     *
     * @throws IllegalArgumentException if the role is invalid, the guarantee empty, or the guarantees
     *                                  together would exceed the cluster (the message says by how much)
     * @since 0.2.0
     */
    void setGuarantee(String role, Resources guarantee);

    /**
     * Removes the guarantee of {@code role}; nothing happens if it has none.
     *
     * @throws IllegalArgumentException if the role is invalid
     * @since 0.2.0
     */
    void removeGuarantee(String role);
}
