package org.allot.master.internal.allocation;

import org.allot.api.DominantShare;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferConstraints;
import org.allot.api.Resources;
import org.allot.spi.allocation.FrameworkState;

/**
 * The books of one framework: flags, allocation (used + offered) and offered cluster-wide, kept
 * incrementally by {@link Ledger} (scalars only: ports of different agents do not add up); the
 * dominant share is derived on read (O(1)). Event loop only.
 */
final class FrameworkAccount implements FrameworkState {

    private final FrameworkId id;
    private final Ledger ledger;
    FrameworkInfo info;
    OfferConstraints constraints = OfferConstraints.none();
    boolean active;
    boolean suppressed;
    final ScalarSum allocation = new ScalarSum();
    final ScalarSum offered = new ScalarSum();
    long allocationCount;

    FrameworkAccount(FrameworkId id, FrameworkInfo info, boolean active, Ledger ledger) {
        this.id = id;
        this.info = info;
        this.active = active;
        this.ledger = ledger;
    }

    @Override
    public FrameworkId id() {
        return id;
    }

    @Override
    public FrameworkInfo info() {
        return info;
    }

    @Override
    public boolean active() {
        return active;
    }

    @Override
    public boolean suppressed() {
        return suppressed;
    }

    @Override
    public Resources allocation() {
        return allocation.get();
    }

    @Override
    public long allocationCount() {
        return allocationCount;
    }

    @Override
    public double dominantShare() {
        return DominantShare.of(allocation.get(), ledger.clusterTotal());
    }

    @Override
    public String toString() {
        return "framework '" + info.name() + "' (" + id + ")";
    }
}
