package org.allot.protocol.internal.net;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolException;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Hello;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketConnector;

/** The MINA connector behind {@link org.allot.protocol.ProtocolClient}. */
public final class MinaClient {

    private final ProtocolConfig config;
    private final ErrorCounter internalErrors = new ErrorCounter();
    private final NioSocketConnector connector;

    public MinaClient(ProtocolConfig config, MessageHandler handler) {
        this.config = config;
        this.connector = new NioSocketConnector();
        connector.setConnectTimeoutMillis(config.connectTimeout().toMillis());
        connector.getSessionConfig().setTcpNoDelay(true);
        connector.getSessionConfig().setWriteTimeout(config.heartbeatTimeoutSeconds());
        FilterChains.build(connector.getFilterChain(), config, new ClientHandshakeFilter(config));
        connector.setHandler(new SessionHandler(handler, config.maxFrameBytes(), internalErrors, true));
    }

    public Connection connect(String host, int port, Hello hello) throws ProtocolException {
        if (connector.isDisposing()) {
            throw new IllegalStateException("this client is closed; create a new one");
        }
        Hello sent = hello.getProtocolVersion() == 0
                ? hello.toBuilder().setProtocolVersion(config.protocolVersion()).build()
                : hello;
        InetSocketAddress address = new InetSocketAddress(host, port);
        long deadline = System.nanoTime() + config.connectTimeout().toNanos();
        ConnectFuture connecting = connector.connect(address);
        if (!connecting.awaitUninterruptibly(config.connectTimeout().toMillis())) {
            connecting.cancel();
            throw new ProtocolException(Error.Code.CODE_UNSPECIFIED, "could not connect to " + address
                    + " within " + config.connectTimeout().toMillis() + " ms; check the host, the port and"
                    + " that the peer is running");
        }
        if (!connecting.isConnected()) {
            Throwable cause = connecting.getException();
            throw new ProtocolException(Error.Code.CODE_UNSPECIFIED, "could not connect to " + address + " ("
                    + cause + "); check the host, the port and that the peer is running", cause);
        }
        IoSession session = connecting.getSession();
        CompletableFuture<Connection> handshake = ProtocolSession.of(session).handshake();
        session.write(Envelope.newBuilder().setHello(sent).build());
        long remaining = Math.max(1, deadline - System.nanoTime());
        try {
            return handshake.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            ProtocolSession.of(session).closeReasonIfAbsent(CloseReason.LOCAL_CLOSE, "no Welcome within the connect timeout");
            session.closeNow();
            throw new ProtocolException(Error.Code.CODE_UNSPECIFIED, "connected to " + address
                    + " but got no Welcome within " + config.connectTimeout().toMillis()
                    + " ms; is it an Allot " + "server, and is it overloaded?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.closeNow();
            throw new ProtocolException(Error.Code.CODE_UNSPECIFIED, "interrupted while connecting to " + address, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProtocolException) {
                ProtocolException refusal = (ProtocolException) cause;
                throw new ProtocolException(refusal.code(), refusal.getMessage(), refusal);
            }
            throw new ProtocolException(Error.Code.CODE_UNSPECIFIED, "handshake with " + address + " failed: "
                    + cause, cause);
        }
    }

    public long internalErrorCount() {
        return internalErrors.get();
    }

    public int sessionCount() {
        return connector.getManagedSessionCount();
    }

    public void close() {
        if (connector.isDisposing()) {
            return;
        }
        for (IoSession session : connector.getManagedSessions().values()) {
            ProtocolSession.of(session).closeReasonIfAbsent(CloseReason.LOCAL_CLOSE, "client closed");
            session.closeNow();
        }
        connector.dispose(true);
    }
}
