package org.allot.protocol;

import org.allot.protocol.proto.Envelope;

/**
 * Receives the events of every session of a {@link ProtocolServer} or {@link ProtocolClient}.
 * <p>
 * Calls for one connection come one at a time and in order, on a network thread: a handler must
 * not block, and should hand each message to its own event loop (the master and agent each mutate
 * their state on one thread). {@code Hello}, {@code Welcome}, {@code Ping} and {@code Pong} are
 * handled by the protocol and never reach {@link #onMessage}. An exception thrown by a handler is
 * logged and counted, and the connection stays open.
 */
public interface MessageHandler {

    /** The handshake of {@code connection} completed; its peer role and principal are known. */
    default void onOpen(Connection connection) {
    }

    /** A message arrived on an open connection. */
    void onMessage(Connection connection, Envelope envelope);

    /**
     * The connection closed, once per connection that was opened. The reason says why, e.g.
     * {@code "heartbeat timeout: ..."} for a peer declared lost, {@code "closed by peer"} or
     * {@code "closed locally"}.
     */
    default void onClose(Connection connection, String reason) {
    }
}
