package org.allot.client;

import org.allot.api.TaskStatus;
import org.osgi.annotation.versioning.ProviderType;

/** Connects an {@link Executor} to its agent. Thread-safe. */
@ProviderType
public interface ExecutorDriver {

    /** Starts connecting to the agent and registering; returns at once. A driver starts once. */
    Status start();

    /** Closes the connection to the agent; no callback follows. */
    Status stop();

    /** As {@link #stop()}, reported as {@link Status#DRIVER_ABORTED}. */
    Status abort();

    /** Waits until the driver is stopped or aborted, and returns how it ended. */
    Status join();

    /** {@link #start()} then {@link #join()}. */
    Status run();

    /**
     * Sends a task's new state to the agent, which delivers it reliably to the scheduler. The driver
     * sets a fresh uuid, the source {@code EXECUTOR}, and the executor and agent ids.
     *
     * @throws IllegalArgumentException for {@code TASK_STAGING}, which only the master may report
     */
    Status sendStatusUpdate(TaskStatus status);

    /** Sends bytes to the framework's scheduler. */
    Status sendFrameworkMessage(byte[] data);
}
