package org.allot.master.internal;

import org.allot.protocol.loop.EventLoop;
import java.time.Instant;

import org.allot.api.Offer;

/** An outstanding offer. */
final class OfferEntry {

    final Offer offer;
    final Instant created;
    EventLoop.Timer timeout;

    OfferEntry(Offer offer, Instant created) {
        this.offer = offer;
        this.created = created;
    }
}
