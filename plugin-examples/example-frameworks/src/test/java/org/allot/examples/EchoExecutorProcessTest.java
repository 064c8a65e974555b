package org.allot.examples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolServer;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Acknowledge;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.ExecutorRegistered;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.RunTask;
import org.allot.protocol.proto.Teardown;
import org.junit.After;
import org.junit.Test;

/**
 * The EchoExecutor as an agent would run it: a separate JVM started with
 * {@link ExecutorFramework#echoExecutorCommand()} and the ALLOT_* environment, talking to a fake agent
 * on loopback.
 */
public class EchoExecutorProcessTest {

    private final BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private volatile Connection executorConnection;
    private Process process;

    @After
    public void cleanUp() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private Envelope next(Envelope.MessageCase kind) throws InterruptedException {
        Envelope e = received.poll(20, TimeUnit.SECONDS);
        assertNotNull("no " + kind + " from the executor within 20 s", e);
        assertEquals(e.toString(), kind, e.getMessageCase());
        return e;
    }

    @Test
    public void runsATaskEchoesItsDataAndExitsZeroOnTeardown() throws Exception {
        ExecutorFramework fw = new ExecutorFramework("127.0.0.1:5050", Fixtures.FRAMEWORK.withId(FrameworkId.of("f-1")),
                1, Resources.parse("cpus:0.1"), ExecutorFramework.echoExecutorCommand());
        ProtocolServer agent = new ProtocolServer(ProtocolConfig.defaults(), Role.AGENT, "agent@test",
                new MessageHandler() {
                    @Override
                    public void onMessage(Connection c, Envelope e) {
                        if (e.hasRegisterExecutor()) {
                            executorConnection = c;
                            c.send(Envelope.newBuilder().setExecutorRegistered(ExecutorRegistered.newBuilder()
                                    .setExecutor(Wire.toProto(fw.executor(), FrameworkId.of("f-1")))
                                    .setFramework(Wire.toProto(Fixtures.FRAMEWORK.withId(FrameworkId.of("f-1"))))
                                    .setAgent(Wire.toProto(AgentInfo.unregistered("host-1", 5051,
                                            Resources.parse("cpus:1")).withId(AgentId.of("a-1"))))).build());
                        } else if (e.hasStatusUpdate()) {
                            var s = e.getStatusUpdate().getStatus();
                            c.send(Envelope.newBuilder().setAcknowledge(Acknowledge.newBuilder().setFrameworkId("f-1")
                                    .setAgentId(s.getAgentId()).setTaskId(s.getTaskId()).setUuid(s.getUuid())).build());
                        }
                        received.add(e);
                    }
                });
        toClose.add(agent);
        int port = agent.bind("127.0.0.1", 0).getPort();
        Path sandbox = Files.createTempDirectory("echo-sandbox");

        ProcessBuilder pb = new ProcessBuilder(fw.executor().command().toExecArgv());
        pb.environment().put("ALLOT_AGENT_ENDPOINT", "127.0.0.1:" + port);
        pb.environment().put("ALLOT_FRAMEWORK_ID", "f-1");
        pb.environment().put("ALLOT_EXECUTOR_ID", fw.executor().id().value());
        pb.environment().put("ALLOT_AGENT_ID", "a-1");
        pb.environment().put("ALLOT_SANDBOX", sandbox.toString());
        pb.directory(sandbox.toFile()).redirectErrorStream(true).redirectOutput(sandbox.resolve("stdout").toFile());
        process = pb.start();

        assertEquals(fw.executor().id().value(), next(Envelope.MessageCase.REGISTER_EXECUTOR)
                .getRegisterExecutor().getExecutorId());
        TaskInfo task = TaskInfo.ofExecutor(TaskId.of("t1"), "t1", AgentId.of("a-1"), Resources.parse("cpus:0.1"),
                fw.executor()).withData("hello".getBytes());
        executorConnection.send(Envelope.newBuilder().setRunTask(RunTask.newBuilder()
                .setFramework(Wire.toProto(Fixtures.FRAMEWORK.withId(FrameworkId.of("f-1"))))
                .setTask(Wire.toProto(task, FrameworkId.of("f-1")))).build());

        TaskStatus running = Wire.fromProto(next(Envelope.MessageCase.STATUS_UPDATE).getStatusUpdate().getStatus());
        assertEquals(TaskState.RUNNING, running.state());
        assertEquals(TaskStatus.Source.EXECUTOR, running.source());
        assertEquals("hello", next(Envelope.MessageCase.FRAMEWORK_MESSAGE).getFrameworkMessage().getData()
                .toStringUtf8());
        TaskStatus finished = Wire.fromProto(next(Envelope.MessageCase.STATUS_UPDATE).getStatusUpdate().getStatus());
        assertEquals(TaskState.FINISHED, finished.state());
        assertTrue(finished.uuid().isPresent());

        executorConnection.send(Envelope.newBuilder().setTeardown(Teardown.newBuilder().setFrameworkId("f-1")
                .setReason("test over")).build());
        assertTrue("the executor did not exit within 20 s", process.waitFor(20, TimeUnit.SECONDS));
        assertEquals(Files.readString(sandbox.resolve("stdout")), 0, process.exitValue());
    }
}
