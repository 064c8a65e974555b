package org.allot.election.internal;

import java.util.Objects;

import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what Curator says (the latch's {@code isLeader}/{@code notLeader}, the connection's
 * SUSPENDED/LOST/RECONNECTED) into the three things a master must do: lead from an epoch, stop
 * acting at once, step down. The rules:
 * <ul>
 * <li>the latch says leader with epoch e: elected(e), unless already leading with e; leading with
 *     another epoch is a new term: defeated, then elected(e);</li>
 * <li>SUSPENDED while leading: suspended() at once (no launches, no offers); the latch's
 *     {@code notLeader} that follows is the same news;</li>
 * <li>LOST while leading: defeated (the session is gone, so the node and the leadership are);</li>
 * <li>RECONNECTED after a suspension: defeated, since the master cannot know what it missed; the
 *     contender asks the latch again and a still-held leadership is a new election (the caller
 *     passes the latch's view to {@link #reconnected}), with the same epoch if the node survived;</li>
 * <li>the latch says not leader while connected: defeated (another master leads); while not
 *     connected, it is the suspension.</li>
 * </ul>
 *
 * <p>Threading: one thread at a time (the contender's executor). Pure: no I/O, no clock.
 */
public final class LeadershipTracker {

    private static final Logger LOG = LoggerFactory.getLogger(LeadershipTracker.class);

    /** What the master is told. */
    public interface Events {
        /** Lead from {@code epoch}: recover, then act. */
        void elected(long epoch);

        /** Stop acting at once; keep the state, leadership may come back or be lost. */
        void suspended();

        /** No longer the leader: drop the state. */
        void defeated(String why);
    }

    private final Events events;
    /** The epoch this master leads (or led, if suspended); 0 while it does not lead. */
    private long epoch;
    private boolean suspended;
    private ConnectionState connection = ConnectionState.CONNECTED;

    public LeadershipTracker(Events events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /** The epoch this master leads, or 0. */
    public long epoch() {
        return epoch;
    }

    /** Whether it leads and may act now. */
    public boolean acting() {
        return epoch != 0 && !suspended;
    }

    /** The latch says this master leads, its node giving {@code nodeEpoch}. */
    public void isLeader(long nodeEpoch) {
        if (nodeEpoch <= 0 || connection == ConnectionState.SUSPENDED || connection == ConnectionState.LOST) {
            return; // a stale callback: the connection news decides
        }
        if (epoch == nodeEpoch && !suspended) {
            return;
        }
        if (epoch != 0) {
            defeat("it is re-elected with epoch " + nodeEpoch + " after epoch " + epoch);
        }
        epoch = nodeEpoch;
        suspended = false;
        LOG.info("Elected leader with epoch {}", nodeEpoch);
        events.elected(nodeEpoch);
    }

    /**
     * The latch says this master does not lead; {@code connected} is whether the ZooKeeper
     * connection is up now. NOTE: Curator may deliver the latch's reaction to a suspension before the
     * SUSPENDED state itself, so a {@code notLeader} without a connection is taken as the suspension.
     */
    public void notLeader(boolean connected) {
        if (!connected) {
            connection(ConnectionState.SUSPENDED, false, 0);
            return;
        }
        if (epoch == 0 || suspended) {
            return; // a suspension (or a loss) has said it already
        }
        defeat("another master leads");
    }

    /**
     * The connection changed; on RECONNECTED, {@code latchLeads} and {@code nodeEpoch} are the
     * latch's view after the reconnection (ignored otherwise).
     */
    public void connection(ConnectionState state, boolean latchLeads, long nodeEpoch) {
        connection = state;
        switch (state) {
            case SUSPENDED -> {
                if (epoch != 0 && !suspended) {
                    suspended = true;
                    LOG.warn("ZooKeeper connection suspended while leading epoch {}: no launches, no offers until"
                            + " it is back", epoch);
                    events.suspended();
                }
            }
            case LOST -> {
                if (epoch != 0) {
                    defeat("its ZooKeeper session was lost");
                }
            }
            case RECONNECTED -> {
                if (epoch != 0 && suspended) {
                    defeat("its ZooKeeper connection came back after a suspension; contending again");
                }
                if (latchLeads) {
                    isLeader(nodeEpoch);
                }
            }
            default -> {
            }
        }
    }

    private void defeat(String why) {
        long was = epoch;
        epoch = 0;
        suspended = false;
        LOG.info("No longer the leader (epoch {}): {}", was, why);
        events.defeated(why);
    }
}
