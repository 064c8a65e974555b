package org.allot.protocol.internal.net;

import java.net.InetSocketAddress;
import java.util.Objects;

import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;
import org.apache.mina.core.session.IoSession;

/** A {@link Connection} over an established MINA session. */
final class MinaConnection implements Connection {

    private final IoSession session;
    private final int maxFrameBytes;
    private final Role peerRole;
    private final String peerPrincipal;
    private final InetSocketAddress remoteAddress;

    MinaConnection(ProtocolSession session, int maxFrameBytes) {
        this.session = session.ioSession();
        this.maxFrameBytes = maxFrameBytes;
        this.peerRole = session.peerRole();
        this.peerPrincipal = session.peerPrincipal();
        this.remoteAddress = session.remoteAddress();
    }

    @Override
    public long id() {
        return session.getId();
    }

    @Override
    public boolean send(Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        int size = envelope.getSerializedSize();
        if (size > maxFrameBytes) {
            throw new IllegalArgumentException("a " + envelope.getMessageCase() + " of " + size
                    + " bytes is over the maximum frame size of " + maxFrameBytes
                    + " bytes; split it or raise maxFrameBytes on both sides");
        }
        if (!isOpen()) {
            return false;
        }
        session.write(envelope);
        return true;
    }

    @Override
    public void close() {
        ProtocolSession.of(session).closeReasonIfAbsent(CloseReason.LOCAL_CLOSE, "closed locally");
        session.closeOnFlush();
    }

    @Override
    public void closeWithError(Error.Code code, String reason) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        ProtocolSession ps = ProtocolSession.of(session);
        ps.closeReasonIfAbsent(CloseReason.LOCAL_ERROR, reason);
        ps.fail(code, reason);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Role peerRole() {
        return peerRole;
    }

    @Override
    public String peerPrincipal() {
        return peerPrincipal;
    }

    @Override
    public boolean isOpen() {
        return ProtocolSession.of(session).isOpen();
    }

    @Override
    public String toString() {
        return "Connection " + id() + " to " + peerRole + " '" + peerPrincipal + "' at " + remoteAddress;
    }
}
