package org.allot.client;

import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolServer;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Role;

/**
 * A ProtocolServer on 127.0.0.1 playing the master (for scheduler drivers) or the agent (for executor
 * drivers): records what it receives, answers what {@code responder} says, and lets a test send and
 * cut connections.
 */
final class FakePeer implements AutoCloseable {

    final BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();
    final List<Connection> connections = new CopyOnWriteArrayList<>();
    final List<String> closeReasons = new CopyOnWriteArrayList<>();
    private final ProtocolServer server;
    final int port;

    /** @param responder the answer to a received message, or null for none; runs on a network thread */
    FakePeer(Role role, Function<Envelope, Envelope> responder) throws IOException {
        this(role, responder, 0);
    }

    /** As above, on a given port (0 for any). */
    FakePeer(Role role, Function<Envelope, Envelope> responder, int port) throws IOException {
        server = new ProtocolServer(ProtocolConfig.defaults(), role, role.name().toLowerCase() + "-fake",
                new MessageHandler() {
                    @Override
                    public void onOpen(Connection connection) {
                        connections.add(connection);
                    }

                    @Override
                    public void onMessage(Connection connection, Envelope envelope) {
                        received.add(envelope);
                        Envelope answer = responder.apply(envelope);
                        if (answer != null) {
                            connection.send(answer);
                        }
                    }

                    @Override
                    public void onClose(Connection connection, CloseReason reason, String detail) {
                        closeReasons.add(detail);
                    }
                });
        try {
            this.port = server.bind("127.0.0.1", port).getPort();
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** The most recent connection. */
    Connection last() {
        return connections.get(connections.size() - 1);
    }

    void send(Envelope envelope) {
        last().send(envelope);
    }

    /** The next message received, which must be of {@code kind}; messages of other kinds before it fail the test. */
    Envelope next(Envelope.MessageCase kind) throws InterruptedException {
        Envelope e = received.poll(10, TimeUnit.SECONDS);
        assertNotNull("no " + kind + " received within 10 s", e);
        if (e.getMessageCase() != kind) {
            throw new AssertionError("expected " + kind + " but received " + e);
        }
        return e;
    }

    /** Nothing more arrives within {@code millis}. */
    void expectNothing(long millis) throws InterruptedException {
        Envelope e = received.poll(millis, TimeUnit.MILLISECONDS);
        if (e != null) {
            throw new AssertionError("expected no further message, received " + e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
