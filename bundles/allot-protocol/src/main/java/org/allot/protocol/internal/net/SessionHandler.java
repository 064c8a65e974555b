package org.allot.protocol.internal.net;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolException;
import org.allot.protocol.internal.codec.FrameException;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns MINA's callbacks into calls on the project's {@link MessageHandler}, and ends every session
 * that goes wrong with a reason: a bad frame is answered with an {@code Error}, an I/O error closes
 * the session, and a failure of our own is counted. Nothing thrown here or by the handler reaches
 * MINA, so one bad peer never disturbs the others.
 */
final class SessionHandler extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);

    private final MessageHandler handler;
    private final int maxFrameBytes;
    private final ErrorCounter internalErrors;
    private final boolean client;

    /**
     * @param client true on the connecting side: each new session then gets the future its
     *               {@code connect} call waits on, created here in {@code sessionCreated}, before the
     *               connect call can see the session, so the {@code Welcome} or a close always finds it
     */
    SessionHandler(MessageHandler handler, int maxFrameBytes, ErrorCounter internalErrors, boolean client) {
        this.handler = handler;
        this.maxFrameBytes = maxFrameBytes;
        this.internalErrors = internalErrors;
        this.client = client;
    }

    @Override
    public void sessionCreated(IoSession session) {
        if (client) {
            ProtocolSession.of(session).attachHandshake(new CompletableFuture<>());
        }
    }

    @Override
    public void event(IoSession session, FilterEvent event) {
        if (event != HandshakeCompleted.INSTANCE) {
            return;
        }
        ProtocolSession ps = ProtocolSession.of(session);
        MinaConnection connection = new MinaConnection(ps, maxFrameBytes);
        ps.attachConnection(connection);
        LOG.info("Opened connection {} with {}", session.getId(), ps.describePeer());
        try {
            handler.onOpen(connection);
        } catch (RuntimeException e) {
            handlerFailed("onOpen", ps, e);
        }
        CompletableFuture<Connection> handshake = ps.handshake();
        if (handshake != null) {
            handshake.complete(connection);
        }
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        ProtocolSession ps = ProtocolSession.of(session);
        Connection connection = ps.connection();
        if (ps.isFailed() || connection == null) {
            return;
        }
        try {
            handler.onMessage(connection, (Envelope) message);
        } catch (RuntimeException e) {
            handlerFailed("onMessage(" + ((Envelope) message).getMessageCase() + ")", ps, e);
        }
    }

    @Override
    public void inputClosed(IoSession session) {
        ProtocolSession.of(session).closeReasonIfAbsent(CloseReason.PEER_CLOSED, "closed by peer");
        session.closeNow();
    }

    @Override
    public void sessionClosed(IoSession session) {
        ProtocolSession ps = ProtocolSession.of(session);
        ps.closeReasonIfAbsent(CloseReason.PEER_CLOSED, "closed by peer");
        ProtocolSession.Closing closing = ps.closing();
        String reason = closing.detail();
        CompletableFuture<Connection> handshake = ps.handshake();
        if (handshake != null && !handshake.isDone()) {
            handshake.completeExceptionally(new ProtocolException(ps.failureCode(),
                    "connection to " + session.getRemoteAddress() + " closed during the handshake: " + reason));
        }
        Connection connection = ps.connection();
        if (connection == null) {
            LOG.debug("Session {} with {} closed before its handshake: {}", session.getId(), ps.describePeer(),
                    reason);
            return;
        }
        LOG.info("Closed connection {} with {}: {}", session.getId(), ps.describePeer(), reason);
        try {
            handler.onClose(connection, closing.reason(), reason);
        } catch (RuntimeException e) {
            handlerFailed("onClose", ps, e);
        }
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        ProtocolSession ps = ProtocolSession.of(session);
        if (cause instanceof FrameException) {
            FrameException frame = (FrameException) cause;
            if (!ps.isFailed()) {
                LOG.warn("Closing session with {}: {}", ps.describePeer(), frame.reason());
            }
            ps.fail(frame.code(), frame.reason());
        } else if (cause instanceof ProtocolDecoderException) {
            String reason = "undecodable frame (" + rootMessage(cause) + ")";
            if (!ps.isFailed()) {
                LOG.warn("Closing session with {}: {}", ps.describePeer(), reason);
            }
            ps.fail(Error.Code.MALFORMED_FRAME, reason);
        } else if (cause instanceof IOException) {
            // Connection resets and write timeouts: the peer went away or stopped reading.
            String reason = "connection error: " + cause;
            LOG.info("Closing session with {}: {}", ps.describePeer(), reason);
            ps.closeReasonIfAbsent(CloseReason.IO_ERROR, reason);
            session.closeNow();
        } else {
            internalErrors.increment();
            LOG.error("Internal failure on session with {}; closing it", ps.describePeer(), cause);
            ps.fail(Error.Code.INTERNAL_ERROR, "internal error in the Allot protocol layer (" + cause
                    + "); the peer did nothing wrong, reconnect");
        }
    }

    private void handlerFailed(String callback, ProtocolSession ps, RuntimeException e) {
        internalErrors.increment();
        LOG.error("Message handler {} failed in {} for {}; the connection stays open", handler, callback,
                ps.describePeer(), e);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
