package org.allot.protocol;

import java.net.InetSocketAddress;

import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;

/** One established session with a peer, after a successful handshake. Thread-safe. */
public interface Connection {

    /** A number unique among the connections of one server or client, for logs. */
    long id();

    /**
     * Queues {@code envelope} to be written; returns at once.
     *
     * @return false if the connection is closed or closing and the message was dropped
     * @throws IllegalArgumentException if the message is larger than
     *                                  {@link ProtocolConfig#maxFrameBytes()}
     */
    boolean send(Envelope envelope);

    /** Closes the connection once the messages already queued are written. */
    void close();

    /**
     * Sends an {@code Error} with {@code code} and {@code reason}, then closes the connection once it
     * is written; the reason is also what {@link MessageHandler#onClose} reports.
     */
    void closeWithError(Error.Code code, String reason);

    InetSocketAddress remoteAddress();

    /** The role the peer declared: from its {@code Hello} on a server, its {@code Welcome} on a client. */
    Role peerRole();

    /** The principal the peer declared (and the server's {@link Authenticator} accepted). */
    String peerPrincipal();

    boolean isOpen();
}
