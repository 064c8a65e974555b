package org.allot.benchmarks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.allot.api.Resources;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolClient;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolException;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.AgentInfo;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.RegisterAgent;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.TaskStatus;

import com.google.protobuf.ByteString;

/**
 * Many agents in one process, each its own session to a real master: they register, and run every
 * task they are sent as a no-op (TASK_RUNNING at once, TASK_FINISHED once RUNNING is acknowledged,
 * as a real agent's in-order status stream would). All sessions share one {@link ProtocolClient},
 * so the harness costs a few threads whatever the number of agents.
 */
final class EmulatedAgents implements AutoCloseable {

    /** The port each agent reports; nothing listens there (the emulated agents run no executors). */
    static final int AGENT_PORT = 5051;

    private final ProtocolClient client;
    private final Map<Long, String> agentIds = new ConcurrentHashMap<>();
    /** uuid of an unacknowledged RUNNING update -> the FINISHED update to send when it is acked. */
    private final Map<ByteString, Envelope> afterAck = new ConcurrentHashMap<>();
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicLong tasksRun = new AtomicLong();
    private CountDownLatch registered;
    /** The master's first refusal (an Error message), if any: registration cannot succeed then. */
    private volatile String refusal;

    EmulatedAgents(ProtocolConfig config) {
        this.client = new ProtocolClient(config, new Handler());
    }

    /** Connects and registers {@code count} agents of {@code resources} each; waits until all are registered. */
    void start(String host, int port, int count, Resources resources) throws ProtocolException, InterruptedException {
        registered = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            String hostname = "sim-" + i;
            Connection connection = client.connect(host, port, Hello.newBuilder()
                    .setRole(Role.AGENT).setPrincipal("agent@" + hostname).build());
            connections.add(connection);
            connection.send(Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder()
                    .setAgent(AgentInfo.newBuilder().setHostname(hostname).setPort(AGENT_PORT)
                            .addAllResources(Wire.toProto(resources)))
                    .setVersion("emulated")).build());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!registered.await(100, TimeUnit.MILLISECONDS)) {
            if (refusal != null) {
                throw new IllegalStateException("the master refused an emulated agent: " + refusal);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(registered.getCount() + " of " + count
                        + " emulated agents were not registered by the master within 60 s");
            }
        }
    }

    long tasksRun() {
        return tasksRun.get();
    }

    @Override
    public void close() {
        client.close();
    }

    private static ByteString newUuid() {
        UUID uuid = UUID.randomUUID();
        return ByteString.copyFrom(ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
    }

    private static Envelope update(String frameworkId, String agentId, String taskId, TaskState state, ByteString uuid) {
        return Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder()
                .setFrameworkId(frameworkId)
                .setStatus(TaskStatus.newBuilder()
                        .setTaskId(taskId).setState(state).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                        .setUuid(uuid).setAgentId(agentId).setTimestampMillis(System.currentTimeMillis())))
                .build();
    }

    private final class Handler implements MessageHandler {
        @Override
        public void onMessage(Connection connection, Envelope envelope) {
            switch (envelope.getMessageCase()) {
                case AGENT_REGISTERED:
                    agentIds.put(connection.id(), envelope.getAgentRegistered().getAgentId());
                    registered.countDown();
                    break;
                case RUN_TASK: {
                    String frameworkId = envelope.getRunTask().getFramework().getFrameworkId();
                    String taskId = envelope.getRunTask().getTask().getTaskId();
                    String agentId = agentIds.get(connection.id());
                    ByteString running = newUuid();
                    afterAck.put(running, update(frameworkId, agentId, taskId, TaskState.TASK_FINISHED, newUuid()));
                    connection.send(update(frameworkId, agentId, taskId, TaskState.TASK_RUNNING, running));
                    tasksRun.incrementAndGet();
                    break;
                }
                case ACKNOWLEDGE: {
                    Envelope next = afterAck.remove(envelope.getAcknowledge().getUuid());
                    if (next != null) {
                        connection.send(next);
                    }
                    break;
                }
                case ERROR:
                    if (refusal == null) {
                        refusal = envelope.getError().getCode() + ": " + envelope.getError().getReason();
                    }
                    break;
                default:
                    // KillTask, Teardown, FrameworkMessage: no-op tasks end on their own.
                    break;
            }
        }
    }
}
