package org.allot.master.internal;

import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.loop.EventLoop;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge between the network and the master's event loop: on a network thread it refuses peers
 * that are neither agents nor schedulers, decodes each frame into an {@link Inbound} record
 * ({@link Decoder}), and queues the record (or the refusal of an undecodable one) and every close
 * on the loop. It never touches master state and never blocks.
 *
 * <p>Threading: MINA's I/O threads call it; everything it hands on runs on the event loop.
 */
final class NetworkEdge implements MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkEdge.class);

    /** What the loop does with a decoded message. */
    @FunctionalInterface
    interface Messages {
        void message(Connection c, Inbound m);
    }

    /** What the loop does with a message that could not be decoded. */
    @FunctionalInterface
    interface Refusals {
        void refuse(Connection c, Error.Code code, String reason);
    }

    /** What the loop does when a connection closed. */
    @FunctionalInterface
    interface Closes {
        void closed(Connection c, CloseReason reason, String detail);
    }

    private final EventLoop loop;
    private final Messages messages;
    private final Refusals refusals;
    private final Closes closes;
    /** Decoded messages queued for the loop and not yet taken: the backlog a metric shows. */
    private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();

    NetworkEdge(EventLoop loop, Messages messages, Refusals refusals, Closes closes) {
        this.loop = loop;
        this.messages = messages;
        this.refusals = refusals;
        this.closes = closes;
    }

    @Override
    public void onOpen(Connection connection) {
        Role role = connection.peerRole();
        if (role != Role.AGENT && role != Role.SCHEDULER) {
            LOG.warn("Refused {} '{}' (connection {}): the master serves agents and schedulers only", role,
                    connection.peerPrincipal(), connection.id());
            connection.closeWithError(Error.Code.PROTOCOL_VIOLATION,
                    "the master serves agents and schedulers; role " + role + " has nothing to say to it");
        }
    }

    @Override
    public void onMessage(Connection connection, Envelope envelope) {
        Inbound message;
        try {
            message = Decoder.decode(connection.peerRole(), envelope);
        } catch (Decoder.WrongRole e) {
            loop.execute(() -> refusals.refuse(connection, Error.Code.PROTOCOL_VIOLATION, e.getMessage()));
            return;
        } catch (RuntimeException e) {
            String reason = "invalid " + envelope.getMessageCase() + ": " + e.getMessage();
            loop.execute(() -> refusals.refuse(connection, Error.Code.REFUSED, reason));
            return;
        }
        queued.incrementAndGet();
        loop.execute(() -> {
            queued.decrementAndGet();
            messages.message(connection, message);
        });
    }

    /** How many decoded messages wait for the event loop now. Any thread. */
    long queued() {
        return queued.get();
    }

    @Override
    public void onClose(Connection connection, CloseReason reason, String detail) {
        loop.execute(() -> closes.closed(connection, reason, detail));
    }
}
