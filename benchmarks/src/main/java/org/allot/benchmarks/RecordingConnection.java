package org.allot.benchmarks;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.allot.protocol.Connection;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;

/**
 * A {@link Connection} without a network for {@link AllocationBenchmark}: counts what the master sends,
 * keeps the ids of the offers not yet taken and the last id the master assigned (agent or framework),
 * and drops everything else so that millions of messages cost no memory. Not thread-safe: the master's
 * manual loop and the harness share one thread.
 */
final class RecordingConnection implements Connection {

    private final long id;
    private final Role role;
    private final String principal;
    private final List<String> offerIds = new ArrayList<>();
    private long offersReceived;
    private String assignedId;
    private String lastError;

    RecordingConnection(long id, Role role, String principal) {
        this.id = id;
        this.role = role;
        this.principal = principal;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public boolean send(Envelope envelope) {
        switch (envelope.getMessageCase()) {
            case OFFERS:
                envelope.getOffers().getOffersList().forEach(o -> offerIds.add(o.getOfferId()));
                offersReceived += envelope.getOffers().getOffersCount();
                break;
            case AGENT_REGISTERED:
                assignedId = envelope.getAgentRegistered().getAgentId();
                break;
            case SUBSCRIBED:
                assignedId = envelope.getSubscribed().getFrameworkId();
                break;
            case ERROR:
                lastError = envelope.getError().getCode() + ": " + envelope.getError().getReason();
                break;
            default:
                break;
        }
        return true;
    }

    @Override
    public void close() {
        // Nothing to close: there is no network.
    }

    @Override
    public void closeWithError(Error.Code code, String reason) {
        lastError = code + ": " + reason;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return InetSocketAddress.createUnresolved("127.0.0.1", 40000);
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
    public boolean isOpen() {
        return true;
    }

    /** Removes and returns the ids of the offers received since the last call. */
    List<String> takeOffers() {
        List<String> out = List.copyOf(offerIds);
        offerIds.clear();
        return out;
    }

    /** Offers received in all, taken or not. */
    long offersReceived() {
        return offersReceived;
    }

    /** The agent or framework id from the master's last AgentRegistered or Subscribed, or null. */
    String assignedId() {
        return assignedId;
    }

    /** The last Error the master sent or closed the connection with, or null. */
    String lastError() {
        return lastError;
    }
}
