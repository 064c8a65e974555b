package org.allot.agent.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolServer;
import org.allot.protocol.proto.Acknowledge;
import org.allot.protocol.proto.AgentRegistered;
import org.allot.protocol.proto.AgentReregistered;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;

/**
 * A master for tests: a {@link ProtocolServer} on 127.0.0.1 that answers (re)registration, records
 * every message, and acknowledges status updates when {@link #autoAck} is on. It refuses the next
 * {@link #refuseRegistrations} (re)registrations with an Error, as a master does for a bad agent.
 */
final class FakeMaster implements MessageHandler, AutoCloseable {

    static final String AGENT_ID = "a-test-1";

    final List<Envelope> received = new CopyOnWriteArrayList<>();
    volatile boolean autoAck = true;
    /** How many more (re)registrations to answer with an Error REFUSED instead of accepting them. */
    final AtomicInteger refuseRegistrations = new AtomicInteger();
    /** Connections opened by agents so far. */
    final AtomicInteger opened = new AtomicInteger();
    volatile Connection agent;
    private final ProtocolServer server;
    final int port;

    FakeMaster(int port) throws IOException {
        server = new ProtocolServer(ProtocolConfig.defaults(), Role.MASTER, "fake-master", this);
        this.port = server.bind("127.0.0.1", port).getPort();
    }

    @Override
    public void onOpen(Connection connection) {
        opened.incrementAndGet();
        agent = connection;
    }

    @Override
    public void onMessage(Connection c, Envelope e) {
        received.add(e);
        if ((e.hasRegisterAgent() || e.hasReregisterAgent())
                && refuseRegistrations.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            c.send(Envelope.newBuilder().setError(Error.newBuilder().setCode(Error.Code.REFUSED)
                    .setReason("test refusal")).build());
            return;
        }
        switch (e.getMessageCase()) {
            case REGISTER_AGENT:
                c.send(Envelope.newBuilder().setAgentRegistered(AgentRegistered.newBuilder().setAgentId(AGENT_ID)
                        .setMasterId("m-test")).build());
                break;
            case REREGISTER_AGENT:
                c.send(Envelope.newBuilder().setAgentReregistered(AgentReregistered.newBuilder()
                        .setAgentId(e.getReregisterAgent().getAgent().getAgentId()).setMasterId("m-test")).build());
                break;
            case STATUS_UPDATE:
                if (autoAck) {
                    ack(e.getStatusUpdate());
                }
                break;
            default:
                break;
        }
    }

    void ack(StatusUpdate u) {
        agent.send(Envelope.newBuilder().setAcknowledge(Acknowledge.newBuilder().setFrameworkId(u.getFrameworkId())
                .setAgentId(u.getStatus().getAgentId()).setTaskId(u.getStatus().getTaskId())
                .setUuid(u.getStatus().getUuid())).build());
    }

    void send(Envelope e) {
        agent.send(e);
    }

    /** Every status update received for {@code taskId}, resends included, in order. */
    List<StatusUpdate> updates(String taskId) {
        return received.stream().filter(Envelope::hasStatusUpdate).map(Envelope::getStatusUpdate)
                .filter(u -> u.getStatus().getTaskId().equals(taskId)).collect(Collectors.toList());
    }

    /** The distinct states reported for {@code taskId}, in order. */
    List<TaskState> states(String taskId) {
        return updates(taskId).stream().map(u -> u.getStatus().getState()).distinct().collect(Collectors.toList());
    }

    List<Envelope> of(Envelope.MessageCase kind) {
        return received.stream().filter(e -> e.getMessageCase() == kind).collect(Collectors.toList());
    }

    @Override
    public void close() {
        server.close();
    }
}
