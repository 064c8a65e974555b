package org.allot.master.internal;

import org.allot.protocol.Connection;
import org.allot.protocol.Messages;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;

/**
 * The outbound port that stamps every message with this master's leader epoch, so that an agent can
 * refuse orders from a deposed master (an older epoch than the newest it has seen). A standalone
 * master's epoch is 0 and its messages go unstamped.
 *
 * <p>Threading: the master's event loop sends and sets the epoch.
 */
final class EpochStamp implements Outbound {

    private final Outbound out;
    private long epoch;

    EpochStamp(Outbound out) {
        this.out = out;
    }

    void epoch(long e) {
        this.epoch = e;
    }

    @Override
    public void send(Connection to, Envelope message) {
        out.send(to, Messages.withEpoch(message, epoch));
    }

    @Override
    public void closeWithError(Connection to, Error.Code code, String reason) {
        out.closeWithError(to, code, reason);
    }
}
