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
 * a newer one replaces it), and the same entries by agent. Looking one up, adding or removing one
 * is O(1).
 *
 * <h2>Expiry</h2>
 * One path: a timer on the master's event loop removes the decline at its end and reports the
 * agent as changed (the engine marks it for the next pass and requests one). Declines ending at
 * the same instant share one timer; {@link #clear} cancels a timer once none of its declines is left.
 * A decline is in force until its timer runs: at exactly {@code until} it no longer refuses once
 * the loop has run the timers due.
 *
 * <h2>Skipping agents</h2>
 * {@link #refusesAll} tells whether every eligible framework's decline covers all an agent's free
 * resources (so the pass may skip it). It is O(1) when fewer declines are on the agent than there
 * are eligible frameworks (the usual case) or when nothing changed since it last answered for that
 * agent; otherwise O(declines on the agent). Every change of the declines on an agent
 * {@link AgentAccount#touch() touches} it.
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
        Bucket b = buckets.get(until);
        if (b == null) {
            Instant key = until;
            b = new Bucket(key);
            b.timer = loop.schedule(refuse, () -> expire(key));
            buckets.put(key, b);
        }
        Entry e = new Entry(frameworkId, agentId, resources, b);
        byFramework.computeIfAbsent(frameworkId, k -> new HashMap<>()).put(agentId, e);
        byAgent.computeIfAbsent(agentId, k -> new HashMap<>()).put(frameworkId, e);
        b.entries.add(e);
        b.live++;
        size++;
        touch(agentId);
    }

    /** Whether a decline of the framework on the agent covers {@code offered}. O(1). */
    boolean refuses(FrameworkId frameworkId, AgentId agentId, Resources offered) {
        Entry e = entry(frameworkId, agentId);
        return e != null && e.resources.contains(offered);
    }

    /**
     * Whether a decline of the framework covers {@code offered}, given the declines on the agent
     * ({@link #onAgent}, possibly null): one hash lookup. For a pass that asks about many
     * frameworks on one agent.
     */
    static boolean refuses(Map<FrameworkId, Entry> onAgent, FrameworkId frameworkId, Resources offered) {
        Entry e = onAgent == null ? null : onAgent.get(frameworkId);
        return e != null && e.resources.contains(offered);
    }

    /** The declines on the agent by framework (read-only use), or null if none. */
    Map<FrameworkId, Entry> onAgent(AgentId agentId) {
        Map<FrameworkId, Entry> here = byAgent.get(agentId);
        return here == null || here.isEmpty() ? null : here;
    }

    /** The framework's decline on the agent in force, or null. */
    Decline on(FrameworkId frameworkId, AgentId agentId) {
        Entry e = entry(frameworkId, agentId);
        return e == null ? null : new Decline(agentId, e.resources, e.bucket.until);
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

    /**
     * Whether all {@code eligible} eligible frameworks have a decline on the agent that covers all
     * its free resources.
     */
    boolean refusesAll(AgentAccount a, int eligible, long eligibilityEpoch) {
        Map<FrameworkId, Entry> here = byAgent.get(a.id());
        if (here == null || here.size() < eligible) {
            return false;
        }
        if (a.refusalKnown(eligibilityEpoch)) {
            return a.refusedByAll();
        }
        Resources free = a.free();
        int covering = 0;
        for (Entry e : here.values()) {
            FrameworkAccount f = ledger.framework(e.frameworkId);
            if (f != null && f.eligible() && e.resources.contains(free)) {
                covering++;
            }
        }
        boolean all = covering >= eligible;
        a.rememberRefusal(eligibilityEpoch, all);
        return all;
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
                expired.accept(e.agentId);
            }
        }
    }

    private void remove(Entry e) {
        unlink(e);
        Bucket b = e.bucket;
        if (--b.live == 0) {
            b.timer.cancel();
            buckets.remove(b.until);
        }
    }

    private void unlink(Entry e) {
        e.dead = true;
        size--;
        Map<AgentId, Entry> own = byFramework.get(e.frameworkId);
        own.remove(e.agentId);
        if (own.isEmpty()) {
            byFramework.remove(e.frameworkId);
        }
        Map<FrameworkId, Entry> here = byAgent.get(e.agentId);
        here.remove(e.frameworkId);
        if (here.isEmpty()) {
            byAgent.remove(e.agentId);
        }
        touch(e.agentId);
    }

    private void touch(AgentId agentId) {
        AgentAccount a = ledger.agent(agentId);
        if (a != null) {
            a.touch();
        }
    }

    /** One decline. NOTE: lean on purpose: a big cluster holds millions (every framework, every agent). */
    static final class Entry {
        final FrameworkId frameworkId;
        final AgentId agentId;
        final Resources resources;
        final Bucket bucket;
        boolean dead;

        Entry(FrameworkId frameworkId, AgentId agentId, Resources resources, Bucket bucket) {
            this.frameworkId = frameworkId;
            this.agentId = agentId;
            this.resources = resources;
            this.bucket = bucket;
        }
    }

    /** The declines ending at one instant, under one timer. */
    private static final class Bucket {
        final Instant until;
        final List<Entry> entries = new ArrayList<>();
        EventLoop.Timer timer;
        int live;

        Bucket(Instant until) {
            this.until = until;
        }
    }
}
