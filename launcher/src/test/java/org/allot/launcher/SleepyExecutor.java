package org.allot.launcher;

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

/**
 * A custom executor for the fault-tolerance process tests whose tasks run until killed: it reports
 * {@code TASK_RUNNING} and nothing more, so the test can kill -9 it under running tasks.
 */
public final class SleepyExecutor implements Executor {

    @Override
    public void registered(ExecutorDriver driver, ExecutorInfo executorInfo, FrameworkInfo frameworkInfo,
            AgentInfo agentInfo) {
        System.out.println("SleepyExecutor " + executorInfo.id() + " registered, pid " + ProcessHandle.current().pid());
    }

    @Override
    public void launchTask(ExecutorDriver driver, TaskInfo task) {
        driver.sendStatusUpdate(status(task.id(), TaskState.RUNNING));
    }

    @Override
    public void killTask(ExecutorDriver driver, TaskId taskId) {
        driver.sendStatusUpdate(status(taskId, TaskState.KILLED));
    }

    @Override
    public void frameworkMessage(ExecutorDriver driver, byte[] data) {
    }

    @Override
    public void shutdown(ExecutorDriver driver) {
    }

    @Override
    public void error(ExecutorDriver driver, String message) {
        System.err.println("SleepyExecutor: " + message);
    }

    private static TaskStatus status(TaskId id, TaskState state) {
        return TaskStatus.builder(id, state, TaskStatus.Source.EXECUTOR, Instant.now()).build();
    }

    public static void main(String[] args) {
        System.exit(new AllotExecutorDriver(new SleepyExecutor()).run() == Status.DRIVER_STOPPED ? 0 : 1);
    }
}
