package org.allot.master.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.allot.api.FrameworkId;
import org.allot.api.Offer;
import org.allot.api.Resources;
import org.allot.master.internal.allocation.RoleSnapshot;
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
    private final RevocationRoom revocations;
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

    AllocationLoop(Core core, OfferBook offers, RevocationRoom revocations) {
        this.core = core;
        this.offers = offers;
        this.revocations = revocations;
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
        if (!plan.revocations().isEmpty()) {
            revocations.forgetGone();
        }
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

    /** Hands the revocation to {@link RevocationRoom}: an inverse offer first if it has time, else a kill. */
    private void revoke(Revocation r) {
        revocations.revoke(r, r.killAt());
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

    /** Checks a role name an operator gives; any thread. */
    static void checkRole(String role) {
        if (role == null || role.isBlank() || role.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid role '" + role + "': give a role name without whitespace");
        }
    }

    /** Checks a role weight an operator gives; any thread. */
    static void checkWeight(String role, double weight) {
        checkRole(role);
        if (!Double.isFinite(weight) || weight <= 0) {
            throw new IllegalArgumentException("invalid weight " + weight + " for role " + role
                    + ": it must be finite and positive");
        }
    }

    void setWeight(String role, double weight) {
        weights.put(role, weight);
        core.engine.updateWeights(Map.copyOf(weights));
    }

    // Roles: priorities, guarantees, revocation (the operator's settings; alloc-ops persists them).

    /** A role's strict priority: 0 unless set; higher is offered first by a priority policy. */
    void setPriority(String role, int priority) {
        checkRole(role);
        core.engine.setPriority(role, priority);
    }

    /**
     * A role's guaranteed minimum, e.g. {@code cpus:8;mem:16384} (empty: removes it).
     *
     * @throws IllegalArgumentException if the role name is invalid, the guarantee holds reserved or
     *                                  non-scalar resources, or all guarantees together would exceed the
     *                                  cluster's total (the message names the resource, the sum and the total);
     *                                  nothing changes then
     */
    void setGuarantee(String role, Resources guarantee) {
        checkRole(role);
        core.engine.setGuarantee(role, guarantee);
    }

    /**
     * As {@link #setGuarantee} without the check against the cluster's total: for guarantees restored
     * from persisted settings at start, before agents have registered.
     */
    void restoreGuarantee(String role, Resources guarantee) {
        checkRole(role);
        core.engine.restoreGuarantee(role, guarantee);
    }

    void removeGuarantee(String role) {
        checkRole(role);
        core.engine.removeGuarantee(role);
    }

    /** Every role with a framework, a weight, a priority or a guarantee, by name (copies). */
    List<RoleSnapshot> roles() {
        return core.engine.roles();
    }

    /** How long a role must be starved before policies name revocations for it; default 30 s. */
    void setRevocationDelay(Duration delay) {
        core.engine.setRevocationDelay(delay);
    }

    /**
     * How long before a revoked task is killed its framework is told (the revocation's deadline:
     * inverse offer first, kill at the deadline); zero: at once. Default 5 s.
     */
    void setRevocationNotice(Duration notice) {
        core.engine.setRevocationNotice(notice);
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
