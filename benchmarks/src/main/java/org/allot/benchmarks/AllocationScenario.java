package org.allot.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.master.internal.Master;
import org.allot.master.internal.MasterConfig;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.Messages;
import org.allot.protocol.loop.EventLoop;
import org.allot.protocol.loop.ManualEventLoop;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Role;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.filter.OfferFilter;

/**
 * One master of {@link AllocationBenchmark} and the agents and frameworks it serves, all without a network:
 * the harness feeds envelopes to the master's {@link MessageHandler} through {@link RecordingConnection}s and
 * runs its {@link ManualEventLoop} until idle after each step, so every step includes the allocation pass it
 * triggers. Agents offer {@value #AGENT_RESOURCES_TEXT}; frameworks decline every offer for
 * {@value #REFUSE_SECONDS} s (a day).
 *
 * <p>The master is built in {@link #newMaster} only; everything else goes through {@code handler()}.
 *
 * <p>Not thread-safe: the harness's thread is the master's loop. A {@link BudgetGuard.Exhausted} thrown
 * by any step leaves the master inconsistent: {@link #close()} it and start a new scenario.
 */
final class AllocationScenario implements AutoCloseable {

    static final String AGENT_RESOURCES_TEXT = "cpus:24;mem:4096;disk:4096;ports:[31000-32000]";
    static final Resources AGENT_RESOURCES = Resources.parse(AGENT_RESOURCES_TEXT);
    static final double REFUSE_SECONDS = 86_400;
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final ManualEventLoop loop = new ManualEventLoop(START);
    private final BudgetGuard guard = new BudgetGuard();
    private final MasterConfig config = MasterConfig.defaults();
    private final Master master;
    private final MessageHandler handler;
    private final List<RecordingConnection> agents = new ArrayList<>();
    private final List<RecordingConnection> frameworks = new ArrayList<>();
    /** Offers a revived framework holds, to decline one at a time. */
    private final List<String> held = new ArrayList<>();
    private long nextConnection;
    private long declined;
    private int setupPasses;

    /** @param drf whether the DRF allocator is bound; without, the master makes no offers */
    AllocationScenario(boolean drf) {
        this.master = newMaster(config, loop, drf ? new DrfAllocator() : null, guard);
        this.handler = master.handler();
    }

    /**
     * The only place that knows how the master is built and started (adapt it when the master's constructor
     * changes): the real master on the manual loop with {@code allocator} (null for none) and the budget
     * guard as its only offer filter (declines are the master's own since SPI 1.0), the allocation timer
     * started without a network server.
     */
    static Master newMaster(MasterConfig config, EventLoop loop, Allocator allocator, OfferFilter guard) {
        Master m = new Master(config, loop, allocator, List.of(guard));
        m.startLoop();
        return m;
    }

    /** Steps from now on throw {@link BudgetGuard.Exhausted} once {@code System.nanoTime()} passes the deadline. */
    void budget(long deadlineNanos) {
        guard.setDeadline(deadlineNanos);
    }

    /** Registers {@code count} agents, each RegisterAgent delivered and the loop run until idle. */
    void registerAgents(int count) {
        for (int i = 0; i < count; i++) {
            guard.checkDeadline();
            String host = "host-" + (agents.size() + 1);
            RecordingConnection c = connect(Role.AGENT, "agent@" + host);
            AgentInfo info = AgentInfo.unregistered(host, 5051, AGENT_RESOURCES);
            deliver(c, Messages.registerAgent(info, "bench"));
            expectAssigned(c, "AgentRegistered");
            agents.add(c);
        }
    }

    /**
     * Subscribes {@code count} frameworks (one pass for all of them), then declines every offer made, one
     * Decline per framework per pass, until a pass makes none: the steady state where every framework has
     * declined every agent. {@link #setupPasses()} counts its passes, also when the budget runs out.
     */
    void subscribeAndDeclineEverything(int count) {
        List<RecordingConnection> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "bench-" + (frameworks.size() + added.size() + 1);
            RecordingConnection c = connect(Role.SCHEDULER, name);
            handler.onMessage(c, Messages.subscribe(FrameworkInfo.builder(name, "bench").build()));
            added.add(c);
        }
        run();
        setupPasses++;
        for (RecordingConnection c : added) {
            expectAssigned(c, "Subscribed");
        }
        frameworks.addAll(added);
        while (true) {
            guard.checkDeadline();
            boolean any = false;
            for (RecordingConnection f : frameworks) {
                List<String> offers = f.takeOffers();
                if (!offers.isEmpty()) {
                    any = true;
                    handler.onMessage(f, decline(f, offers));
                    declined += offers.size();
                }
            }
            if (!any) {
                return;
            }
            run();
            setupPasses++;
        }
    }

    /** One pass on the allocation timer (the clock moved by one interval); returns the offers it made. */
    long intervalPass() {
        long before = offersMade();
        loop.advance(config.allocationInterval());
        return offersMade() - before;
    }

    /**
     * The last framework revives (its declines are cleared, so it is offered every agent in one pass),
     * then declines all but {@code keep} of those offers in one Decline (one more pass); it holds the
     * {@code keep} others for {@link #declineOneHeld()}.
     */
    void reviveLastAndKeep(int keep) {
        RecordingConnection f = frameworks.get(frameworks.size() - 1);
        deliver(f, Messages.revive(FrameworkId.of(f.assignedId())));
        List<String> offers = f.takeOffers();
        if (offers.size() < keep) {
            throw new IllegalStateException("the revived framework was offered " + offers.size() + " agents, fewer than "
                    + keep + " to keep; the steady state was not reached");
        }
        held.addAll(offers.subList(0, keep));
        deliver(f, decline(f, offers.subList(keep, offers.size())));
        declined += offers.size() - keep;
    }

    /** Declines one held offer (one Decline) and runs the pass it triggers; returns the offers that pass made. */
    long declineOneHeld() {
        RecordingConnection f = frameworks.get(frameworks.size() - 1);
        long before = offersMade();
        deliver(f, decline(f, List.of(held.remove(held.size() - 1))));
        declined++;
        return offersMade() - before;
    }

    /** The passes {@link #subscribeAndDeclineEverything} ran so far. */
    int setupPasses() {
        return setupPasses;
    }

    /** Agents registered so far, also when the budget ran out. */
    int agentsRegistered() {
        return agents.size();
    }

    /** Offers declined so far. */
    long declined() {
        return declined;
    }

    /** The errors the master sent to any peer, at most a few, for the report. */
    List<String> errors() {
        List<String> out = new ArrayList<>();
        for (List<RecordingConnection> peers : List.of(agents, frameworks)) {
            for (RecordingConnection c : peers) {
                if (c.lastError() != null && out.size() < 3) {
                    out.add(c.peerPrincipal() + ": " + c.lastError());
                }
            }
        }
        return out;
    }

    /**
     * Hot swap (alloc-ops): makes {@code next} the master's allocator and runs the loop until idle,
     * i.e. the old one paused, the new one reset and resumed, and the full pass that follows a swap.
     * Returns the offers that pass made.
     */
    long swapTo(Allocator next) {
        long before = offersMade();
        master.setAllocator(next);
        run();
        return offersMade() - before;
    }

    /** Discards the master: the loop first (it may be mid-pass after a budget ran out), then the master. */
    @Override
    public void close() {
        loop.shutdown();
        master.stop();
    }

    private long offersMade() {
        long n = 0;
        for (RecordingConnection f : frameworks) {
            n += f.offersReceived();
        }
        return n;
    }

    private RecordingConnection connect(Role role, String principal) {
        RecordingConnection c = new RecordingConnection(++nextConnection, role, principal);
        handler.onOpen(c);
        return c;
    }

    private void deliver(RecordingConnection c, Envelope e) {
        handler.onMessage(c, e);
        run();
    }

    private void run() {
        loop.settle();
    }

    private static Envelope decline(RecordingConnection f, List<String> offerIds) {
        return Messages.decline(FrameworkId.of(f.assignedId()), offerIds.stream().map(OfferId::of).toList(),
                OptionalDouble.of(REFUSE_SECONDS));
    }

    private static void expectAssigned(RecordingConnection c, String what) {
        if (c.assignedId() == null) {
            throw new IllegalStateException("the master sent no " + what + " to " + c.peerPrincipal()
                    + (c.lastError() != null ? "; it answered " + c.lastError() : ""));
        }
    }
}
