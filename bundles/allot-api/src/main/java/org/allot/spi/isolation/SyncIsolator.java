package org.allot.spi.isolation;

import java.util.List;
import java.util.Optional;

import org.allot.api.Resources;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The 0.x isolator, synchronous and alone per container. Deprecated: it stays only until the agent and
 * the posix bundle move to {@link Isolator} and {@link Launcher}; write new isolators against those.
 *
 * <p>Confines, measures and cleans up the processes of containers on an agent (process groups and
 * rlimits, cgroups, Solaris projects, ...). Register an implementation as an OSGi service with a
 * unique {@link #name()}; the agent launches each container with the isolator active at that time
 * and keeps using that one for the container's whole life.
 *
 * <h2>Lifecycle of one container</h2>
 * <ol>
 * <li>{@link #prepare} before the agent forks: set up what the container needs and say how to
 * decorate the exec.</li>
 * <li>{@link #isolate} after the fork and before the task is told to run.</li>
 * <li>{@link #update}, {@link #usage} and {@link #limitation} any number of times while it runs.</li>
 * <li>{@link #cleanup} exactly once at the end, also when a step above failed.</li>
 * </ol>
 *
 * <h2>Threading</h2>
 * Calls about one container never overlap, and come in the order above. Calls about different
 * containers may: the agent makes most calls from its event-loop thread but runs {@link #cleanup},
 * which may wait for processes to die, on threads of its own, so an isolator's state shared between
 * containers must be thread-safe. Other methods should return quickly: {@link #usage} and
 * {@link #limitation} are polled for every container.
 *
 * <h2>Recovery</h2>
 * An isolator keeps per-container state it can rebuild. After the agent or the isolator bundle
 * restarts, {@link #recover} gets the containers the agent checkpointed and the isolator must
 * re-adopt them before any other call about them.
 *
 * <h2>Errors</h2>
 * An exception from {@link #prepare} or {@link #isolate} fails the launch: the agent calls
 * {@link #cleanup} and reports the task {@code FAILED} with {@code CONTAINER_LAUNCH_FAILED} and the
 * exception's message, so make it say what to fix.
 */
@Deprecated(since = "2.0.0", forRemoval = true)
@ConsumerType
public interface SyncIsolator {

    /** The unique name, e.g. {@code posix} or {@code cgroups}. */
    String name();

    /**
     * Prepares a new container before its first process is forked: create what it needs (e.g. a
     * cgroup with the limits) and return how to decorate the exec. Called once per container, with
     * an id never seen before.
     */
    ContainerLaunch prepare(ContainerId containerId, ContainerConfig config);

    /**
     * Called with the pid of the container's first process after the fork and before the task is
     * told to run, e.g. to move the pid into a cgroup. Default: nothing, for isolators that do
     * everything through {@link ContainerLaunch}.
     */
    default void isolate(ContainerId containerId, long pid) {
    }

    /**
     * The container's limits changed (a task was added to or left its executor). Apply what can be
     * changed while running. Default: nothing, for isolators whose limits are fixed at launch.
     */
    default void update(ContainerId containerId, Resources limits) {
    }

    /**
     * Current usage of all the container's processes. Called periodically for monitoring and by the
     * operator's shell; must not block on slow I/O.
     */
    ResourceUsage usage(ContainerId containerId);

    /**
     * A limit the container hit, if any, e.g. an OOM kill. Polled by the agent; once a limitation is
     * reported the agent destroys the container. Default: none, for isolators that enforce nothing
     * that ends a container.
     */
    default Optional<ContainerLimitation> limitation(ContainerId containerId) {
        return Optional.empty();
    }

    /**
     * Ends the container. Called exactly once per container, also when launch failed half way. It
     * must kill every remaining process of the container (including ones that left its process
     * group) and release everything {@link #prepare} created; when it returns, nothing of the
     * container may be running.
     */
    void cleanup(ContainerId containerId);

    /**
     * After an agent or isolator bundle restart, re-adopts the containers this isolator launched,
     * so that usage, update and cleanup work for them again. The agent checkpoints the isolator's
     * name with each container and passes only this isolator's containers, possibly none. Called
     * once when the agent starts using this isolator, before any other method. A container whose
     * processes are gone must still be accepted: the agent notices the exit and calls
     * {@link #cleanup} for it.
     */
    void recover(List<ContainerState> existing);
}
