package org.allot.spi.isolation;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.allot.api.Resources;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Owns one concern of a container: its cpu, its memory, its number of processes, its filesystem,
 * the project it belongs to. Register an implementation as an OSGi service with the property
 * {@value #NAME_PROPERTY} set to its unique {@link #name()}, e.g. {@code cgroups/mem}. The agent
 * composes an ordered list of isolators per container (its {@code isolation} setting at launch,
 * e.g. {@code cgroups/cpu,cgroups/mem,posix}) and keeps that list for the container's whole life.
 * Forking and killing processes is not an isolator's job but the {@link Launcher}'s.
 *
 * <h2>Lifecycle of one container</h2>
 * <ol>
 * <li>{@link #prepare} before the launcher forks: set up what the container needs and say how to
 * decorate its exec. The agent prepares the isolators in list order.</li>
 * <li>{@link #isolate} with the pid of the container's first process, after the fork and before the
 * task is told to run. In list order.</li>
 * <li>{@link #watch} once, right after {@code isolate} (or {@code recover}); {@link #update} and
 * {@link #usage} any number of times while the container runs.</li>
 * <li>{@link #cleanup} exactly once, after the launcher destroyed the container, so when no process
 * of it runs any more; also when a step above failed half way (then only for isolators whose
 * {@code prepare} was called). In reverse list order.</li>
 * </ol>
 * After an agent restart, or when this isolator's service comes back after its bundle was updated
 * or restarted, {@link #recover} replaces steps 1 and 2 for the containers that already run.
 *
 * <h2>Threading</h2>
 * Every method returns a {@link CompletionStage} and must return it quickly: the agent calls from
 * its single event-loop thread, and a slow kernel (a cgroup that takes seconds to freeze, a
 * filesystem to unmount) must not block it. Do slow work on threads of your own and complete the
 * stage from there. The agent never has two calls about the same container outstanding at once,
 * except {@link #watch} (outstanding for the container's life) and {@link #usage}; calls about
 * different containers do overlap, so state shared between containers must be thread-safe.
 *
 * <h2>State</h2>
 * An isolator keeps only per-container state it can rebuild from the kernel and from what
 * {@link #recover} is given (Mesos's "checkpointed run states"). The agent checkpoints, per
 * container, the names of its isolators, its first pid, sandbox and limits; nothing else of an
 * isolator survives a restart. A container id is never reused on an agent.
 *
 * <h2>Errors</h2>
 * A stage completed exceptionally from {@link #prepare} or {@link #isolate} fails the launch: the
 * launcher destroys what was forked, the isolators already prepared are cleaned up in reverse order,
 * and the task is reported {@code FAILED} with {@code CONTAINER_LAUNCH_FAILED} and the exception's
 * message, so make it say what to fix. A failed {@link #update} is reported as
 * {@code CONTAINER_UPDATE_FAILED}; a failed {@link #usage} leaves that isolator's fields unmeasured;
 * a failed {@link #cleanup} or {@link #recover} is logged with the isolator's name and the container
 * goes on (a failed recover: the agent leaves those containers running, abandoned, and says so). A
 * method must not throw: failing is completing exceptionally. Methods about a container the isolator
 * does not know (never prepared or recovered, or cleaned up) complete exceptionally with an
 * {@link IllegalArgumentException}, except {@link #cleanup}, which completes normally.
 *
 * @since 2.0.0 (before: one isolator per container, synchronous calls, killing included)
 */
@ConsumerType
public interface Isolator {

    /** The service property carrying {@link #name()}; the agent's {@code isolation} list names these. */
    String NAME_PROPERTY = "isolator.name";

    /** The unique name, e.g. {@code posix}, {@code cgroups/mem}, {@code project}. */
    String name();

    /**
     * After an agent restart or a rebind of this service, re-adopts the containers that run with
     * this isolator in their list, so {@link #watch}, {@link #usage}, {@link #update} and
     * {@link #cleanup} work for them again. Called once before any other call about them. A container
     * whose processes are gone must still be accepted: the agent notices the exit and cleans it up.
     * Default: nothing, for isolators with no per-container state.
     *
     * @param states  the checkpointed containers that use this isolator, possibly none
     * @param orphans containers the {@link Launcher} found running that the agent has no record of,
     *                as far as known when this is called (possibly empty although there are some):
     *                the agent destroys every orphan and then asks every isolator to
     *                {@link #cleanup} it, so release there what an orphan holds (e.g. a cgroup
     *                found by its name)
     * @return completes when the containers are adopted
     */
    default CompletionStage<Void> recover(List<ContainerState> states, Set<ContainerId> orphans) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Prepares a new container before its first process is forked: create what it needs (a cgroup
     * with the limits, an accounting record) and say how to decorate the exec. Called once per
     * container, with an id never seen before. Default: nothing to prepare, no decoration.
     *
     * @return the decoration: the launcher execs the argv prefixes of all isolators, in list order,
     *         then the command; environments are merged, a later isolator's value winning
     */
    default CompletionStage<ContainerLaunch> prepare(ContainerId containerId, ContainerConfig config) {
        return CompletableFuture.completedFuture(ContainerLaunch.none());
    }

    /**
     * Called with the pid of the container's first process after the fork and before the task is
     * told to run, e.g. to move the pid into a cgroup. Default: nothing, for isolators that do
     * everything through {@link ContainerLaunch}.
     */
    default CompletionStage<Void> isolate(ContainerId containerId, long pid) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Completes when the container hits a limit this isolator enforces and the container must end,
     * e.g. the kernel's OOM killer killed a process of it: the agent then destroys the container
     * and reports its tasks {@code FAILED} with the limitation's reason, limit and peak. Called once
     * per container, after {@code isolate} or {@code recover}; the stage may never complete.
     * Push, not poll: complete it from the event that tells of the limit (an eventfd, an inotify
     * watch, the isolator's own sampling). Default: never completes, for isolators that enforce
     * nothing that ends a container.
     */
    default CompletionStage<ContainerLimitation> watch(ContainerId containerId) {
        return new CompletableFuture<>();
    }

    /**
     * The container's limits changed (a task was added to or left its executor). Apply what can be
     * changed while running. Default: nothing, for isolators whose limits are fixed at launch.
     */
    default CompletionStage<Void> update(ContainerId containerId, Resources limits) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * What this isolator measures of the container now. The agent asks every isolator of the
     * container and {@link ResourceUsage#merge merges} the answers, the first in list order winning
     * for each field, so report only what this isolator measures and leave the rest
     * {@link ResourceUsage#NOT_MEASURED}. Default: nothing measured.
     */
    default CompletionStage<ResourceUsage> usage(ContainerId containerId) {
        return CompletableFuture.completedFuture(ResourceUsage.none(java.time.Instant.now()));
    }

    /**
     * Releases what {@link #prepare} (or {@link #recover}) set up for the container. Called exactly
     * once per container that this isolator prepared or recovered, after the launcher destroyed
     * it: no process of the container runs any more. Completes normally for a container it does not
     * know. Default: nothing to release.
     */
    default CompletionStage<Void> cleanup(ContainerId containerId) {
        return CompletableFuture.completedFuture(null);
    }
}
