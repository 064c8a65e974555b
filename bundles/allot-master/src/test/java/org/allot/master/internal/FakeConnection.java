package org.allot.master.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.allot.protocol.Connection;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;

/** A connection without a network: records what the master sends. */
final class FakeConnection implements Connection {

    private final long id;
    private final Role role;
    private final String principal;
    private final List<Envelope> sent = new ArrayList<>();
    private boolean open = true;
    private String closeReason;

    FakeConnection(long id, Role role, String principal) {
        this.id = id;
        this.role = role;
        this.principal = principal;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public synchronized boolean send(Envelope envelope) {
        if (!open) {
            return false;
        }
        sent.add(envelope);
        return true;
    }

    @Override
    public synchronized void close() {
        open = false;
        closeReason = "closed locally";
    }

    @Override
    public synchronized void closeWithError(Error.Code code, String reason) {
        sent.add(Envelope.newBuilder().setError(Error.newBuilder().setCode(code).setReason(reason)).build());
        open = false;
        closeReason = reason;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000 + (int) id);
    }

    @Override
    public Role peerRole() {
        return role;
    }

    @Override
    public String peerPrincipal() {
        return principal;
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    synchronized String closeReason() {
        return closeReason;
    }

    /** Removes and returns everything sent so far of the given kind. */
    synchronized List<Envelope> take(Envelope.MessageCase kind) {
        List<Envelope> out = new ArrayList<>();
        sent.removeIf(e -> {
            if (e.getMessageCase() == kind) {
                out.add(e);
                return true;
            }
            return false;
        });
        return out;
    }

    synchronized List<Envelope> all() {
        return List.copyOf(sent);
    }
}
