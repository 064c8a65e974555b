package org.allot.examples;

import java.time.Instant;

import org.allot.api.AgentInfo;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkInfo;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.client.AllotExecutorDriver;
import org.allot.client.Executor;
import org.allot.client.ExecutorDriver;
import org.allot.client.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A custom executor that runs each task by echoing it: it reports {@code TASK_RUNNING}, sends the
 * task's data back to the scheduler as a framework message, and reports {@code TASK_FINISHED} with the
 * same data. The agent starts it (see {@link ExecutorFramework}); it exits 0 when the agent shuts it
 * down, 1 if it loses its agent, 2 if it was not started by an agent.
 */
public final class EchoExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(EchoExecutor.class);

    @Override
    public void registered(ExecutorDriver driver, ExecutorInfo executorInfo, FrameworkInfo frameworkInfo,
            AgentInfo agentInfo) {
        LOG.info("Echo executor {} of framework '{}' registered on {}", executorInfo.id(), frameworkInfo.name(),
                agentInfo.hostname());
    }

    @Override
    public void launchTask(ExecutorDriver driver, TaskInfo task) {
        // NOTE: echoing takes no time, so the task runs on the callback thread; a real executor would
        // start a thread or process here and report from it.
        driver.sendStatusUpdate(status(task.id(), TaskState.RUNNING, "echoing", new byte[0]));
        byte[] data = task.data();
        driver.sendFrameworkMessage(data);
        driver.sendStatusUpdate(status(task.id(), TaskState.FINISHED, "echoed " + data.length + " byte(s)", data));
    }

    @Override
    public void killTask(ExecutorDriver driver, TaskId taskId) {
        // Every task finishes as soon as it is launched, so a kill finds nothing running; say so.
        driver.sendStatusUpdate(status(taskId, TaskState.KILLED, "killed before or after its echo", new byte[0]));
    }

    @Override
    public void frameworkMessage(ExecutorDriver driver, byte[] data) {
        driver.sendFrameworkMessage(data);
    }

    @Override
    public void shutdown(ExecutorDriver driver) {
        LOG.info("Echo executor shutting down");
    }

    @Override
    public void error(ExecutorDriver driver, String message) {
        LOG.error("Echo executor failed: {}", message);
    }

    private static TaskStatus status(TaskId id, TaskState state, String message, byte[] data) {
        return TaskStatus.builder(id, state, TaskStatus.Source.EXECUTOR, Instant.now()).message(message).data(data)
                .build();
    }

    public static void main(String[] args) {
        AllotExecutorDriver driver;
        try {
            driver = new AllotExecutorDriver(new EchoExecutor());
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("EchoExecutor: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(driver.run() == Status.DRIVER_STOPPED ? 0 : 1);
    }
}
