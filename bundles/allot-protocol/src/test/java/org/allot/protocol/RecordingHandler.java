package org.allot.protocol;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.allot.protocol.proto.Envelope;

/**
 * A handler that records what it is told (and, as a server, echoes every {@code FrameworkMessage}
 * back), and checks
 * the handler contract as it goes: opened before any message, closed once, never a handshake or
 * heartbeat message.
 */
final class RecordingHandler implements MessageHandler {

    final List<Connection> opened = new CopyOnWriteArrayList<>();
    final List<Envelope> received = new CopyOnWriteArrayList<>();
    /** The detail of each closed connection, by connection id. */
    final Map<Long, String> closed = new ConcurrentHashMap<>();
    /** The reason of each closed connection, by connection id. */
    final Map<Long, CloseReason> closeReasons = new ConcurrentHashMap<>();
    final AtomicInteger messages = new AtomicInteger();
    final List<String> contractViolations = new CopyOnWriteArrayList<>();
    private final Map<Long, Boolean> open = new ConcurrentHashMap<>();
    private final boolean record;
    private final boolean echo;

    /** A client-side handler: records, never echoes. */
    RecordingHandler() {
        this(true, false);
    }

    /**
     * @param record false to only count messages, for high volumes
     * @param echo   true to send every {@code FrameworkMessage} back (servers only, or two echoing
     *               sides would bounce one message forever)
     */
    RecordingHandler(boolean record, boolean echo) {
        this.record = record;
        this.echo = echo;
    }

    static RecordingHandler echoingServer() {
        return new RecordingHandler(true, true);
    }

    @Override
    public void onOpen(Connection connection) {
        if (open.put(connection.id(), Boolean.TRUE) != null) {
            contractViolations.add("opened twice: " + connection);
        }
        opened.add(connection);
    }

    @Override
    public void onMessage(Connection connection, Envelope envelope) {
        if (!open.containsKey(connection.id())) {
            contractViolations.add("message before onOpen on " + connection);
        }
        switch (envelope.getMessageCase()) {
            case HELLO:
            case WELCOME:
            case PING:
            case PONG:
            case MESSAGE_NOT_SET:
                contractViolations.add(envelope.getMessageCase() + " reached the handler on " + connection);
                break;
            case FRAMEWORK_MESSAGE:
                if (echo) {
                    connection.send(envelope);
                }
                break;
            default:
                break;
        }
        messages.incrementAndGet();
        if (record) {
            received.add(envelope);
        }
    }

    @Override
    public void onClose(Connection connection, CloseReason reason, String detail) {
        closeReasons.put(connection.id(), reason);
        if (closed.put(connection.id(), detail) != null) {
            contractViolations.add("closed twice: " + connection);
        }
        if (!open.containsKey(connection.id())) {
            contractViolations.add("closed without onOpen: " + connection);
        }
    }
}
