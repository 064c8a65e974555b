package org.allot.protocol.internal.net;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.Messages;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Typed view of the protocol state kept on a MINA {@link IoSession}, under attribute keys namespaced
 * by this class. A wrapper is cheap and holds nothing itself: make one with {@link #of} wherever a
 * session is at hand.
 */
public final class ProtocolSession {

    private static final AttributeKey PEER_ROLE = key("peerRole");
    private static final AttributeKey PEER_PRINCIPAL = key("peerPrincipal");
    private static final AttributeKey CONNECTION = key("connection");
    private static final AttributeKey CLOSE_REASON = key("closeReason");
    private static final AttributeKey FAILED = key("failed");
    private static final AttributeKey HANDSHAKE = key("handshake");

    private final IoSession session;

    private ProtocolSession(IoSession session) {
        this.session = session;
    }

    public static ProtocolSession of(IoSession session) {
        return new ProtocolSession(session);
    }

    private static AttributeKey key(String name) {
        return new AttributeKey(ProtocolSession.class, name);
    }

    public IoSession ioSession() {
        return session;
    }

    /** Marks the handshake done: the peer's identity is known and its messages may reach the handler. */
    public void establish(Role peerRole, String peerPrincipal) {
        session.setAttribute(PEER_ROLE, peerRole);
        session.setAttribute(PEER_PRINCIPAL, peerPrincipal);
    }

    public boolean isEstablished() {
        return session.containsAttribute(PEER_ROLE);
    }

    public Role peerRole() {
        return (Role) session.getAttribute(PEER_ROLE, Role.ROLE_UNSPECIFIED);
    }

    public String peerPrincipal() {
        return (String) session.getAttribute(PEER_PRINCIPAL, "");
    }

    public void attachConnection(Connection connection) {
        session.setAttribute(CONNECTION, connection);
    }

    /** The connection handed to the handler; null until the handshake completed. */
    public Connection connection() {
        return (Connection) session.getAttribute(CONNECTION);
    }

    /** Why a session closed: the reason a handler acts on, and the detail for people. */
    public record Closing(CloseReason reason, String detail) {
    }

    /** Records why the session closes; the first reason recorded wins. */
    public void closeReasonIfAbsent(CloseReason reason, String detail) {
        session.setAttributeIfAbsent(CLOSE_REASON, new Closing(reason, detail));
    }

    /** Why the session closes; null until a reason was recorded. */
    public Closing closing() {
        return (Closing) session.getAttribute(CLOSE_REASON);
    }

    /** True once the session failed with an Error and is being closed; its input is then ignored. */
    public boolean isFailed() {
        return session.containsAttribute(FAILED);
    }

    public boolean isOpen() {
        return session.isConnected() && !session.isClosing() && !isFailed();
    }

    /**
     * Ends the session because of a fault: stops reading, sends an {@code Error} with the code and
     * reason, and closes once it is written. Only the first failure of a session sends an Error.
     * The close reason is {@link CloseReason#INTERNAL_ERROR} for that code, otherwise
     * {@link CloseReason#PROTOCOL_ERROR}, unless one was recorded before.
     *
     * @return false if the session had already failed
     */
    public boolean fail(Error.Code code, String reason) {
        if (session.setAttributeIfAbsent(FAILED, code) != null) {
            return false;
        }
        closeReasonIfAbsent(code == Error.Code.INTERNAL_ERROR ? CloseReason.INTERNAL_ERROR : CloseReason.PROTOCOL_ERROR,
                reason);
        if (!session.isConnected() || session.isClosing()) {
            return true;
        }
        // NOTE: reading stops so a peer that keeps sending cannot keep a failed session alive; a peer
        // that stops reading cannot either, because the session's write timeout closes it.
        session.suspendRead();
        session.write(Messages.error(code, reason));
        session.closeOnFlush();
        return true;
    }

    /**
     * Ends the session because the peer refused it with an {@code Error}: nothing is sent back.
     */
    public void refusedBy(Error.Code code, String reason) {
        session.setAttributeIfAbsent(FAILED, code);
        closeReasonIfAbsent(CloseReason.PEER_CLOSED, reason);
        session.closeNow();
    }

    /** The code the session failed with, or {@code CODE_UNSPECIFIED} if it did not fail. */
    public Error.Code failureCode() {
        return (Error.Code) session.getAttribute(FAILED, Error.Code.CODE_UNSPECIFIED);
    }

    /** The future a connecting client waits on for the {@code Welcome}; client sessions only. */
    public void attachHandshake(CompletableFuture<Connection> handshake) {
        session.setAttribute(HANDSHAKE, handshake);
    }

    @SuppressWarnings("unchecked")
    public CompletableFuture<Connection> handshake() {
        return (CompletableFuture<Connection>) session.getAttribute(HANDSHAKE);
    }

    public InetSocketAddress remoteAddress() {
        SocketAddress address = session.getRemoteAddress();
        return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
    }

    /** Names the peer for logs and reasons, e.g. {@code AGENT 'a1' at /127.0.0.1:41234 (session 7)}. */
    public String describePeer() {
        StringBuilder b = new StringBuilder();
        if (isEstablished()) {
            b.append(peerRole()).append(" '").append(peerPrincipal()).append("' at ");
        } else {
            b.append("unidentified peer at ");
        }
        return b.append(session.getRemoteAddress()).append(" (session ").append(session.getId()).append(')')
                .toString();
    }
}
