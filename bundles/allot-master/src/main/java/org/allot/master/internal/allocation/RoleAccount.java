package org.allot.master.internal.allocation;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.allot.api.DominantShare;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.spi.allocation.RoleState;

/**
 * The books of one role: the sum of its frameworks' allocations and offer counts, kept
 * incrementally by {@link Ledger}, and its eligible frameworks; weight, priority and guarantee
 * read from the {@link RoleSettings}. Event loop only.
 */
final class RoleAccount implements RoleState {

    private final String name;
    private final Ledger ledger;
    final ScalarSum allocation = new ScalarSum();
    long allocationCount;
    /** Frameworks of the role, eligible or not. */
    int members;
    final Map<FrameworkId, FrameworkAccount> eligible = new TreeMap<>();

    RoleAccount(String name, Ledger ledger) {
        this.name = name;
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double weight() {
        return ledger.weight(name);
    }

    @Override
    public int priority() {
        return ledger.settings().priority(name);
    }

    @Override
    public Resources guarantee() {
        return ledger.settings().guarantee(name);
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
    public Collection<FrameworkAccount> frameworks() {
        return Collections.unmodifiableCollection(eligible.values());
    }

    @Override
    public String toString() {
        return "role " + name;
    }
}
