package org.allot.spi.isolation;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Forks the processes of containers and destroys them, all of them: what Mesos calls the launcher.
 * Killing is the launcher's job, not each isolator's. Register an implementation as an OSGi service
 * with the property {@value #NAME_PROPERTY} set to its unique {@link #name()}, e.g. {@code posix}
 * or {@code cgroups}; the agent picks one by its {@code launcher} setting and checkpoints its name
 * with each container.
 *
 * <h2>Lifecycle of one container</h2>
 * <ol>
 * <li>{@link #fork} once, after every isolator prepared the container, with the argv already
 * decorated. The launcher records, in the container's run dir ({@link LaunchRequest#runDir()}),
 * what it needs to find the container's processes and its exit status again after the agent dies:
 * a small supervisor process or record that outlives the agent. The forked process is held: it
 * runs nothing of the command yet, so isolators can confine it before it forks.</li>
 * <li>{@link #start} once, after every isolator {@link Isolator#isolate isolated} the pid: lets the
 * held process exec the command.</li>
 * <li>{@link #onExit} any number of times: completes with the exit status of the container's first
 * process, also when it ended while no agent ran.</li>
 * <li>{@link #destroy} at least once at the end: kills every process of the container, including
 * those that double-forked or made their own session, and completes when none runs any more.</li>
 * </ol>
 *
 * <h2>Threading</h2>
 * Every method returns a {@link CompletionStage} and must return it quickly: the agent calls from
 * its single event-loop thread. Waiting for processes to die, scanning {@code /proc} or freezing a
 * cgroup happens on the launcher's own threads. Calls about different containers overlap; so may a
 * {@link #onExit} and a {@link #destroy} of the same container.
 *
 * <h2>State</h2>
 * What must survive the agent (pids, the exit status) lives in the container's run dir, which the
 * agent keeps under its work dir as {@code <run root>/<container id>} and deletes only after
 * {@link #destroy} completed. {@link #recover} rebuilds the launcher's view from the run root.
 * Stopping the launcher or the agent never touches running containers.
 *
 * <h2>Errors</h2>
 * {@link #fork} completes exceptionally when nothing could be started, with a message that says
 * what to fix; then no process of the container runs. {@link #destroy} of an unknown or already
 * ended container completes normally: destroying is idempotent. {@link #onExit} of a container the
 * launcher does not know completes exceptionally with an {@link IllegalArgumentException}. A
 * method must not throw: failing is completing exceptionally.
 *
 * @since 2.0.0
 */
@ConsumerType
public interface Launcher {

    /** The service property carrying {@link #name()}. */
    String NAME_PROPERTY = "launcher.name";

    /** The unique name, e.g. {@code posix} or {@code cgroups}. */
    String name();

    /**
     * After an agent restart or a rebind of this service, re-adopts the given containers from
     * their run dirs under {@code runRoot}, so that {@link #onExit} and {@link #destroy} work for
     * them, and reports the orphans: containers with a run dir under {@code runRoot} and processes
     * still running that are not in {@code states}. The agent destroys orphans. A container in
     * {@code states} whose processes are all gone is accepted; its {@link #onExit} completes with the
     * status its supervisor recorded, or {@link ContainerExit#unknown} if none was.
     *
     * @return the orphans' ids, possibly none
     */
    CompletionStage<Set<ContainerId>> recover(Path runRoot, List<ContainerState> states);

    /**
     * Forks the container's first process as {@code request} says and returns its pid, which the
     * isolators are given in {@link Isolator#isolate}. The process is the leader of a session of
     * its own and is held until {@link #start}. The container's exit status is recorded in its run
     * dir when it ends, whether or not the agent still runs.
     */
    CompletionStage<Long> fork(ContainerId containerId, LaunchRequest request);

    /**
     * Lets the process held since {@link #fork} exec the command. Called once, after every isolator
     * isolated the container; completes when the command was let go (not when it ends). If the agent
     * dies between fork and start, the held process gives up on its own and records a failed exit.
     */
    CompletionStage<Void> start(ContainerId containerId);

    /**
     * Completes with the exit of the container's first process; other processes of the container
     * may still run (the agent then destroys them). Completes with {@link ContainerExit#unknown}
     * if the container ended and its status could not be known.
     */
    CompletionStage<ContainerExit> onExit(ContainerId containerId);

    /**
     * Kills every process of the container: its session, its process group, their descendants,
     * and processes that double-forked or called {@code setsid} to get away. Completes when none of
     * them runs any more; then the launcher forgets the container, except its recorded exit.
     */
    CompletionStage<Void> destroy(ContainerId containerId);

    /** The pids of the container's live processes now, for usage and the operator; empty if unknown. */
    CompletionStage<Set<Long>> pids(ContainerId containerId);
}
