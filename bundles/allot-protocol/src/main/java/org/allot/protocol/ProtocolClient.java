package org.allot.protocol;

import java.util.Objects;

import org.allot.protocol.internal.net.MinaClient;
import org.allot.protocol.proto.Hello;

/**
 * Opens Allot sessions to servers; one client may hold many connections, all reported to the same
 * {@link MessageHandler}. Heartbeats run as on the server side.
 */
public final class ProtocolClient implements AutoCloseable {

    private final MinaClient client;

    public ProtocolClient(ProtocolConfig config, MessageHandler handler) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(handler, "handler");
        this.client = new MinaClient(config, handler);
    }

    /**
     * Connects, sends {@code hello} and waits for the server's {@code Welcome}, all within
     * {@link ProtocolConfig#connectTimeout()}. A {@code hello} without a protocol version gets the
     * configured one. {@link MessageHandler#onOpen} has been called when this returns.
     * Must not be called from a handler callback: it blocks.
     *
     * @throws ProtocolException if the connect fails or times out, no {@code Welcome} comes in time,
     *                           or the server refuses (then {@link ProtocolException#code()} is the
     *                           server's code and the message its reason)
     */
    public Connection connect(String host, int port, Hello hello) throws ProtocolException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(hello, "hello");
        return client.connect(host, port, hello);
    }

    /** Connections currently open, including those still in their handshake. */
    public int sessionCount() {
        return client.sessionCount();
    }

    /** Failures not caused by a peer since the client was created; see {@link ProtocolServer#internalErrorCount()}. */
    public long internalErrorCount() {
        return client.internalErrorCount();
    }

    /**
     * Closes every connection (reported with "client closed") and releases the client's threads.
     * Waits for the network threads to end, so it must not be called from a handler callback.
     */
    @Override
    public void close() {
        client.close();
    }
}
