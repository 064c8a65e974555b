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
     * The connection closed, once per connection that was opened. {@code reason} says why, e.g.
     * {@link CloseReason#HEARTBEAT_TIMEOUT} for a peer declared lost; {@code detail} says it for
     * people, e.g. {@code "heartbeat timeout: AGENT 'a1' at /10.0.0.7:41234 (session 7) sent nothing
     * for 10 s ..."} or {@code "closed by peer"}.
     */
    default void onClose(Connection connection, CloseReason reason, String detail) {
    }
}
