package org.allot.client;

import org.allot.api.AgentInfo;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkInfo;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A framework's custom executor, run in the process the agent starts for it and told of tasks by its
 * {@link ExecutorDriver}.
 *
 * <p>Callbacks come one at a time and in order, on the driver's dispatcher thread. Run tasks on threads
 * of your own: {@link #launchTask} should return quickly, and report progress with
 * {@link ExecutorDriver#sendStatusUpdate}. An exception thrown by a callback is logged and otherwise
 * ignored.
 */
@ConsumerType
public interface Executor {

    /** The executor is registered with its agent. */
    void registered(ExecutorDriver driver, ExecutorInfo executorInfo, FrameworkInfo frameworkInfo, AgentInfo agentInfo);

    /** Run a task; report {@code TASK_RUNNING} and its end through the driver. */
    void launchTask(ExecutorDriver driver, TaskInfo task);

    /** Kill a task; report {@code TASK_KILLED} through the driver. */
    void killTask(ExecutorDriver driver, TaskId taskId);

    /** The scheduler sent the executor bytes. */
    void frameworkMessage(ExecutorDriver driver, byte[] data);

    /**
     * The agent asks the executor to end (framework torn down, or the agent lost): kill the tasks and
     * return; the driver stops afterwards.
     */
    void shutdown(ExecutorDriver driver);

    /** An unrecoverable error: the driver is aborted when this is called. */
    void error(ExecutorDriver driver, String message);
}
