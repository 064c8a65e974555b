package org.allot.master.internal.allocation;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.protocol.loop.EventLoop;
import org.allot.spi.filter.Decline;

/**
 * The declines in force: per framework a hash map by agent (one decline per framework and agent;
 * a newer one replaces it), and the same entries by agent. Looking one up is O(1); adding or
 * removing one is O(1) plus the agent's {@link AgentAccount#refusedBy} count.
 *
 * <h2>Expiry</h2>
 * One path: a timer on the master's event loop removes the decline at its end and reports the
 * agent as changed (the engine marks it for the next pass and requests one). Declines ending at
 * the same instant share one timer; {@link #clear} cancels a timer once none of its declines is left.
 * A decline is in force until its timer runs: at exactly {@code until} it no longer refuses once
 * the loop has run the timers due.
 *
 * <h2>Counting refusals</h2>
 * For each agent, {@link AgentAccount#refusedBy} counts the eligible frameworks whose decline
 * covers all the agent's free resources (so it refuses whatever could be offered there). When it
 * equals the number of eligible frameworks the pass skips the agent. Kept exact by
 * {@link #agentChanged} and {@link #frameworkChanged}, each O(declines on that agent or of that framework).
 *
 * <p>Event loop only.
 */
final class Declines {

    private final EventLoop loop;
    private final Ledger ledger;
    private final Consumer<AgentId> expired;
    private final Map<FrameworkId, Map<AgentId, Entry>> byFramework = new HashMap<>();
    private final Map<AgentId, Map<FrameworkId, Entry>> byAgent = new HashMap<>();
    private final Map<Instant, Bucket> buckets = new HashMap<>();
    private long size;

    /** @param expired told of the agent of every decline that ran out */
    Declines(EventLoop loop, Ledger ledger, Consumer<AgentId> expired) {
        this.loop = loop;
        this.ledger = ledger;
        this.expired = expired;
    }

    /**
     * Records that {@code frameworkId} declined {@code resources} of {@code agentId} for
     * {@code refuse}; replaces its earlier decline there. A zero or negative duration or no
     * resources records nothing (and leaves an earlier decline alone).
     */
    void add(FrameworkId frameworkId, AgentId agentId, Resources resources, Duration refuse) {
        if (refuse.isZero() || refuse.isNegative() || resources.isEmpty()) {
            return;
        }
        Entry old = entry(frameworkId, agentId);
        if (old != null) {
            remove(old);
        }
        Instant until;
        try {
            until = loop.now().plus(refuse);
        } catch (DateTimeException | ArithmeticException e) {
            until = Instant.MAX; // "refuse forever": never expires in practice, revive still clears it
        }
        Entry e = new Entry(frameworkId, new Decline(agentId, resources, until));
        byFramework.computeIfAbsent(frameworkId, k -> new HashMap<>()).put(agentId, e);
        byAgent.computeIfAbsent(agentId, k -> new HashMap<>()).put(frameworkId, e);
        Instant key = until;
        Bucket b = buckets.get(key);
        if (b == null) {
            b = new Bucket();
            b.timer = loop.schedule(refuse, () -> expire(key));
            buckets.put(key, b);
        }
        b.entries.add(e);
        b.live++;
        e.bucket = b;
        size++;
        recount(e);
    }

    /** Whether a decline of the framework on the agent covers {@code offered}. O(1). */
    boolean refuses(FrameworkId frameworkId, AgentId agentId, Resources offered) {
        Entry e = entry(frameworkId, agentId);
        return e != null && e.decline.resources().contains(offered);
    }

    /** The framework's decline on the agent in force, or null. */
    Decline on(FrameworkId frameworkId, AgentId agentId) {
        Entry e = entry(frameworkId, agentId);
        return e == null ? null : e.decline;
    }

    /** Every decline of the framework goes, their timers too (revive, removal). */
    void clear(FrameworkId frameworkId) {
        Map<AgentId, Entry> own = byFramework.get(frameworkId);
        if (own != null) {
            for (Entry e : new ArrayList<>(own.values())) {
                remove(e);
            }
        }
    }

    /** The agent's free resources changed: whose declines cover them may have changed. */
    void agentChanged(AgentId agentId) {
        Map<FrameworkId, Entry> here = byAgent.get(agentId);
        if (here != null) {
            here.values().forEach(this::recount);
        }
    }

    /** The framework's eligibility changed: its declines count, or stop counting. */
    void frameworkChanged(FrameworkId frameworkId) {
        Map<AgentId, Entry> own = byFramework.get(frameworkId);
        if (own != null) {
            own.values().forEach(this::recount);
        }
    }

    /** How many declines are in force. */
    long size() {
        return size;
    }

    private Entry entry(FrameworkId frameworkId, AgentId agentId) {
        Map<AgentId, Entry> own = byFramework.get(frameworkId);
        return own == null ? null : own.get(agentId);
    }

    private void expire(Instant until) {
        Bucket b = buckets.remove(until);
        if (b == null) {
            return;
        }
        for (Entry e : b.entries) {
            if (!e.dead) {
                unlink(e);
                expired.accept(e.decline.agentId());
            }
        }
    }

    private void remove(Entry e) {
        unlink(e);
        Bucket b = e.bucket;
        if (--b.live == 0) {
            b.timer.cancel();
            buckets.remove(e.decline.until());
        }
    }

    private void unlink(Entry e) {
        e.dead = true;
        size--;
        AgentId agentId = e.decline.agentId();
        Map<AgentId, Entry> own = byFramework.get(e.frameworkId);
        own.remove(agentId);
        if (own.isEmpty()) {
            byFramework.remove(e.frameworkId);
        }
        Map<FrameworkId, Entry> here = byAgent.get(agentId);
        here.remove(e.frameworkId);
        if (here.isEmpty()) {
            byAgent.remove(agentId);
        }
        if (e.counted) {
            e.counted = false;
            AgentAccount a = ledger.agent(agentId);
            if (a != null) {
                a.refusedBy--;
            }
        }
    }

    private void recount(Entry e) {
        AgentAccount a = ledger.agent(e.decline.agentId());
        FrameworkAccount f = ledger.framework(e.frameworkId);
        boolean counts = a != null && f != null && f.eligible() && e.decline.resources().contains(a.free());
        if (counts != e.counted) {
            e.counted = counts;
            if (a != null) {
                a.refusedBy += counts ? 1 : -1;
            }
        }
    }

    /** A new agent account (added or re-added): its count starts from the declines on it. */
    void agentAdded(AgentAccount a) {
        a.refusedBy = 0;
        Map<FrameworkId, Entry> here = byAgent.get(a.id());
        if (here != null) {
            for (Entry e : here.values()) {
                e.counted = false;
                recount(e);
            }
        }
    }

    /** The agent's account is gone: its declines stay (they apply if it comes back) but count for nothing. */
    void agentRemoved(AgentId agentId) {
        Map<FrameworkId, Entry> here = byAgent.get(agentId);
        if (here != null) {
            here.values().forEach(e -> e.counted = false);
        }
    }

    private static final class Entry {
        final FrameworkId frameworkId;
        final Decline decline;
        Bucket bucket;
        boolean counted;
        boolean dead;

        Entry(FrameworkId frameworkId, Decline decline) {
            this.frameworkId = frameworkId;
            this.decline = decline;
        }
    }

    /** The declines ending at one instant, under one timer. */
    private static final class Bucket {
        final List<Entry> entries = new ArrayList<>();
        EventLoop.Timer timer;
        int live;
    }
}
