package org.allot.agent.internal;

import java.nio.file.Path;
import java.util.Optional;

import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.protocol.loop.EventLoop;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLimitation;

/**
 * One container: a command task's process or an executor's, and where its ending has got to.
 * Mutable; confined to the agent's event loop.
 */
final class ContainerRecord {

    /** The exit status of a process that was not this agent's child (recovered), so it is not known. */
    static final int EXIT_UNKNOWN = Integer.MIN_VALUE;

    final ContainerId id;
    final long pid;
    final String isolatorName;
    final FrameworkId frameworkId;
    final Path sandbox;
    Resources limits;
    /** The command task it runs, or null. */
    TaskKey task;
    /** The executor it runs, or null. */
    ExecutorKey executor;
    /** Adopted from a previous agent's checkpoint: not our child, so its exit is noticed by polling. */
    boolean recovered;
    /** The isolator's cleanup was started, and has returned (on the loop). */
    boolean cleanedUp;
    boolean cleanupDone;
    /** The root process ended, with {@link #exitStatus}. */
    boolean exited;
    int exitStatus = EXIT_UNKNOWN;
    EventLoop.Timer killTimer;
    ContainerLimitation limitation;

    ContainerRecord(ContainerId id, long pid, String isolatorName, FrameworkId frameworkId, Path sandbox,
            Resources limits) {
        this.id = id;
        this.pid = pid;
        this.isolatorName = isolatorName;
        this.frameworkId = frameworkId;
        this.sandbox = sandbox;
        this.limits = limits;
    }

    /** What the checkpoint keeps of it; {@code executor} is the executor's protobuf when it runs one. */
    Checkpointer.Container checkpointed(Optional<org.allot.protocol.proto.ExecutorInfo> executorInfo) {
        return new Checkpointer.Container(id, pid, isolatorName, frameworkId, sandbox, limits,
                Optional.ofNullable(task).map(TaskKey::taskId), executorInfo);
    }
}
