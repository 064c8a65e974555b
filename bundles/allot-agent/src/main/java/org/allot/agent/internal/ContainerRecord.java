package org.allot.agent.internal;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.protocol.loop.EventLoop;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLimitation;
import org.allot.spi.isolation.ContainerState;

/**
 * One container: a command task's process or an executor's, the isolation it was launched with,
 * and where its life has got to. Mutable; confined to the agent's event loop.
 */
final class ContainerRecord {

    /** The exit status when it is not known (no record survived). */
    static final int EXIT_UNKNOWN = Integer.MIN_VALUE;

    final ContainerId id;
    final Isolation isolation;
    final FrameworkId frameworkId;
    final Path sandbox;
    /** The pid of its first process (the launcher's supervisor); 0 until forked. */
    long pid;
    Resources limits;
    /** The command task it runs, or null. */
    TaskKey task;
    /** The executor it runs, or null. */
    ExecutorKey executor;
    /** Re-adopted from a previous agent's checkpoint rather than launched by this agent (for the operator). */
    boolean recovered;
    /** Being launched (prepare, fork, isolate, start): its {@code Launch} owns it until it runs or failed. */
    boolean launching;
    /** A kill came before it was ready: it is torn down as soon as it is. */
    boolean destroyRequested;
    /** Its end began: the launcher destroys it, then the isolators clean up. */
    boolean tearingDown;
    /** Its end is complete and reported. */
    boolean finished;
    /** The first process ended, with {@link #exitStatus}. */
    boolean exited;
    int exitStatus = EXIT_UNKNOWN;
    EventLoop.Timer killTimer;
    ContainerLimitation limitation;
    /** Services of its isolation that went away ("launcher posix", "isolator cgroups/mem"): it is abandoned. */
    final Set<String> missing = new LinkedHashSet<>();
    /** Services of its isolation whose {@code recover} for it has not completed yet. */
    final Set<String> recovering = new LinkedHashSet<>();

    ContainerRecord(ContainerId id, Isolation isolation, FrameworkId frameworkId, Path sandbox, Resources limits) {
        this.id = id;
        this.isolation = isolation;
        this.frameworkId = frameworkId;
        this.sandbox = sandbox;
        this.limits = limits;
    }

    /** Whether its end has not begun. */
    boolean running() {
        return !tearingDown && !finished;
    }

    ContainerState state() {
        return new ContainerState(id, pid, sandbox, limits);
    }

    /** What the checkpoint keeps of it; {@code executor} is the executor's protobuf when it runs one. */
    Checkpointer.Container checkpointed(Optional<org.allot.protocol.proto.ExecutorInfo> executorInfo) {
        return new Checkpointer.Container(id, pid, isolation.format(), frameworkId, sandbox, limits,
                Optional.ofNullable(task).map(TaskKey::taskId), executorInfo);
    }

    @Override
    public String toString() {
        return id + " (pid " + pid + ", " + isolation + ")";
    }
}
