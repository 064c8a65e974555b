package org.allot.examples;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.client.ExecutorDriver;
import org.allot.client.Status;
import org.junit.Test;

public class EchoExecutorTest {

    /** Records what the executor sends, in order. */
    private static final class Recorder implements ExecutorDriver {
        final List<Object> sent = new ArrayList<>();

        @Override
        public Status start() {
            return Status.DRIVER_RUNNING;
        }

        @Override
        public Status stop() {
            return Status.DRIVER_STOPPED;
        }

        @Override
        public Status abort() {
            return Status.DRIVER_ABORTED;
        }

        @Override
        public Status join() {
            return Status.DRIVER_STOPPED;
        }

        @Override
        public Status run() {
            return Status.DRIVER_STOPPED;
        }

        @Override
        public Status sendStatusUpdate(TaskStatus status) {
            sent.add(status);
            return Status.DRIVER_RUNNING;
        }

        @Override
        public Status sendFrameworkMessage(byte[] data) {
            sent.add(new String(data, StandardCharsets.UTF_8));
            return Status.DRIVER_RUNNING;
        }
    }

    @Test
    public void aTaskRunsEchoesItsDataAndFinishes() {
        Recorder driver = new Recorder();
        ExecutorInfo executor = new ExecutorInfo(ExecutorId.of("e"), "echo", CommandInfo.shell("x"), Resources.empty());
        TaskInfo task = TaskInfo.ofExecutor(TaskId.of("t1"), "t1", AgentId.of("a-1"), Resources.parse("cpus:1"),
                executor).withData("hello".getBytes(StandardCharsets.UTF_8));
        new EchoExecutor().launchTask(driver, task);

        assertEquals(3, driver.sent.size());
        assertEquals(TaskState.RUNNING, ((TaskStatus) driver.sent.get(0)).state());
        assertEquals("hello", driver.sent.get(1));
        TaskStatus done = (TaskStatus) driver.sent.get(2);
        assertEquals(TaskState.FINISHED, done.state());
        assertEquals(TaskId.of("t1"), done.taskId());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), done.data());
    }

    @Test
    public void aKillIsAnsweredWithKilled() {
        Recorder driver = new Recorder();
        new EchoExecutor().killTask(driver, TaskId.of("t2"));
        assertEquals(TaskState.KILLED, ((TaskStatus) driver.sent.get(0)).state());
    }
}
