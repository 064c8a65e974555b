package org.allot.agent.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.allot.api.CommandInfo;
import org.allot.api.FrameworkId;
import org.allot.api.TaskId;
import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;
import org.junit.After;
import org.junit.Test;

/**
 * A real agent with the posix launcher and isolator: what a task leaves behind, and what survives
 * the agent. Both tests fail against the 0.x isolator (escapees survived; the exit status was lost).
 */
public class AgentIsolationTest extends AgentTestSupport {

    /** A tag in the sleeps' arguments, to find them in /proc: {@code sleep 3<tag>1}. */
    private final String tag = "3" + ThreadLocalRandom.current().nextInt(100_000, 999_999);

    @After
    public void killLeftovers() throws Exception {
        for (long pid : Procs.withCommandLine("sleep " + tag)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    public void processesThatSetsidOrDoubleForkAwayDoNotOutliveTheirTask() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);

        // One daemon in a session of its own, one double-forked (reparented to init), then a normal exit.
        master.send(runTask("t-daemons", CommandInfo.shell("setsid sleep " + tag + "1 & (sleep " + tag + "2 &) &"
                + " sleep 0.5; exit 0")));

        await().atMost(WAIT).until(() -> master.states("t-daemons").contains(TaskState.TASK_FINISHED));
        assertEquals("nothing of the task survives its end", java.util.Set.of(),
                Procs.withCommandLine("sleep " + tag));
    }

    @Test
    public void theExitStatusOfATaskThatEndedWhileNoAgentRanIsReportedByTheNextAgent() throws Exception {
        FakeMaster master = master(0);
        Path workDir = tmp.newFolder("work").toPath();
        Agent first = new Agent(config(master).workDir(workDir).build(), isolator(), new ThreadEventLoop("agent-1"));
        agents.add(first);
        first.start();
        awaitRegistered(first);
        master.send(runTask("t-short", CommandInfo.shell("echo started > started; sleep " + tag + "1; exit 3")));
        Path started = first.taskSandbox(FrameworkId.of(FID), TaskId.of("t-short")).resolve("started");
        await().atMost(WAIT).until(() -> master.states("t-short").contains(TaskState.TASK_RUNNING)
                && Files.exists(started));
        first.abandon(); // as if the agent process died (kill -9)

        // The task ends normally while no agent runs.
        await().atMost(WAIT).until(() -> !Procs.withCommandLine("sleep " + tag).isEmpty());
        Procs.withCommandLine("sleep " + tag).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        await().atMost(WAIT).until(() -> Procs.withCommandLine("sleep " + tag).isEmpty());

        start(config(master).workDir(workDir).build(), new ThreadEventLoop("agent-2"));

        await().atMost(WAIT).until(() -> master.states("t-short").contains(TaskState.TASK_FAILED));
        List<StatusUpdate> updates = master.updates("t-short");
        StatusUpdate last = updates.get(updates.size() - 1);
        assertEquals("the exit status the supervisor recorded, not 'unknown'", "Command exited with status 3",
                last.getStatus().getMessage());
        assertEquals(org.allot.protocol.proto.TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED,
                last.getStatus().getReason());
    }
}
