package org.allot.agent.internal;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolClient;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.RegisterExecutor;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.TaskStatus;

import com.google.protobuf.ByteString;

/**
 * A tiny custom executor for the agent's tests, run as its own JVM. It speaks the protocol with
 * {@link ProtocolClient} directly: registers, then for each task reports RUNNING and, if the
 * task's data is {@code finish}, FINISHED, or if it is {@code crash}, exits with
 * status 7; a KillTask gets KILLED, unless {@code IGNORE_KILL=1}. On Teardown it exits, unless
 * {@code IGNORE_TEARDOWN=1}, so the agent has to kill it. Writes its pid to {@code pid} in its
 * sandbox. Lives at most 60 s.
 */
public final class TestExecutor {

    private TestExecutor() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = System.getenv("ALLOT_AGENT_ENDPOINT");
        String frameworkId = System.getenv("ALLOT_FRAMEWORK_ID");
        String executorId = System.getenv("ALLOT_EXECUTOR_ID");
        Path sandbox = Path.of(System.getenv("ALLOT_SANDBOX"));
        boolean ignoreTeardown = "1".equals(System.getenv("IGNORE_TEARDOWN"));
        boolean ignoreKill = "1".equals(System.getenv("IGNORE_KILL"));
        Files.writeString(sandbox.resolve("pid"), Long.toString(ProcessHandle.current().pid()));
        CountDownLatch done = new CountDownLatch(1);
        MessageHandler handler = new MessageHandler() {
            @Override
            public void onMessage(Connection c, Envelope e) {
                switch (e.getMessageCase()) {
                    case RUN_TASK:
                        String taskId = e.getRunTask().getTask().getTaskId();
                        status(c, frameworkId, taskId, TaskState.TASK_RUNNING);
                        if (e.getRunTask().getTask().getData().toStringUtf8().equals("finish")) {
                            status(c, frameworkId, taskId, TaskState.TASK_FINISHED);
                        } else if (e.getRunTask().getTask().getData().toStringUtf8().equals("crash")) {
                            crashSoon();
                        }
                        break;
                    case KILL_TASK:
                        System.out.println("kill received" + (ignoreKill ? ", ignored" : ""));
                        if (!ignoreKill) {
                            status(c, frameworkId, e.getKillTask().getTaskId(), TaskState.TASK_KILLED);
                        }
                        break;
                    case TEARDOWN:
                        System.out.println("teardown received" + (ignoreTeardown ? ", ignored" : ""));
                        if (!ignoreTeardown) {
                            done.countDown();
                        }
                        break;
                    default:
                        System.out.println("received " + e.getMessageCase());
                }
            }

            @Override
            public void onClose(Connection c, CloseReason reason, String detail) {
                System.out.println("connection closed: " + detail);
                done.countDown();
            }
        };
        try (ProtocolClient client = new ProtocolClient(ProtocolConfig.defaults(), handler)) {
            int colon = endpoint.lastIndexOf(':');
            Connection c = client.connect(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)),
                    Hello.newBuilder().setRole(Role.EXECUTOR).setPrincipal(executorId).build());
            c.send(Envelope.newBuilder().setRegisterExecutor(RegisterExecutor.newBuilder().setFrameworkId(frameworkId)
                    .setExecutorId(executorId)).build());
            done.await(60, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /** Exits with status 7 once the RUNNING update has had time to leave. */
    private static void crashSoon() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(7);
        });
        t.start();
    }

    private static void status(Connection c, String frameworkId, String taskId, TaskState state) {
        UUID u = UUID.randomUUID();
        c.send(Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder().setFrameworkId(frameworkId)
                .setStatus(TaskStatus.newBuilder().setTaskId(taskId).setState(state)
                        .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                        .setTimestampMillis(System.currentTimeMillis())
                        .setUuid(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                                .putLong(u.getLeastSignificantBits()).array())))).build());
    }
}
