package org.allot.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Acknowledge;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Envelope.MessageCase;
import org.allot.protocol.proto.ExecutorRegistered;
import org.allot.protocol.proto.FrameworkMessage;
import org.allot.protocol.proto.KillTask;
import org.allot.protocol.proto.RegisterExecutor;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.RunTask;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.Teardown;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.protobuf.ByteString;

/** The executor driver against a fake agent on loopback. */
public class AllotExecutorDriverTest {

    private static final ExecutorInfo EXECUTOR = new ExecutorInfo(ExecutorId.of("e-1"), "echo",
            CommandInfo.shell("java Echo"), Resources.parse("cpus:0.1;mem:32"));
    private static final FrameworkInfo FRAMEWORK = FrameworkInfo.builder("fw", "tester")
            .id(FrameworkId.of("f-1")).build();
    private static final AgentInfo AGENT = AgentInfo.unregistered("host-1", 5051, Resources.parse("cpus:4;mem:1024"))
            .withId(AgentId.of("a-1"));

    private FakePeer agent;
    private final RecordingExecutor executor = new RecordingExecutor();
    private final List<AllotExecutorDriver> drivers = new ArrayList<>();

    /** The agent answers registration with the executor's details and acknowledges every update at once. */
    private static Envelope agentAnswer(Envelope e) {
        if (e.hasRegisterExecutor()) {
            return Envelope.newBuilder().setExecutorRegistered(ExecutorRegistered.newBuilder()
                    .setExecutor(Wire.toProto(EXECUTOR, FrameworkId.of("f-1"))).setFramework(Wire.toProto(FRAMEWORK))
                    .setAgent(Wire.toProto(AGENT))).build();
        }
        if (e.hasStatusUpdate()) {
            var s = e.getStatusUpdate();
            return Envelope.newBuilder().setAcknowledge(Acknowledge.newBuilder().setFrameworkId(s.getFrameworkId())
                    .setAgentId(s.getStatus().getAgentId()).setTaskId(s.getStatus().getTaskId())
                    .setUuid(s.getStatus().getUuid())).build();
        }
        return null;
    }

    @Before
    public void startAgent() throws Exception {
        agent = new FakePeer(Role.AGENT, AllotExecutorDriverTest::agentAnswer);
    }

    @After
    public void stopAll() {
        drivers.forEach(AllotExecutorDriver::abort);
        agent.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ALLOT_AGENT_ENDPOINT", "127.0.0.1:" + agent.port);
        env.put("ALLOT_FRAMEWORK_ID", "f-1");
        env.put("ALLOT_EXECUTOR_ID", "e-1");
        env.put("ALLOT_AGENT_ID", "a-1");
        env.put("ALLOT_SANDBOX", "/tmp/sandbox-e-1");
        return env;
    }

    private AllotExecutorDriver registered() throws Exception {
        AllotExecutorDriver d = new AllotExecutorDriver(executor, env());
        drivers.add(d);
        assertEquals(Status.DRIVER_RUNNING, d.start());
        RegisterExecutor r = agent.next(MessageCase.REGISTER_EXECUTOR).getRegisterExecutor();
        assertEquals("f-1", r.getFrameworkId());
        assertEquals("e-1", r.getExecutorId());
        assertEquals(Role.EXECUTOR, agent.last().peerRole());
        assertEquals("e-1", agent.last().peerPrincipal());
        List<Object> args = executor.next("registered");
        assertEquals(EXECUTOR, args.get(0));
        assertEquals(FRAMEWORK, args.get(1));
        assertEquals(AGENT, args.get(2));
        return d;
    }

    private static TaskInfo task(String id, String data) {
        return TaskInfo.ofExecutor(TaskId.of(id), "task " + id, AgentId.of("a-1"), Resources.parse("cpus:1"), EXECUTOR)
                .withData(data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void registersThenRunsTasksAndSendsUpdatesWithFreshUuids() throws Exception {
        AllotExecutorDriver d = registered();
        agent.send(Envelope.newBuilder().setRunTask(RunTask.newBuilder().setFramework(Wire.toProto(FRAMEWORK))
                .setTask(Wire.toProto(task("t1", "payload"), FrameworkId.of("f-1")))).build());
        TaskInfo launched = (TaskInfo) executor.next("launchTask").get(0);
        assertEquals(TaskId.of("t1"), launched.id());
        assertEquals("payload", new String(launched.data(), StandardCharsets.UTF_8));

        TaskStatus running = TaskStatus.builder(TaskId.of("t1"), TaskState.RUNNING, TaskStatus.Source.AGENT,
                Instant.now()).message("started").build();
        assertEquals(Status.DRIVER_RUNNING, d.sendStatusUpdate(running));
        assertEquals(Status.DRIVER_RUNNING, d.sendStatusUpdate(running));
        StatusUpdate first = agent.next(MessageCase.STATUS_UPDATE).getStatusUpdate();
        StatusUpdate second = agent.next(MessageCase.STATUS_UPDATE).getStatusUpdate();
        assertEquals("f-1", first.getFrameworkId());
        TaskStatus sent = Wire.fromProto(first.getStatus());
        assertEquals(TaskState.RUNNING, sent.state());
        assertEquals(TaskStatus.Source.EXECUTOR, sent.source());
        assertEquals(Optional.of(ExecutorId.of("e-1")), sent.executorId());
        assertEquals(Optional.of(AgentId.of("a-1")), sent.agentId());
        assertEquals("started", sent.message());
        assertTrue(sent.uuid().isPresent());
        assertNotEquals("each update has its own uuid", first.getStatus().getUuid(), second.getStatus().getUuid());
    }

    @Test
    public void killsFrameworkMessagesAndTeardownReachTheExecutor() throws Exception {
        AllotExecutorDriver d = registered();
        agent.send(Envelope.newBuilder().setKillTask(KillTask.newBuilder().setFrameworkId("f-1").setTaskId("t9"))
                .build());
        assertEquals(TaskId.of("t9"), executor.next("killTask").get(0));

        agent.send(Envelope.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder().setFrameworkId("f-1")
                .setExecutorId("e-1").setData(ByteString.copyFromUtf8("ping"))).build());
        assertEquals("ping", executor.next("frameworkMessage").get(0));

        d.sendFrameworkMessage("pong".getBytes(StandardCharsets.UTF_8));
        FrameworkMessage back = agent.next(MessageCase.FRAMEWORK_MESSAGE).getFrameworkMessage();
        assertEquals("pong", back.getData().toStringUtf8());
        assertEquals("e-1", back.getExecutorId());
        assertEquals("a-1", back.getAgentId());
        assertEquals("f-1", back.getFrameworkId());

        agent.send(Envelope.newBuilder().setTeardown(Teardown.newBuilder().setFrameworkId("f-1")
                .setReason("framework removed")).build());
        executor.next("shutdown");
        assertEquals(Status.DRIVER_STOPPED, d.join());
        assertEquals("one dispatcher thread", 1, executor.threads.size());
    }

    @Test
    public void losingTheAgentShutsTheExecutorDown() throws Exception {
        AllotExecutorDriver d = registered();
        agent.last().close();
        executor.next("shutdown");
        assertEquals(Status.DRIVER_ABORTED, d.join());
    }

    @Test
    public void stagingIsRefused() throws Exception {
        AllotExecutorDriver d = registered();
        try {
            d.sendStatusUpdate(TaskStatus.builder(TaskId.of("t1"), TaskState.STAGING, TaskStatus.Source.EXECUTOR,
                    Instant.now()).build());
            fail("STAGING accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("STAGING"));
        }
    }

    @Test
    public void eachMissingVariableIsNamed() {
        for (String name : List.of("ALLOT_AGENT_ENDPOINT", "ALLOT_FRAMEWORK_ID", "ALLOT_EXECUTOR_ID", "ALLOT_AGENT_ID",
                "ALLOT_SANDBOX")) {
            Map<String, String> env = env();
            env.remove(name);
            try {
                new AllotExecutorDriver(executor, env);
                fail("started without " + name);
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("environment variable " + name + " is not set"));
            }
        }
    }

    @Test
    public void aMalformedEndpointIsNamed() {
        Map<String, String> env = env();
        env.put("ALLOT_AGENT_ENDPOINT", "localhost");
        try {
            new AllotExecutorDriver(executor, env);
            fail("accepted a malformed endpoint");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("ALLOT_AGENT_ENDPOINT"));
        }
    }

    @Test
    public void theDriverExposesItsEnvironment() {
        AllotExecutorDriver d = new AllotExecutorDriver(executor, env());
        assertEquals(FrameworkId.of("f-1"), d.frameworkId());
        assertEquals(ExecutorId.of("e-1"), d.executorId());
        assertEquals(AgentId.of("a-1"), d.agentId());
        assertEquals("/tmp/sandbox-e-1", d.sandbox().toString());
        assertEquals(Status.DRIVER_NOT_STARTED, d.status());
        assertEquals(Status.DRIVER_STOPPED, d.stop());
        assertEquals(Status.DRIVER_STOPPED, d.join());
    }

    /** Records callbacks with their arguments (after the driver). */
    private static final class RecordingExecutor implements Executor {
        final BlockingQueue<List<Object>> events = new LinkedBlockingQueue<>();
        final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        private void record(String name, Object... args) {
            threads.add(Thread.currentThread());
            List<Object> e = new ArrayList<>();
            e.add(name);
            e.addAll(List.of(args));
            events.add(e);
        }

        List<Object> next(String name) throws InterruptedException {
            List<Object> e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no " + name + " callback within 10 s");
            }
            if (!e.get(0).equals(name)) {
                throw new AssertionError("expected " + name + " but got " + e);
            }
            return e.subList(1, e.size());
        }

        @Override
        public void registered(ExecutorDriver driver, ExecutorInfo executorInfo, FrameworkInfo frameworkInfo,
                AgentInfo agentInfo) {
            record("registered", executorInfo, frameworkInfo, agentInfo);
        }

        @Override
        public void launchTask(ExecutorDriver driver, TaskInfo task) {
            record("launchTask", task);
        }

        @Override
        public void killTask(ExecutorDriver driver, TaskId taskId) {
            record("killTask", taskId);
        }

        @Override
        public void frameworkMessage(ExecutorDriver driver, byte[] data) {
            record("frameworkMessage", new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void shutdown(ExecutorDriver driver) {
            record("shutdown");
        }

        @Override
        public void error(ExecutorDriver driver, String message) {
            record("error", message);
        }
    }
}
