package org.allot.agent.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.allot.api.CommandInfo;
import org.allot.api.FrameworkId;
import org.allot.api.TaskId;
import org.allot.api.agent.AgentHealth;
import org.allot.api.agent.AgentOperator;
import org.allot.api.agent.ContainerView;
import org.allot.api.agent.DrainResult;
import org.allot.api.agent.IsolatorView;
import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.KillTask;
import org.allot.protocol.proto.ReregisterAgent;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.TaskStatus.Reason;
import org.junit.Test;

/**
 * The agent's lifecycle as an operator drives it: a clean stop leaves the tasks running for the
 * next agent, a drain ends them with terminal updates first, and what keeps the agent from
 * launching (a missing isolator) reaches the master.
 */
public class AgentLifecycleTest extends AgentTestSupport {

    /** The operator service over one agent, as the agent component registers it. */
    private static AgentOperator operator(Agent agent) {
        return new AgentOperatorService(() -> agent, () -> { });
    }

    /** Starts a task that writes its pid and sleeps; returns its session (the supervisor's and its) once it runs. */
    private long runSleeper(FakeMaster master, Agent agent, String taskId) throws Exception {
        master.send(runTask(taskId, CommandInfo.shell("echo $$ > pid; exec sleep 60")));
        Path pidFile = agent.taskSandbox(FrameworkId.of(FID), TaskId.of(taskId)).resolve("pid");
        await().atMost(WAIT).until(() -> master.states(taskId).contains(TaskState.TASK_RUNNING)
                && Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"));
        return Procs.sessionOf(Long.parseLong(Files.readString(pidFile).strip()));
    }

    @Test
    public void aCleanStopLeavesTheTaskRunningAndTheNextAgentReadoptsIt() throws Exception {
        FakeMaster master = master(0);
        Path workDir = tmp.newFolder("work").toPath();
        Agent first = new Agent(config(master).workDir(workDir).build(), isolator(), new ThreadEventLoop("agent-1"));
        first.start();
        awaitRegistered(first);
        long pid = runSleeper(master, first, "t-kept");

        first.stop();

        assertEquals("the task and its supervisor outlive a clean stop", 2, Procs.liveInGroup(pid));
        assertEquals("its container stays checkpointed", 1, new Checkpointer(workDir).load().containers().size());
        Agent second = start(config(master).workDir(workDir).build(), new ThreadEventLoop("agent-2"));
        ReregisterAgent rereg = await().atMost(WAIT).until(() -> first(master, Envelope.MessageCase.REREGISTER_AGENT),
                Optional::isPresent).get().getReregisterAgent();
        assertEquals("t-kept", rereg.getTasks(0).getInfo().getTaskId());
        assertEquals(TaskState.TASK_RUNNING, rereg.getTasks(0).getState());
        List<ContainerView> containers = operator(second).containers();
        assertEquals(1, containers.size());
        assertTrue("re-adopted, not launched again", containers.get(0).recovered());
        assertEquals("task t-kept", containers.get(0).runs());
        assertEquals("no update after RUNNING: nothing was lost or failed",
                List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING), master.states("t-kept"));

        master.send(Envelope.newBuilder().setKillTask(KillTask.newBuilder().setFrameworkId(FID)
                .setTaskId("t-kept")).build());
        await().atMost(WAIT).until(() -> master.states("t-kept").contains(TaskState.TASK_KILLED));
        await().atMost(WAIT).until(() -> Procs.liveInGroup(pid) == 0);
    }

    @Test
    public void drainKillsEveryTaskWithATerminalUpdateWaitsForTheAcknowledgementsThenStops() throws Exception {
        FakeMaster master = master(0);
        Path workDir = tmp.newFolder("work-drain").toPath();
        Agent agent = start(config(master).workDir(workDir).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);
        long a = runSleeper(master, agent, "t-a");
        long b = runSleeper(master, agent, "t-b");
        List<String> progress = new CopyOnWriteArrayList<>();

        DrainResult result = operator(agent).drain(WAIT, progress::add);

        assertEquals(new DrainResult(2, 0, 0, false), result);
        for (String task : List.of("t-a", "t-b")) {
            assertEquals(TaskState.TASK_KILLED, master.states(task).get(master.states(task).size() - 1));
            assertEquals(Reason.REASON_AGENT_DRAINING, master.updates(task).get(master.updates(task).size() - 1)
                    .getStatus().getReason());
        }
        assertEquals(0, Procs.liveInGroup(a) + Procs.liveInGroup(b));
        assertTrue(progress.toString(), progress.get(0).startsWith("Draining: killing 2 task(s)"));
        assertTrue(progress.toString(), progress.get(progress.size() - 1).startsWith("Drained: 2 task(s) killed"));
        await().atMost(WAIT).until(() -> master.of(Envelope.MessageCase.AGENT_HEALTH).size() >= 3);
        List<AgentHealth.State> told = master.of(Envelope.MessageCase.AGENT_HEALTH).stream()
                .map(e -> AgentHealth.State.valueOf(e.getAgentHealth().getState().name().substring(6))).toList();
        assertEquals(List.of(AgentHealth.State.ACTIVE, AgentHealth.State.DRAINING, AgentHealth.State.DRAINED), told);
        Checkpointer.Recovered left = new Checkpointer(workDir).load();
        assertTrue("nothing left for a next agent: " + left, left.containers().isEmpty() && left.tasks().isEmpty()
                && left.updates().isEmpty());
    }

    @Test
    public void aDrainThatTheMasterDoesNotAcknowledgeTimesOutAndKeepsTheUpdatesForTheNextAgent() throws Exception {
        FakeMaster master = master(0);
        Path workDir = tmp.newFolder("work-unacked").toPath();
        Agent agent = start(config(master).workDir(workDir).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);
        runSleeper(master, agent, "t-unacked");
        master.autoAck = false;

        DrainResult result = operator(agent).drain(Duration.ofSeconds(2), line -> { });

        assertTrue(result.toString(), result.timedOut());
        assertEquals(1, result.tasksKilled());
        assertEquals(1, result.unacknowledged());
        assertEquals("the kill ended the container before the timeout", 0, result.destroyed());
        assertEquals(TaskState.TASK_KILLED, new Checkpointer(workDir).load().updates().values().iterator().next()
                .get(0).getStatus().getState());
    }

    @Test
    public void anAgentWhoseConfiguredIsolatorIsMissingStartsDegradedSaysWhyAndRecoversWhenItArrives()
            throws Exception {
        FakeMaster master = master(0);
        IsolationRegistry registry = isolator();
        Agent agent = new Agent(config(master).isolation("posix,projects").build(), registry,
                new ThreadEventLoop("agent"));
        agents.add(agent);
        agent.start();
        awaitRegistered(agent);

        await().atMost(WAIT).until(() -> master.of(Envelope.MessageCase.AGENT_HEALTH).size() == 1);
        org.allot.protocol.proto.AgentHealth told = master.of(Envelope.MessageCase.AGENT_HEALTH).get(0)
                .getAgentHealth();
        assertEquals(org.allot.protocol.proto.AgentHealth.State.STATE_DEGRADED, told.getState());
        assertTrue(told.getReason(), told.getReason().startsWith("isolator 'projects' of isolation"));
        assertTrue(told.getReason(), told.getReason().contains("not available, so no task can be launched"));
        assertEquals(FakeMaster.AGENT_ID, told.getAgentId());
        assertEquals(AgentHealth.State.DEGRADED, operator(agent).health().state());
        assertEquals(List.of(new IsolatorView("posix", 0, true, 0), new IsolatorView("projects", 1, false, 0)),
                operator(agent).isolators());

        registry.addIsolator(() -> "projects");

        await().atMost(WAIT).until(() -> master.of(Envelope.MessageCase.AGENT_HEALTH).size() == 2);
        assertEquals(org.allot.protocol.proto.AgentHealth.State.STATE_ACTIVE,
                master.of(Envelope.MessageCase.AGENT_HEALTH).get(1).getAgentHealth().getState());
        assertEquals(AgentHealth.ACTIVE, operator(agent).health());
    }
}
