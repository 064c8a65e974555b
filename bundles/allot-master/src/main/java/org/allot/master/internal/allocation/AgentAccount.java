package org.allot.master.internal.allocation;

import java.util.HashMap;
import java.util.Map;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.spi.allocation.AgentState;

/**
 * The books of one connected agent: total, what each framework uses and holds in offers, and the
 * resulting free resources (kept, not computed per read). Also the last answer of
 * {@link Declines#refusesAll} for it, valid until its free resources or its declines change
 * ({@link #touch()}) or some framework's eligibility does (the epoch). Event loop only.
 */
final class AgentAccount implements AgentState {

    private final AgentId id;
    private final AgentInfo info;
    private final Resources total;
    final Map<FrameworkId, Resources> used = new HashMap<>();
    final Map<FrameworkId, Resources> offered = new HashMap<>();
    private Resources usedTotal = Resources.empty();
    private Resources offeredTotal = Resources.empty();
    private Resources free;
    private long stamp;
    private long refusalStamp = -1;
    private long refusalEpoch = -1;
    private boolean refusedByAll;

    AgentAccount(AgentId id, AgentInfo info, Resources total) {
        this.id = id;
        this.info = info;
        this.total = total;
        this.free = total;
    }

    @Override
    public AgentId id() {
        return id;
    }

    @Override
    public AgentInfo info() {
        return info;
    }

    @Override
    public Resources total() {
        return total;
    }

    @Override
    public Resources used() {
        return usedTotal;
    }

    @Override
    public Resources offered() {
        return offeredTotal;
    }

    @Override
    public Resources free() {
        return free;
    }

    void addUsed(FrameworkId f, Resources r) {
        used.merge(f, r, Resources::add);
        usedTotal = usedTotal.add(r);
        shrink(r);
    }

    void addOffered(FrameworkId f, Resources r) {
        offered.merge(f, r, Resources::add);
        offeredTotal = offeredTotal.add(r);
        shrink(r);
    }

    /** Takes up to {@code r} of what {@code f} uses; returns what was actually taken. */
    Resources takeUsed(FrameworkId f, Resources r) {
        Resources taken = take(used, f, r);
        usedTotal = usedTotal.subtractSaturating(taken);
        grow(taken);
        return taken;
    }

    /** Takes up to {@code r} of what {@code f} holds in offers; returns what was actually taken. */
    Resources takeOffered(FrameworkId f, Resources r) {
        Resources taken = take(offered, f, r);
        offeredTotal = offeredTotal.subtractSaturating(taken);
        grow(taken);
        return taken;
    }

    /** Offered to used (free does not change); returns what was actually moved. */
    Resources moveToUsed(FrameworkId f, Resources r) {
        Resources taken = take(offered, f, r);
        if (!taken.isEmpty()) {
            offeredTotal = offeredTotal.subtractSaturating(taken);
            used.merge(f, taken, Resources::add);
            usedTotal = usedTotal.add(taken);
        }
        return taken;
    }

    /** Free shrank by {@code r}: one subtraction when the books balance, else a full recount. */
    private void shrink(Resources r) {
        if (r == free) {
            free = Resources.empty(); // NOTE: an offer of everything free, the usual case: no arithmetic
            stamp++;
        } else if (free.contains(r)) {
            free = free.subtract(r);
            stamp++;
        } else {
            refresh();
        }
    }

    /** Free grew by {@code r}: one addition when the books balance, else a full recount. */
    private void grow(Resources r) {
        if (usedTotal.isEmpty() && offeredTotal.isEmpty()) {
            free = total; // NOTE: the same value as the total, which keeps identity checks cheap
            stamp++;
            return;
        }
        Resources more = free.add(r);
        if (total.contains(more)) {
            free = more;
            stamp++;
        } else {
            refresh();
        }
    }

    private static Resources take(Map<FrameworkId, Resources> books, FrameworkId f, Resources r) {
        Resources have = books.get(f);
        if (have == null) {
            return Resources.empty();
        }
        Resources rest = have.subtractSaturating(r);
        if (rest.isEmpty()) {
            books.remove(f);
        } else {
            books.put(f, rest);
        }
        return have.subtract(rest);
    }

    private void refresh() {
        free = total.subtractSaturating(usedTotal).subtractSaturating(offeredTotal);
        stamp++;
    }

    /** Its declines changed: the remembered refusal is stale. */
    void touch() {
        stamp++;
    }

    boolean refusalKnown(long eligibilityEpoch) {
        return refusalStamp == stamp && refusalEpoch == eligibilityEpoch;
    }

    boolean refusedByAll() {
        return refusedByAll;
    }

    void rememberRefusal(long eligibilityEpoch, boolean all) {
        refusalStamp = stamp;
        refusalEpoch = eligibilityEpoch;
        refusedByAll = all;
    }

    @Override
    public String toString() {
        return "agent " + id + " (" + info.hostname() + ")";
    }
}
