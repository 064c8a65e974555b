package org.allot.agent.internal;

import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.loop.ManualEventLoop;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.Attributes;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Names;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.spi.isolation.ContainerId;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.KillTask;
import org.allot.protocol.proto.RegisterAgent;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.Teardown;
import org.junit.Test;

/** The agent against a fake master, running real processes through the POSIX isolator. */
public class AgentTest extends AgentTestSupport {

    // ----- registration and resources -----

    @Test
    public void registrationCarriesConfiguredResourcesAndAttributes() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).resources("cpus:2;mem:512;disk:100;ports:[31000-31010]")
                .attributes("rack:r1;zone:a").hostname("test-host").build(), new ThreadEventLoop("agent"));

        RegisterAgent reg = await().atMost(WAIT).until(() -> first(master, Envelope.MessageCase.REGISTER_AGENT),
                Optional::isPresent).get().getRegisterAgent();
        assertEquals(Resources.parse("cpus:2;mem:512;disk:100;ports:[31000-31010]"),
                Wire.resources(reg.getAgent().getResourcesList()));
        assertEquals(Attributes.parse("rack:r1;zone:a"), Wire.attributes(reg.getAgent().getAttributesList()));
        assertEquals("test-host", reg.getAgent().getHostname());
        assertEquals(agent.port(), reg.getAgent().getPort());
        assertEquals("", reg.getAgent().getAgentId());
        await().atMost(WAIT).until(() -> agent.agentId().equals(Optional.of(AgentId.of(FakeMaster.AGENT_ID))));
        await().atMost(WAIT).until(() -> Files.exists(agent.workDir().resolve("meta/agent"))
                && Files.readString(agent.workDir().resolve("meta/agent")).contains("agent.id=" + FakeMaster.AGENT_ID));
    }

    @Test
    public void withoutConfiguredResourcesTheDetectedOnesAreOffered() throws Exception {
        FakeMaster master = master(0);
        start(config(master).build(), new ThreadEventLoop("agent"));

        RegisterAgent reg = await().atMost(WAIT).until(() -> first(master, Envelope.MessageCase.REGISTER_AGENT),
                Optional::isPresent).get().getRegisterAgent();
        Resources r = Wire.resources(reg.getAgent().getResourcesList());
        assertTrue(r.toString(), r.scalar("cpus") >= 1);
        assertTrue(r.toString(), r.scalar("mem") > 0);
        assertTrue(r.toString(), r.scalar("disk") > 0);
        assertEquals(1001, r.ranges("ports").get(0).size());
        assertFalse(reg.getAgent().getHostname().isBlank());
    }

    @Test
    public void configuredResourcesReplaceDetectionEntirely() throws Exception {
        FakeMaster master = master(0);
        start(config(master).resources("cpus:10;mem:20480").build(), new ThreadEventLoop("agent"));

        RegisterAgent reg = await().atMost(WAIT).until(() -> first(master, Envelope.MessageCase.REGISTER_AGENT),
                Optional::isPresent).get().getRegisterAgent();
        assertEquals("no detected disk or ports besides what was written", Resources.parse("cpus:10;mem:20480"),
                Wire.resources(reg.getAgent().getResourcesList()));
    }

    @Test
    public void memReserveIsTheSmallerOf1GbAndAQuarter() throws IOException {
        Path meminfo = tmp.newFile().toPath();
        AgentConfig cfg = AgentConfig.builder().workDir(tmp.newFolder().toPath()).build();
        Files.writeString(meminfo, "MemTotal:       24684084 kB\nMemFree: 1 kB\n");
        assertEquals(24105 - 1024, ResourceDetector.detect(cfg, meminfo).scalar("mem"), 0); // 24105 MB total
        Files.writeString(meminfo, "MemTotal:        2097152 kB\n");
        assertEquals(2048 - 512, ResourceDetector.detect(cfg, meminfo).scalar("mem"), 0); // 25% of 2 GB
    }

    @Test
    public void aRefusedRegistrationMakesTheAgentReconnectAndRegisterAgain() throws Exception {
        FakeMaster master = master(0);
        master.refuseRegistrations.set(2);
        Agent agent = start(config(master).build(), new ThreadEventLoop("agent"));

        awaitRegistered(agent);
        assertEquals("two refusals, then accepted", 3, master.of(Envelope.MessageCase.REGISTER_AGENT).size());
        assertEquals("a new connection for each attempt", 3, master.opened.get());

        // Once registered, an Error from the master is only logged: the agent keeps its connection.
        master.send(Envelope.newBuilder().setError(org.allot.protocol.proto.Error.newBuilder()
                .setCode(org.allot.protocol.proto.Error.Code.PROTOCOL_VIOLATION).setReason("test error")).build());
        master.send(runTask("t-after-error", CommandInfo.shell("exit 0")));
        await().atMost(WAIT).until(() -> master.states("t-after-error").contains(TaskState.TASK_FINISHED));
        assertEquals(3, master.opened.get());
        assertEquals(3, master.of(Envelope.MessageCase.REGISTER_AGENT).size());
        assertTrue(master.of(Envelope.MessageCase.REREGISTER_AGENT).isEmpty());
    }

    // ----- command tasks -----

    @Test
    public void commandTaskRunsAndFinishesWithItsOutputInTheSandbox() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);

        master.send(runTask("t-echo", CommandInfo.shell("echo hello")));

        await().atMost(WAIT).until(() -> master.states("t-echo").contains(TaskState.TASK_FINISHED));
        assertEquals(List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED),
                master.states("t-echo"));
        Path sandbox = agent.workDir().resolve("frameworks").resolve(FID).resolve("tasks").resolve("t-echo");
        assertEquals(sandbox, agent.taskSandbox(FrameworkId.of(FID), TaskId.of("t-echo")));
        assertEquals("hello\n", Files.readString(sandbox.resolve("stdout")));
        assertTrue(Files.exists(sandbox.resolve("stderr")));
        StatusUpdate last = master.updates("t-echo").get(master.updates("t-echo").size() - 1);
        assertEquals(FakeMaster.AGENT_ID, last.getStatus().getAgentId());
        assertEquals(16, last.getStatus().getUuid().size());
        assertEquals(FID, last.getFrameworkId());
    }

    @Test
    public void nonZeroExitFailsWithTheStatus() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);

        master.send(runTask("t-exit", CommandInfo.shell("echo oops >&2; exit 3")));

        await().atMost(WAIT).until(() -> master.states("t-exit").contains(TaskState.TASK_FAILED));
        StatusUpdate failed = master.updates("t-exit").stream()
                .filter(u -> u.getStatus().getState() == TaskState.TASK_FAILED).findFirst().orElseThrow();
        assertTrue(failed.getStatus().getMessage(), failed.getStatus().getMessage().contains("status 3"));
        assertEquals("oops\n", Files.readString(agent.taskSandbox(FrameworkId.of(FID), TaskId.of("t-exit"))
                .resolve("stderr")));
    }

    @Test
    public void killOfATermIgnoringTaskEscalatesAfterTheGraceAndLeavesNoProcess() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).killGrace(Duration.ofSeconds(1)).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);
        master.send(runTask("t-stubborn", CommandInfo.shell("echo $$ > pid; trap '' TERM; sleep 60 & wait; sleep 60")));
        Path pidFile = agent.taskSandbox(FrameworkId.of(FID), TaskId.of("t-stubborn")).resolve("pid");
        await().atMost(WAIT).until(() -> master.states("t-stubborn").contains(TaskState.TASK_RUNNING)
                && Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        long session = Procs.sessionOf(pid);
        await().atMost(WAIT).until(() -> Procs.liveInGroup(session) >= 2);

        long t0 = System.nanoTime();
        master.send(Envelope.newBuilder().setKillTask(KillTask.newBuilder().setFrameworkId(FID)
                .setTaskId("t-stubborn")).build());
        await().atMost(Duration.ofSeconds(1).plus(Duration.ofSeconds(5)))
                .until(() -> master.states("t-stubborn").contains(TaskState.TASK_KILLED));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertTrue("SIGTERM was ignored, so the kill took the grace: " + took,
                took.compareTo(Duration.ofMillis(900)) >= 0);
        assertEquals("no process of the task's group is left", 0, Procs.liveInGroup(session));
    }

    @Test
    public void aSlowCleanupDoesNotBlockTheLoopAndTheTerminalStatusWaitsForIt() throws Exception {
        FakeMaster master = master(0);
        SlowCleanupIsolator slow = new SlowCleanupIsolator();
        Agent agent = new Agent(config(master).isolation("slow").build(),
                IsolationRegistry.of(new org.allot.isolation.posix.internal.PosixLauncher(), slow),
                new ThreadEventLoop("agent"));
        agents.add(agent);
        agent.start();
        awaitRegistered(agent);
        master.send(runTask("t-first", CommandInfo.shell("exec sleep 60")));
        await().atMost(WAIT).until(() -> master.states("t-first").contains(TaskState.TASK_RUNNING));

        try {
            master.send(Envelope.newBuilder().setKillTask(KillTask.newBuilder().setFrameworkId(FID)
                    .setTaskId("t-first")).build());
            // SIGTERM ends the sleep at once; the isolator's cleanup then waits until released.
            await().atMost(WAIT).until(() -> slow.cleanupStarted.size() == 1);

            // Meanwhile the loop still launches another task and reports it.
            master.send(runTask("t-second", CommandInfo.shell("exec sleep 60")));
            await().atMost(Duration.ofSeconds(5)).until(() -> master.states("t-second").contains(TaskState.TASK_RUNNING));
            assertFalse("no terminal status before the container is cleaned up",
                    master.states("t-first").contains(TaskState.TASK_KILLED));
            assertTrue(slow.cleanedUp.isEmpty());
        } finally {
            slow.release.countDown();
        }
        await().atMost(WAIT).until(() -> master.states("t-first").contains(TaskState.TASK_KILLED));
        assertEquals(slow.cleanupStarted, slow.cleanedUp);
        assertEquals(List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_KILLED),
                master.states("t-first"));
    }

    /** Confines nothing; its cleanup does not complete until the test releases it. */
    private static final class SlowCleanupIsolator implements org.allot.spi.isolation.Isolator {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.Set<ContainerId> cleanupStarted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.Set<ContainerId> cleanedUp = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> cleanup(ContainerId id) {
            cleanupStarted.add(id);
            return java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cleanedUp.add(id);
            });
        }
    }

    @Test
    public void statusUpdatesAreRetriedWithBackoffUntilAcknowledgedInOrder() throws Exception {
        FakeMaster master = master(0);
        master.autoAck = false;
        ManualEventLoop loop = ManualEventLoop.onThread("allot-agent-test-loop", Instant.parse("2026-01-01T00:00:00Z"));
        Agent agent = start(config(master).statusRetryInterval(Duration.ofSeconds(2))
                .statusRetryMax(Duration.ofSeconds(10)).build(), loop);
        awaitRegistered(agent);

        master.send(runTask("t-retry", CommandInfo.shell("exit 0")));
        // The process ends at once, yet only STARTING is on the wire until it is acknowledged: sent once,
        // then once more at once carrying the task's newest state (latest_state FINISHED), so that the
        // master can free its resources.
        await().atMost(WAIT).until(() -> master.updates("t-retry").size() == 2);
        loop.settle();
        assertEquals(TaskState.TASK_FINISHED, master.updates("t-retry").get(1).getLatestState());
        assertSends(master, loop, Duration.ofMillis(1999), 2);
        assertSends(master, loop, Duration.ofMillis(1), 3);     // 2 s
        assertSends(master, loop, Duration.ofSeconds(4), 4);    // then 4 s
        assertSends(master, loop, Duration.ofSeconds(8), 5);    // then 8 s
        assertSends(master, loop, Duration.ofSeconds(10), 6);   // then capped at 10 s
        assertSends(master, loop, Duration.ofSeconds(10), 7);
        List<StatusUpdate> sent = master.updates("t-retry");
        assertTrue("all resends are STARTING with one uuid", sent.stream().allMatch(u ->
                u.getStatus().getState() == TaskState.TASK_STARTING
                        && u.getStatus().getUuid().equals(sent.get(0).getStatus().getUuid())));

        master.ack(sent.get(0));
        await().atMost(WAIT).until(() -> master.updates("t-retry").size() == 8);
        assertEquals(TaskState.TASK_RUNNING, master.updates("t-retry").get(7).getStatus().getState());
        master.ack(master.updates("t-retry").get(7));
        await().atMost(WAIT).until(() -> master.updates("t-retry").size() == 9);
        StatusUpdate finished = master.updates("t-retry").get(8);
        assertEquals(TaskState.TASK_FINISHED, finished.getStatus().getState());
        master.ack(finished);
        await().atMost(WAIT).until(() -> agent.unacknowledgedUpdates() == 0);
        assertSends(master, loop, Duration.ofSeconds(30), 9);   // nothing more once acknowledged
    }

    @Test
    public void theMastersResendUpdatesSendsAFrameworksUnacknowledgedUpdateAtOnce() throws Exception {
        FakeMaster master = master(0);
        master.autoAck = false;
        ManualEventLoop loop = ManualEventLoop.onThread("allot-agent-test-loop", Instant.parse("2026-01-01T00:00:00Z"));
        Agent agent = start(config(master).statusRetryInterval(Duration.ofSeconds(2))
                .statusRetryMax(Duration.ofSeconds(10)).build(), loop);
        awaitRegistered(agent);
        master.send(runTask("t-retry", CommandInfo.shell("exit 0")));
        await().atMost(WAIT).until(() -> master.updates("t-retry").size() == 2);
        loop.settle();

        // A new scheduler of the framework subscribed: no waiting for the 2 s retry.
        master.send(org.allot.protocol.Messages.resendUpdates(FrameworkId.of(FID), "its scheduler failed over"));
        await().atMost(WAIT).until(() -> master.updates("t-retry").size() == 3);
        assertEquals(master.updates("t-retry").get(0).getStatus().getUuid(),
                master.updates("t-retry").get(2).getStatus().getUuid());
        master.send(org.allot.protocol.Messages.resendUpdates(FrameworkId.of("f-other"), "not this one's"));
        assertSends(master, loop, Duration.ofMillis(1999), 3);  // the retry interval restarted at 2 s
        assertSends(master, loop, Duration.ofMillis(1), 4);
    }

    private static void assertSends(FakeMaster master, ManualEventLoop loop, Duration advance, int expected) {
        loop.advance(advance);
        await().atMost(Duration.ofSeconds(5)).until(() -> master.updates("t-retry").size() >= expected);
        loop.settle();
        assertEquals("sends after advancing " + advance, expected, master.updates("t-retry").size());
    }

    // ----- ids that would name paths outside the work dir -----

    @Test
    public void taskIdsThatCannotNameASandboxGetTaskErrorAndNothingIsCreated() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);
        Path outside = tmp.newFolder("outside").toPath();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("parent", "../../../../" + outside.getFileName() + "/escaped");
        cases.put("absolute", outside.resolve("absolute").toString());
        cases.put("dots", "a..b");
        cases.put("dot", ".");
        cases.put("long", "t".repeat(256));
        cases.put("long in UTF-8", "\u00e9".repeat(128));
        cases.put("control character", "t\u0007x");

        cases.forEach((name, id) -> master.send(runTaskWithRawId(id, CommandInfo.shell("echo ran > ran"))));

        for (Map.Entry<String, String> c : cases.entrySet()) {
            String id = c.getValue();
            await(c.getKey()).atMost(WAIT).until(() -> master.states(id).contains(TaskState.TASK_ERROR));
            StatusUpdate error = master.updates(id).get(0);
            assertEquals(c.getKey(), List.of(TaskState.TASK_ERROR), master.states(id));
            assertTrue(c.getKey() + ": " + error.getStatus().getMessage(), error.getStatus().getMessage()
                    .contains("task id '" + Names.printable(id) + "'"));
            assertEquals(org.allot.protocol.proto.TaskStatus.Reason.REASON_TASK_INVALID, error.getStatus().getReason());
        }
        assertFalse("no sandbox at all", Files.exists(agent.workDir().resolve("frameworks")));
        try (java.util.stream.Stream<Path> escaped = Files.walk(outside)) {
            assertEquals(List.of(outside), escaped.collect(java.util.stream.Collectors.toList()));
        }
    }

    @Test
    public void executorIdsThatCannotNameASandboxGetTaskErrorAndNoExecutorStarts() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);
        ExecutorInfo evil = new ExecutorInfo(ExecutorId.of("../../evil"), "evil",
                CommandInfo.shell("echo ran > ran"), Resources.parse("cpus:0.1;mem:64"));

        master.send(runTask(TaskInfo.ofExecutor(TaskId.of("t-evil-exec"), "evil", AgentId.of(FakeMaster.AGENT_ID),
                Resources.parse("cpus:0.1;mem:16"), evil)));

        await().atMost(WAIT).until(() -> master.states("t-evil-exec").contains(TaskState.TASK_ERROR));
        String message = master.updates("t-evil-exec").get(0).getStatus().getMessage();
        assertTrue(message, message.contains("executor id '../../evil'"));
        assertFalse(Files.exists(agent.workDir().resolve("frameworks")));
        assertFalse(Files.exists(agent.workDir().resolve("evil")));
        assertTrue(Decoder.fromExecutor(Envelope.newBuilder().setRegisterExecutor(
                org.allot.protocol.proto.RegisterExecutor.newBuilder().setFrameworkId(FID).setExecutorId("../../evil"))
                .build()) instanceof Inbound.Refused);
    }

    // ----- custom executors -----

    @Test
    public void customExecutorRunsTasksAndIsKilledOnTeardown() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).killGrace(Duration.ofSeconds(1)).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);
        ExecutorInfo executor = testExecutor(Map.of("IGNORE_TEARDOWN", "1"));

        // Both tasks are sent before the executor's JVM is up: the agent queues them.
        master.send(runTask(TaskInfo.ofExecutor(TaskId.of("t-exec-1"), "finishing", AgentId.of(FakeMaster.AGENT_ID),
                Resources.parse("cpus:0.1;mem:16"), executor).withData("finish".getBytes())));
        master.send(runTask(TaskInfo.ofExecutor(TaskId.of("t-exec-2"), "running", AgentId.of(FakeMaster.AGENT_ID),
                Resources.parse("cpus:0.1;mem:16"), executor).withData("run".getBytes())));

        await().atMost(Duration.ofSeconds(30)).until(() -> master.states("t-exec-1").contains(TaskState.TASK_FINISHED)
                && master.states("t-exec-2").contains(TaskState.TASK_RUNNING));
        assertEquals(List.of(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED), master.states("t-exec-1"));
        StatusUpdate finished = master.updates("t-exec-1").get(master.updates("t-exec-1").size() - 1);
        assertEquals("e-test", finished.getStatus().getExecutorId());
        assertEquals(FakeMaster.AGENT_ID, finished.getStatus().getAgentId());
        Path sandbox = agent.executorSandbox(FrameworkId.of(FID), ExecutorId.of("e-test"));
        long pid = Long.parseLong(Files.readString(sandbox.resolve("pid")).strip());
        long session = Procs.sessionOf(pid);

        master.send(Envelope.newBuilder().setTeardown(Teardown.newBuilder().setFrameworkId(FID)
                .setReason("test teardown")).build());

        await().atMost(WAIT).until(() -> master.states("t-exec-2").contains(TaskState.TASK_KILLED)
                && !master.of(Envelope.MessageCase.EXECUTOR_LOST).isEmpty());
        assertEquals("e-test", master.of(Envelope.MessageCase.EXECUTOR_LOST).get(0).getExecutorLost().getExecutorId());
        assertEquals(0, Procs.liveInGroup(session));
        assertTrue(Files.readString(sandbox.resolve("stdout")).contains("teardown received, ignored"));
    }

    @Test
    public void executorExitFailsItsTasksAndReportsExecutorLost() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);
        master.send(runTask(TaskInfo.ofExecutor(TaskId.of("t-crash"), "crashing", AgentId.of(FakeMaster.AGENT_ID),
                Resources.parse("cpus:0.1;mem:16"), testExecutor(Map.of())).withData("crash".getBytes())));

        await().atMost(Duration.ofSeconds(30)).until(() -> master.states("t-crash").contains(TaskState.TASK_FAILED));
        assertEquals(List.of(TaskState.TASK_RUNNING, TaskState.TASK_FAILED), master.states("t-crash"));
        StatusUpdate failed = master.updates("t-crash").get(master.updates("t-crash").size() - 1);
        assertEquals(org.allot.protocol.proto.TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, failed.getStatus().getReason());
        assertTrue(failed.getStatus().getMessage(), failed.getStatus().getMessage().contains("status 7"));
        await().atMost(WAIT).until(() -> !master.of(Envelope.MessageCase.EXECUTOR_LOST).isEmpty());
        assertEquals(7, master.of(Envelope.MessageCase.EXECUTOR_LOST).get(0).getExecutorLost().getExitStatus());
    }

    // ----- config -----

    @Test
    public void configReadsEveryKeyAndNamesBadValues() {
        AgentConfig c = AgentConfig.fromMap(Map.of("master", "10.0.0.1:6060", "port", "0", "kill_grace", "1500ms",
                "status_retry_interval", "1s", "status_retry_max", "4s", "attributes", "rack:r2",
                "resources", "cpus:1", "work_dir", "/tmp/x", "heartbeat_interval", "2s", "heartbeat_timeout", "3s"));
        assertEquals("10.0.0.1", c.masterHost());
        assertEquals(6060, c.masterPort());
        assertEquals(Duration.ofMillis(1500), c.killGrace());
        assertEquals(Duration.ofSeconds(4), c.statusRetryMax());
        assertEquals(Path.of("/tmp/x"), c.workDir());
        assertEquals(Duration.ofSeconds(3), c.protocol().heartbeatTimeout());
        assertEquals(Optional.of(Resources.parse("cpus:1")), c.resources());
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> AgentConfig.fromMap(Map.of("master", "nohost")));
        assertTrue(e.getMessage(), e.getMessage().contains("nohost"));
        e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> AgentConfig.fromMap(Map.of("kill_grace", "soon")));
        assertTrue(e.getMessage(), e.getMessage().contains("kill_grace"));
    }
}
