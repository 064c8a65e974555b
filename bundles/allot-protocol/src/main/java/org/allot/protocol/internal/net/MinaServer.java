package org.allot.protocol.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.allot.protocol.Authenticator;
import org.allot.protocol.CloseReason;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.proto.Role;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MINA acceptor behind {@link org.allot.protocol.ProtocolServer}. */
public final class MinaServer {

    private static final Logger LOG = LoggerFactory.getLogger(MinaServer.class);

    private final ProtocolConfig config;
    private final Role localRole;
    private final ErrorCounter internalErrors = new ErrorCounter();
    private final NioSocketAcceptor acceptor;

    public MinaServer(ProtocolConfig config, Role localRole, String localPrincipal, Authenticator authenticator,
            MessageHandler handler) {
        this.config = config;
        this.localRole = localRole;
        this.acceptor = new NioSocketAcceptor();
        acceptor.setReuseAddress(true);
        acceptor.setCloseOnDeactivation(true);
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.getSessionConfig().setWriteTimeout(config.heartbeatTimeoutSeconds());
        FilterChains.build(acceptor.getFilterChain(), config,
                new ServerHandshakeFilter(config, localRole, localPrincipal, authenticator, internalErrors));
        acceptor.setHandler(new SessionHandler(handler, config.maxFrameBytes(), internalErrors, false));
    }

    public synchronized InetSocketAddress bind(String host, int port) throws IOException {
        if (acceptor.isDisposing()) {
            throw new IllegalStateException("this " + localRole + " server is closed; create a new one");
        }
        if (acceptor.isActive()) {
            throw new IllegalStateException("this " + localRole + " server already listens on "
                    + acceptor.getLocalAddress() + "; create another server for another address");
        }
        InetSocketAddress requested = new InetSocketAddress(host, port);
        try {
            acceptor.bind(requested);
        } catch (IOException e) {
            throw new IOException("could not listen on " + requested + " (" + e.getMessage()
                    + "); pick a free port, or port 0 for any", e);
        }
        InetSocketAddress bound = acceptor.getLocalAddress();
        LOG.info("{} listening on {} ({})", localRole, bound, config);
        return bound;
    }

    /** The address listened on, or null when not bound. */
    public InetSocketAddress localAddress() {
        return acceptor.isActive() ? acceptor.getLocalAddress() : null;
    }

    public int sessionCount() {
        return acceptor.getManagedSessionCount();
    }

    public long internalErrorCount() {
        return internalErrors.get();
    }

    public synchronized void close() {
        if (acceptor.isDisposing()) {
            return;
        }
        InetSocketAddress address = localAddress();
        for (IoSession session : acceptor.getManagedSessions().values()) {
            ProtocolSession.of(session).closeReasonIfAbsent(CloseReason.LOCAL_CLOSE, "server closed");
        }
        acceptor.unbind();
        acceptor.dispose(true);
        LOG.info("{} on {} closed", localRole, address);
    }
}
