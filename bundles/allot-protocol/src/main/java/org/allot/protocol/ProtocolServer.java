package org.allot.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;

import org.allot.protocol.internal.net.MinaServer;
import org.allot.protocol.proto.Role;

/**
 * Accepts Allot sessions on one TCP address: checks each peer's {@code Hello} with the
 * {@link Authenticator}, answers {@code Welcome} with this server's role and principal, keeps the
 * session alive with heartbeats, and hands every other message to the {@link MessageHandler}.
 * A peer that breaks the protocol is answered with an {@code Error} and cut off; every other
 * session is served on.
 * <pre>
 *   ProtocolServer server = new ProtocolServer(config, Role.MASTER, "master@host", auth, handler);
 *   InetSocketAddress address = server.bind("0.0.0.0", 5050);
 *   ...
 *   server.close();
 * </pre>
 */
public final class ProtocolServer implements AutoCloseable {

    private final MinaServer server;

    /**
     * @param localRole      this server's role, sent in {@code Welcome}
     * @param localPrincipal this server's name, sent in {@code Welcome}
     */
    public ProtocolServer(ProtocolConfig config, Role localRole, String localPrincipal,
            Authenticator authenticator, MessageHandler handler) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(localRole, "localRole");
        Objects.requireNonNull(localPrincipal, "localPrincipal");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(handler, "handler");
        this.server = new MinaServer(config, localRole, localPrincipal, authenticator, handler);
    }

    /** A server that accepts every peer ({@link Authenticator#acceptAll()}). */
    public ProtocolServer(ProtocolConfig config, Role localRole, String localPrincipal, MessageHandler handler) {
        this(config, localRole, localPrincipal, Authenticator.acceptAll(), handler);
    }

    /**
     * Starts listening; a server binds once.
     *
     * @param port the port, or 0 for any free port
     * @return the address bound, with the actual port
     * @throws IOException if the address cannot be bound (the message names it)
     */
    public InetSocketAddress bind(String host, int port) throws IOException {
        return server.bind(host, port);
    }

    /** The address listened on, or null before {@link #bind} and after {@link #close}. */
    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** Sessions currently open, including those still in their handshake. */
    public int sessionCount() {
        return server.sessionCount();
    }

    /**
     * Failures not caused by a peer (a bug in this bundle, a handler or authenticator that threw)
     * since the server was created. Each is logged at ERROR; a healthy server stays at zero.
     */
    public long internalErrorCount() {
        return server.internalErrorCount();
    }

    /**
     * Stops listening and closes every session; each open one is reported with "server closed".
     * Waits for the network threads to end, so it must not be called from a handler callback.
     */
    @Override
    public void close() {
        server.close();
    }
}
