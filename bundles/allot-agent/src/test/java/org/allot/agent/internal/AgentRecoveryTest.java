package org.allot.agent.internal;

import org.allot.protocol.loop.ThreadEventLoop;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.spi.isolation.ContainerId;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.FrameworkInfo;
import org.allot.protocol.proto.KillTask;
import org.allot.protocol.proto.ReregisterAgent;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;
import org.junit.Test;

/**
 * Fault tolerance of the agent against a fake master: re-registration after a master restart, and
 * a new agent on the same work dir after a crash (kill -9), an upgrade or an isolator change.
 */
public class AgentRecoveryTest extends AgentTestSupport {

    @Test
    public void agentReregistersWithItsRunningTaskAfterTheMasterRestarts() throws Exception {
        FakeMaster master = master(0);
        int port = master.port;
        Agent agent = start(config(master).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);
        master.send(runTask("t-long", CommandInfo.shell("sleep 60")));
        await().atMost(WAIT).until(() -> master.states("t-long").contains(TaskState.TASK_RUNNING));

        // An update the old master never acknowledged is resent to the new one after re-registration.
        master.autoAck = false;
        master.send(runTask("t-unacked", CommandInfo.shell("exit 0")));
        await().atMost(WAIT).until(() -> !master.updates("t-unacked").isEmpty());
        StatusUpdate unacked = master.updates("t-unacked").get(0);

        master.close();
        FakeMaster restarted = master(port);

        ReregisterAgent rereg = await().atMost(WAIT).until(() -> first(restarted,
                Envelope.MessageCase.REREGISTER_AGENT), Optional::isPresent).get().getReregisterAgent();
        assertEquals(FakeMaster.AGENT_ID, rereg.getAgent().getAgentId());
        org.allot.protocol.proto.Task running = rereg.getTasksList().stream()
                .filter(t -> t.getInfo().getTaskId().equals("t-long")).findFirst().orElseThrow();
        assertEquals(TaskState.TASK_RUNNING, running.getState());
        assertEquals(FID, rereg.getFrameworks(0).getFrameworkId());
        assertTrue(first(restarted, Envelope.MessageCase.REGISTER_AGENT).isEmpty());
        await().atMost(WAIT).until(() -> restarted.states("t-unacked").contains(TaskState.TASK_FINISHED));
        assertEquals(unacked.getStatus().getUuid(), restarted.updates("t-unacked").get(0).getStatus().getUuid());
        assertEquals(List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED),
                restarted.states("t-unacked"));
    }

    @Test
    public void restartedAgentRecoversItsContainerFromTheCheckpoint() throws Exception {
        FakeMaster master = master(0);
        Path workDir = tmp.newFolder("work").toPath();
        Agent first = new Agent(config(master).workDir(workDir).build(), isolator(), new ThreadEventLoop("agent-1"));
        first.start();
        awaitRegistered(first);
        master.send(runTask("t-survivor", CommandInfo.shell("echo $$ > pid; exec sleep 60")));
        Path pidFile = first.taskSandbox(FrameworkId.of(FID), TaskId.of("t-survivor")).resolve("pid");
        await().atMost(WAIT).until(() -> master.states("t-survivor").contains(TaskState.TASK_RUNNING)
                && Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        long session = Procs.sessionOf(pid);
        first.abandon(); // as if the agent process died

        Agent second = start(config(master).workDir(workDir).build(), new ThreadEventLoop("agent-2"));
        ReregisterAgent rereg = await().atMost(WAIT).until(() -> first(master, Envelope.MessageCase.REREGISTER_AGENT),
                Optional::isPresent).get().getReregisterAgent();
        assertEquals(FakeMaster.AGENT_ID, rereg.getAgent().getAgentId());
        assertEquals("t-survivor", rereg.getTasks(0).getInfo().getTaskId());
        assertEquals("the supervisor and the task", 2, Procs.liveInGroup(session));

        master.send(Envelope.newBuilder().setKillTask(KillTask.newBuilder().setFrameworkId(FID)
                .setTaskId("t-survivor")).build());
        await().atMost(WAIT).until(() -> master.states("t-survivor").contains(TaskState.TASK_KILLED));
        await().atMost(WAIT).until(() -> Procs.liveInGroup(session) == 0);
        assertTrue(second.agentId().isPresent());
    }

    @Test
    public void anAgentUpgradedWhileItsTaskRunsMigratesTheOldCheckpointAndRecoversTheContainer() throws Exception {
        FakeMaster master = master(0);
        Path workDir = tmp.newFolder("work-upgrade").toPath();
        Agent first = new Agent(config(master).workDir(workDir).build(), isolator(), new ThreadEventLoop("agent-1"));
        first.start();
        awaitRegistered(first);
        master.send(runTask("t-upgrade", CommandInfo.shell("echo $$ > pid; exec sleep 60")));
        Path pidFile = first.taskSandbox(FrameworkId.of(FID), TaskId.of("t-upgrade")).resolve("pid");
        await().atMost(WAIT).until(() -> master.states("t-upgrade").contains(TaskState.TASK_RUNNING)
                && Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        long session = Procs.sessionOf(pid);
        first.abandon();
        // What the previous version left: one checkpoint.properties, no meta/ records.
        Checkpointer.Recovered records = new Checkpointer(workDir).load();
        Checkpointer.Container c = records.containers().get(0);
        java.util.Properties old = new java.util.Properties();
        old.setProperty("agent.id", FakeMaster.AGENT_ID);
        old.setProperty("framework." + FID, base64(records.frameworks().get(FrameworkId.of(FID))));
        String prefix = "container." + c.id().value() + ".";
        old.setProperty(prefix + "pid", Long.toString(c.pid()));
        old.setProperty(prefix + "isolator", c.isolator());
        old.setProperty(prefix + "framework", FID);
        old.setProperty(prefix + "sandbox", c.sandbox().toString());
        old.setProperty(prefix + "limits", c.limits().toString());
        old.setProperty(prefix + "task", base64(records.tasks().values().iterator().next()));
        try (java.io.Writer w = Files.newBufferedWriter(workDir.resolve("checkpoint.properties"))) {
            old.store(w, "Allot agent checkpoint: written by the agent, read when it restarts");
        }
        try (java.util.stream.Stream<Path> meta = Files.walk(workDir.resolve("meta"))) {
            for (Path f : (Iterable<Path>) meta.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }

        start(config(master).workDir(workDir).build(), new ThreadEventLoop("agent-2"));

        ReregisterAgent rereg = await().atMost(WAIT).until(() -> first(master, Envelope.MessageCase.REREGISTER_AGENT),
                Optional::isPresent).get().getReregisterAgent();
        assertEquals("t-upgrade", rereg.getTasks(0).getInfo().getTaskId());
        assertEquals(TaskState.TASK_RUNNING, rereg.getTasks(0).getState());
        assertTrue(Files.exists(workDir.resolve("checkpoint.properties.migrated")));
        assertFalse(Files.exists(workDir.resolve("checkpoint.properties")));
        assertEquals(List.of(c), new Checkpointer(workDir).load().containers());
        master.send(Envelope.newBuilder().setKillTask(KillTask.newBuilder().setFrameworkId(FID)
                .setTaskId("t-upgrade")).build());
        await().atMost(WAIT).until(() -> master.states("t-upgrade").contains(TaskState.TASK_KILLED));
        await().atMost(WAIT).until(() -> Procs.liveInGroup(session) == 0);
    }

    private static String base64(com.google.protobuf.MessageLite m) {
        return java.util.Base64.getEncoder().encodeToString(m.toByteArray());
    }

    @Test
    public void aContainerWhoseIsolationIsMissingAfterARestartStaysAndReportsItsRealExitWhenItComes()
            throws Exception {
        FakeMaster master = master(0);
        Path workDir = tmp.newFolder("work-foreign").toPath();
        TaskInfo task = TaskInfo.ofCommand(TaskId.of("t-foreign"), "foreign", AgentId.of(FakeMaster.AGENT_ID),
                Resources.parse("cpus:0.1"), CommandInfo.shell("sleep 60"));
        FrameworkInfo framework = FrameworkInfo.newBuilder().setFrameworkId(FID).setName("test").setUser("u").build();
        Checkpointer.Container container = new Checkpointer.Container(ContainerId.of("c-1"), 999_999_999L,
                Isolation.of("cgroups", "cgroups/mem").format(), FrameworkId.of(FID), workDir,
                Resources.parse("cpus:0.1"), Optional.of(task.id()), Optional.empty());
        TaskKey key = new TaskKey(FrameworkId.of(FID), task.id());
        Checkpointer checkpointer = new Checkpointer(workDir);
        checkpointer.saveAgentId(AgentId.of(FakeMaster.AGENT_ID));
        checkpointer.saveFramework(framework);
        checkpointer.saveTask(key, Wire.toProto(task, FrameworkId.of(FID)));
        checkpointer.saveContainer(container);
        Checkpointer.Recovered state = new Checkpointer(workDir).load();
        assertEquals(new Checkpointer.Recovered(Optional.of(AgentId.of(FakeMaster.AGENT_ID)),
                Map.of(FrameworkId.of(FID), framework), List.of(container),
                Map.of(key, Wire.toProto(task, FrameworkId.of(FID))), Map.of(), List.of()), state);
        IsolationRegistry registry = isolator();
        Agent agent = new Agent(config(master).workDir(workDir).build(), registry, new ThreadEventLoop("agent"));
        agents.add(agent);
        agent.start();

        // Neither its launcher nor its isolator is installed: the task is not given up.
        ReregisterAgent rereg = await().atMost(WAIT).until(() -> first(master, Envelope.MessageCase.REREGISTER_AGENT),
                Optional::isPresent).get().getReregisterAgent();
        assertEquals(TaskState.TASK_RUNNING, rereg.getTasks(0).getState());
        assertTrue(master.states("t-foreign").isEmpty());

        // They are deployed: the launcher finds the exit status the container's supervisor recorded.
        FakeIsolation fakes = new FakeIsolation();
        FakeIsolation.FakeLauncher cgroups = fakes.new FakeLauncher("cgroups");
        cgroups.recorded.put(ContainerId.of("c-1"), org.allot.spi.isolation.ContainerExit.exited(0));
        registry.addIsolator(fakes.new FakeIsolator("cgroups/mem"));
        registry.addLauncher(cgroups);

        await().atMost(WAIT).until(() -> master.states("t-foreign").contains(TaskState.TASK_FINISHED));
        assertEquals(List.of("recover cgroups/mem [c-1]", "recover launcher [c-1]", "destroy", "cleanup cgroups/mem"),
                fakes.journal());
    }

    @Test
    public void anUnacknowledgedUpdateSurvivesAKill9AndTheNextAgentResendsItWithItsUuid() throws Exception {
        FakeMaster master = master(0);
        master.autoAck = false;
        Path workDir = tmp.newFolder("work-crash").toPath();
        Agent first = new Agent(config(master).workDir(workDir).build(), isolator(), new ThreadEventLoop("agent-1"));
        first.start();
        awaitRegistered(first);
        master.send(runTask("t-done", CommandInfo.shell("exit 0")));
        for (TaskState state : List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING)) {
            await().atMost(WAIT).until(() -> master.states("t-done").contains(state));
            master.ack(master.updates("t-done").get(master.updates("t-done").size() - 1));
        }
        await().atMost(WAIT).until(() -> master.states("t-done").contains(TaskState.TASK_FINISHED));
        StatusUpdate finished = master.updates("t-done").get(master.updates("t-done").size() - 1);
        assertEquals(TaskState.TASK_FINISHED, finished.getStatus().getState());
        master.close();
        // kill -9: no stop(); the process is gone with whatever it had not written.
        first.abandon();

        FakeMaster next = master(0);
        Agent second = start(config(next).workDir(workDir).build(), new ThreadEventLoop("agent-2"));

        await().atMost(WAIT).until(() -> next.states("t-done").contains(TaskState.TASK_FINISHED));
        assertTrue("re-registered before resending", next.received.indexOf(first(next,
                Envelope.MessageCase.REREGISTER_AGENT).orElseThrow()) < next.received.indexOf(next.of(
                Envelope.MessageCase.STATUS_UPDATE).get(0)));
        StatusUpdate resent = next.updates("t-done").get(0);
        assertEquals("the same update, uuid and all", finished, resent);
        await().atMost(WAIT).until(() -> second.unacknowledgedUpdates() == 0);
        assertTrue(new Checkpointer(workDir).load().updates().isEmpty());
        assertTrue(new Checkpointer(workDir).load().tasks().isEmpty());
    }
}
