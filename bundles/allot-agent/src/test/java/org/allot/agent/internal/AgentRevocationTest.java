package org.allot.agent.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.protocol.Messages;
import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.FrameworkInfo;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.TaskStatus.Reason;
import org.junit.Test;

/**
 * Kills the master sends for a revocation: the task's updates carry reason {@code REVOKED} (KILLING
 * first for frameworks that asked for it), and an executor that ignores the kill has its container
 * destroyed after the kill grace.
 */
public class AgentRevocationTest extends AgentTestSupport {

    private static Envelope revoke(String taskId) {
        return Messages.killTask(FrameworkId.of(FID), TaskId.of(taskId), org.allot.api.TaskStatus.Reason.REVOKED,
                "role prod is below its guarantee");
    }

    /** A launch for a framework that wants TASK_KILLING before TASK_KILLED. */
    private static Envelope withKillingState(Envelope run) {
        FrameworkInfo f = run.getRunTask().getFramework().toBuilder()
                .addCapabilities(FrameworkInfo.Capability.TASK_KILLING_STATE).build();
        return run.toBuilder().setRunTask(run.getRunTask().toBuilder().setFramework(f)).build();
    }

    private static StatusUpdate last(FakeMaster master, String taskId) {
        List<StatusUpdate> updates = master.updates(taskId);
        return updates.get(updates.size() - 1);
    }

    @Test
    public void aRevokedCommandTaskGoesKillingThenKilledWithReasonRevoked() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);
        master.send(withKillingState(runTask("t-batch", CommandInfo.shell("exec sleep 60"))));
        await().atMost(WAIT).until(() -> master.states("t-batch").contains(TaskState.TASK_RUNNING));

        master.send(revoke("t-batch"));

        await().atMost(WAIT).until(() -> master.states("t-batch").contains(TaskState.TASK_KILLED));
        List<TaskState> states = master.states("t-batch");
        assertEquals(List.of(TaskState.TASK_RUNNING, TaskState.TASK_KILLING, TaskState.TASK_KILLED),
                states.subList(states.size() - 3, states.size()));
        List<StatusUpdate> updates = master.updates("t-batch");
        for (StatusUpdate u : updates.subList(updates.size() - 2, updates.size())) {
            assertEquals(u.toString(), Reason.REASON_REVOKED, u.getStatus().getReason());
            assertTrue(u.getStatus().getMessage(), u.getStatus().getMessage().contains("below its guarantee"));
        }
    }

    @Test
    public void anExecutorThatIgnoresARevocationHasItsContainerDestroyedAfterTheGrace() throws Exception {
        FakeMaster master = master(0);
        Duration grace = Duration.ofSeconds(1);
        Agent agent = start(config(master).killGrace(grace).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);
        master.send(runTask(TaskInfo.ofExecutor(TaskId.of("t-deaf"), "deaf", AgentId.of(FakeMaster.AGENT_ID),
                Resources.parse("cpus:0.1;mem:16"), testExecutor(Map.of("IGNORE_KILL", "1")))
                .withData("run".getBytes())));
        await().atMost(Duration.ofSeconds(30)).until(() -> master.states("t-deaf").contains(TaskState.TASK_RUNNING));
        Path sandbox = agent.executorSandbox(FrameworkId.of(FID), ExecutorId.of("e-test"));
        long pid = Long.parseLong(Files.readString(sandbox.resolve("pid")).strip());

        long t0 = System.nanoTime();
        master.send(revoke("t-deaf"));

        await().atMost(WAIT).until(() -> master.states("t-deaf").contains(TaskState.TASK_KILLED));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue("the agent waited the kill grace for the executor: " + took, took.compareTo(grace) >= 0);
        assertEquals(List.of(TaskState.TASK_RUNNING, TaskState.TASK_KILLED), master.states("t-deaf"));
        assertEquals(Reason.REASON_REVOKED, last(master, "t-deaf").getStatus().getReason());
        assertTrue(Files.readString(sandbox.resolve("stdout")).contains("kill received, ignored"));
        await().atMost(WAIT).until(() -> !alive(pid)); // the executor runs under the launcher's supervisor, in its group
        await().atMost(WAIT).until(() -> !master.of(Envelope.MessageCase.EXECUTOR_LOST).isEmpty());
    }

    @Test
    public void anExecutorThatAnswersARevocationIsLeftRunningAndItsKilledCarriesReasonRevoked() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).killGrace(Duration.ofSeconds(1)).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);
        master.send(runTask(TaskInfo.ofExecutor(TaskId.of("t-polite"), "polite", AgentId.of(FakeMaster.AGENT_ID),
                Resources.parse("cpus:0.1;mem:16"), testExecutor(Map.of())).withData("run".getBytes())));
        await().atMost(Duration.ofSeconds(30)).until(() -> master.states("t-polite").contains(TaskState.TASK_RUNNING));
        Path sandbox = agent.executorSandbox(FrameworkId.of(FID), ExecutorId.of("e-test"));
        long pid = Long.parseLong(Files.readString(sandbox.resolve("pid")).strip());

        master.send(revoke("t-polite"));

        await().atMost(WAIT).until(() -> master.states("t-polite").contains(TaskState.TASK_KILLED));
        StatusUpdate killed = last(master, "t-polite");
        assertEquals(Reason.REASON_REVOKED, killed.getStatus().getReason());
        assertEquals("the executor's own update", org.allot.protocol.proto.TaskStatus.Source.SOURCE_EXECUTOR,
                killed.getStatus().getSource());
        // Well past the grace, the executor that answered still runs: only a silent one is destroyed.
        await().pollDelay(Duration.ofMillis(2500)).atMost(WAIT).until(() -> true);
        assertTrue("executor still runs", alive(pid));
        assertTrue(master.of(Envelope.MessageCase.EXECUTOR_LOST).isEmpty());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
