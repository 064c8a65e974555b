package org.allot.master.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.allot.api.FrameworkId;
import org.allot.api.Offer;
import org.allot.protocol.Messages;
import org.allot.protocol.loop.EventLoop;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.Revocation;
import org.allot.spi.filter.OfferFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocation loop: runs a pass of the allocation engine after a change (coalesced: many
 * changes, one pass, over the changed agents only) and on a fixed interval (over all agents),
 * turns the plan's offers into offers in the {@link OfferBook} and sends them, one message per
 * framework, and carries out its revocations. It also keeps the allocators the master can use and
 * the offer filters, and swaps the active allocator: the engine owns the books, so the new policy
 * simply decides the next pass. Outstanding offers and running tasks are untouched by a swap.
 *
 * <p>Threading: the master's event loop only; the public-facing methods of {@link Master} post here.
 */
final class AllocationLoop {

    private static final Logger LOG = LoggerFactory.getLogger(AllocationLoop.class);

    private final Core core;
    private final OfferBook offers;
    private final Map<String, Allocator> available = new TreeMap<>();
    private final List<RankedFilter> filters = new ArrayList<>();
    private final Map<String, Double> weights = new TreeMap<>();
    private long filterSeq;
    private boolean passQueued;
    private boolean running;
    private EventLoop.Timer intervalTimer;

    private record RankedFilter(OfferFilter filter, int ranking, long seq) {
        static final Comparator<RankedFilter> ORDER = Comparator.comparingInt(RankedFilter::ranking).reversed()
                .thenComparingLong(RankedFilter::seq);
    }

    AllocationLoop(Core core, OfferBook offers) {
        this.core = core;
        this.offers = offers;
        core.onPassRequest(this::requestPass);
    }

    /** Starts the interval timer. */
    void start() {
        if (!running) {
            running = true;
            scheduleInterval();
            requestPass();
        }
    }

    void stop() {
        running = false;
        if (intervalTimer != null) {
            intervalTimer.cancel();
        }
    }

    /** The interval changed: re-arm the timer. */
    void intervalChanged() {
        if (running) {
            intervalTimer.cancel();
            scheduleInterval();
        }
    }

    private void scheduleInterval() {
        intervalTimer = core.loop.schedule(core.config().allocationInterval(), () -> {
            if (running) {
                pass(true);
                scheduleInterval();
            }
        });
    }

    private void requestPass() {
        if (!passQueued && running) {
            passQueued = true;
            core.loop.execute(() -> {
                passQueued = false;
                pass(false);
            });
        }
    }

    /** One pass: the engine's plan becomes offers, sent per framework, and revocations. */
    void pass(boolean full) {
        if (!running || !core.leadership.leading() || core.engine.policy().isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Plan plan = core.engine.pass(full);
        Map<FrameworkId, List<Offer>> made = new TreeMap<>();
        for (Allocation a : plan.offers()) {
            FrameworkEntry f = core.registry.frameworks.get(a.frameworkId());
            AgentEntry agent = core.registry.agents.get(a.agentId());
            if (f == null || agent == null || !f.connected() || !agent.connected()) {
                // The engine books only what it knows; a stale entry is a bug worth seeing once.
                LOG.warn("Allocation pass planned an offer to framework {} on agent {}, which the registry does not"
                        + " have connected; giving it back", a.frameworkId(), a.agentId());
                offers.giveBack(a.frameworkId(), a.agentId(), a.resources());
                continue;
            }
            made.computeIfAbsent(f.id, k -> new ArrayList<>()).add(offers.make(f, agent, a.resources()));
        }
        made.forEach((fid, list) -> core.toFramework(core.registry.frameworks.get(fid), Messages.offers(list)));
        for (Revocation r : plan.revocations()) {
            revoke(r);
        }
        core.metrics.pass(System.nanoTime() - started);
        if (LOG.isDebugEnabled()) {
            LOG.debug("Allocation pass ({}) with '{}': {} offers, {} revocations", full ? "all agents" : "changed agents",
                    core.engine.policy().map(Allocator::name).orElse(""), plan.offers().size(),
                    plan.revocations().size());
        }
    }

    private void revoke(Revocation r) {
        FrameworkEntry f = core.registry.frameworks.get(r.frameworkId());
        TaskEntry t = f == null ? null : f.tasks.get(r.taskId());
        if (t == null) {
            return;
        }
        LOG.info("Revoking task {} of framework {} on agent {}: {}", r.taskId(), f.describe(), t.agentId, r.reason());
        core.toAgent(core.registry.agents.get(t.agentId), Messages.killTask(f.id, r.taskId()));
    }

    // Allocators and filters.

    Optional<Allocator> active() {
        return core.engine.policy();
    }

    List<String> availableNames() {
        TreeSet<String> names = new TreeSet<>(available.keySet());
        active().ifPresent(a -> names.add(a.name()));
        return List.copyOf(names);
    }

    /** Makes {@code next} (or none) the active allocator. */
    void use(Allocator next) {
        Allocator old = active().orElse(null);
        if (old == next) {
            return;
        }
        if (next != null) {
            available.put(next.name(), next);
        }
        core.engine.usePolicy(next); // a new policy makes the next pass full, and asks for it
        if (next == null) {
            LOG.warn("No allocator: the master makes no offers until one is available or chosen");
        }
    }

    /** Selects an available allocator by name (the operator's choice). */
    void use(String name) {
        Allocator a = available.get(name);
        if (a == null) {
            throw new IllegalArgumentException("unknown allocator '" + name + "'; available: " + available.keySet());
        }
        use(a);
    }

    /**
     * Makes {@code a} selectable by name. Which allocator is active is decided by whoever binds
     * them (in OSGi, {@link AllocatorChoice} in {@link MasterComponent}), not here.
     */
    void addAvailable(Allocator a) {
        available.put(a.name(), a);
    }

    /** {@code a} goes away: forgotten; if it is still the active one, the master is left without one. */
    void removeAvailable(Allocator a) {
        available.remove(a.name(), a);
        if (active().orElse(null) == a) {
            use((Allocator) null);
        }
    }

    /** Checks a role weight an operator gives; any thread. */
    static void checkWeight(String role, double weight) {
        if (role == null || role.isBlank() || role.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid role '" + role + "': give a role name without whitespace");
        }
        if (!Double.isFinite(weight) || weight <= 0) {
            throw new IllegalArgumentException("invalid weight " + weight + " for role " + role
                    + ": it must be finite and positive");
        }
    }

    void setWeight(String role, double weight) {
        weights.put(role, weight);
        core.engine.updateWeights(Map.copyOf(weights));
    }

    void addFilter(OfferFilter filter, int ranking) {
        filters.add(new RankedFilter(filter, ranking, filterSeq++));
        filters.sort(RankedFilter.ORDER);
        core.engine.setFilters(filters.stream().map(RankedFilter::filter).toList());
        LOG.info("Added offer filter '{}' (ranking {})", filter.name(), ranking);
    }

    void removeFilter(OfferFilter filter) {
        if (filters.removeIf(r -> r.filter == filter)) {
            core.engine.setFilters(filters.stream().map(RankedFilter::filter).toList());
            LOG.info("Removed offer filter '{}'", filter.name());
        }
    }
}
