package org.allot.master.internal.allocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferConstraints;
import org.allot.api.Resources;
import org.allot.protocol.loop.EventLoop;
import org.allot.spi.allocation.AgentState;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.FrameworkState;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.Revocation;
import org.allot.spi.filter.OfferFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's allocation core: keeps the books (agents, frameworks, roles, declines), decides
 * which agents a pass looks at, asks the bound policy ({@link Allocator}) for a plan through a
 * view of the books, validates the plan and books its offers. The master calls it on every change
 * and turns the returned plans into offers and kills; it keeps no allocation state of its own.
 *
 * <h2>Threading</h2>
 * Everything on the master's {@link EventLoop}: every method, the decline timers and the
 * {@code requestPass} callback. Not thread-safe.
 *
 * <h2>Passes</h2>
 * A full pass ({@code pass(true)}, the master's interval timer) shows the policy every agent; an
 * incremental pass ({@code pass(false)}, after a change) only the agents that changed since the
 * last pass (an offer recovered, a task ended, a decline expired, an agent added), unless a change
 * concerned every agent (a framework added, activated or revived; weights, priorities, guarantees,
 * filters or the policy changed), which makes it full. Either way agents with nothing free and agents that every
 * eligible framework has declined are left out (O(1) per agent unless the agent or some framework's
 * eligibility changed since it was last looked at; see {@link Declines#refusesAll}), and the policy
 * is not called at all when no agent is left, except on a full pass while some role has
 * {@link org.allot.spi.allocation.AllocationView#waitingSince waited} at least the revocation delay
 * (the policy may revoke for it).
 *
 * <h2>Roles and revocation</h2>
 * The engine keeps the operator's weights, priorities and guarantees (refusing guarantees that add
 * up to more than the cluster), since when each role has waited for an offer, and the revocations
 * in progress (from a plan until their task ends), and shows them to the policy in the view. A
 * swap of policies keeps all of it. A decline costs O(1) plus the agent it names; it
 * never causes a full pass.
 *
 * <h2>Accounting</h2>
 * Free, offered and used per agent and framework move only through {@link #pass} (free to
 * offered), {@link #launched} (offered to used), {@link #recoverOffered} (offered to free),
 * {@link #release} (used to free) and {@link #addUsed} (free to used). Calls naming an agent or a
 * framework the engine does not know are ignored: the master removes agents and frameworks here
 * first, and resources on them go with them.
 *
 * <h2>Errors</h2>
 * A policy that throws is logged and makes no offers in that pass. A plan's invalid parts are
 * dropped and logged (WARN, naming the policy); the rest stands.
 */
public final class AllocationEngine {

    private static final Logger LOG = LoggerFactory.getLogger(AllocationEngine.class);

    private final EventLoop loop;
    private final TaskIndex tasks;
    private final Runnable requestPass;
    private final Ledger ledger = new Ledger();
    private final Declines declines;
    private final Revocations revocations = new Revocations();
    private final Set<AgentId> changed = new HashSet<>();
    private boolean everythingChanged = true;
    private Allocator policy;
    private List<OfferFilter> filters = List.of();

    /**
     * @param loop        the master's event loop: its clock and the decline timers
     * @param tasks       the master's live tasks, for policies that revoke
     * @param requestPass asks the master for an incremental pass soon (it coalesces requests)
     */
    public AllocationEngine(EventLoop loop, TaskIndex tasks, Runnable requestPass) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.requestPass = Objects.requireNonNull(requestPass, "requestPass");
        this.declines = new Declines(loop, ledger, agentId -> {
            LOG.debug("A decline on agent {} expired", agentId);
            agentChanged(agentId);
            requestPass.run();
        });
    }

    // ----- policy and filters -----

    /**
     * Binds {@code next} (null for none: no offers): the old policy is paused and dropped, the new
     * one reset and resumed; the next pass is full.
     */
    public void usePolicy(Allocator next) {
        Allocator old = policy;
        if (old == next) {
            return;
        }
        if (old != null) {
            try {
                old.pause();
            } catch (RuntimeException e) {
                LOG.warn("Allocator '{}' failed to pause; dropping it anyway", old.name(), e);
            }
        }
        policy = null;
        if (next == null) {
            LOG.info("No allocator: the master makes no offers until one is set{}",
                    old == null ? "" : " (was '" + old.name() + "')");
            return;
        }
        try {
            next.reset();
            next.resume();
        } catch (RuntimeException e) {
            LOG.error("Allocator '{}' failed to reset or resume; using it anyway", next.name(), e);
        }
        policy = next;
        LOG.info("Allocator is now '{}'{}", next.name(), old == null ? "" : " (was '" + old.name() + "')");
        everythingChanged();
    }

    /** The bound policy, if any. */
    public Optional<Allocator> policy() {
        return Optional.ofNullable(policy);
    }

    /** The offer filters, highest ranking first; the next pass is full. */
    public void setFilters(List<OfferFilter> highestRankFirst) {
        filters = List.copyOf(highestRankFirst);
        everythingChanged();
    }

    /** Role weights (absent: 1); the next pass is full. */
    public void updateWeights(Map<String, Double> weights) {
        ledger.setWeights(weights);
        everythingChanged();
    }

    /** A role's strict priority (0 unless set; higher is offered first); the next pass is full. */
    public void setPriority(String role, int priority) {
        ledger.settings().setPriority(role, priority);
        everythingChanged();
    }

    /**
     * Sets a role's guarantee (empty: removes it), checked against the cluster; the next pass is full.
     *
     * @throws IllegalArgumentException if {@link Guarantees#check} refuses it; nothing changes then
     */
    public void setGuarantee(String role, Resources guarantee) {
        Guarantees.check(role, guarantee, ledger.settings().guarantees(), ledger.clusterTotal());
        putGuarantee(role, guarantee);
    }

    /**
     * Sets a role's guarantee checking only its form, not the cluster's size: for settings restored
     * at start, before agents have registered. A sum beyond the cluster is logged (WARN); policies
     * then give guaranteed roles whatever comes free first.
     *
     * @throws IllegalArgumentException if the guarantee is malformed (see {@link Guarantees#checkForm})
     */
    public void restoreGuarantee(String role, Resources guarantee) {
        Guarantees.checkForm(role, guarantee);
        putGuarantee(role, guarantee);
        String beyond = Guarantees.beyondCluster(ledger.settings().guarantees(), ledger.clusterTotal());
        if (beyond != null && !ledger.agents().isEmpty()) {
            LOG.warn("Restored guarantee {} of role {}: {}", guarantee, role, beyond);
        }
    }

    /** The role has no guarantee any more; the next pass is full. */
    public void removeGuarantee(String role) {
        putGuarantee(role, Resources.empty());
    }

    private void putGuarantee(String role, Resources guarantee) {
        ledger.setGuarantee(role, guarantee);
        LOG.info(guarantee.isEmpty() ? "Role {} has no guarantee" : "Role {} is guaranteed {}", role, guarantee);
        everythingChanged();
    }

    /**
     * How long a role must be starved (below its guarantee, or below its fair share while asking,
     * and offered nothing) before policies name tasks of others to revoke; default 30 s.
     */
    public void setRevocationDelay(Duration delay) {
        revocations.delay(checkNonNegative("revocation delay", delay));
    }

    /**
     * How long before a revoked task is killed its framework is told, through an inverse offer
     * (policies set each {@link org.allot.spi.allocation.Revocation#deadline()} this far ahead);
     * zero kills at once. Default 5 s.
     */
    public void setRevocationNotice(Duration notice) {
        revocations.notice(checkNonNegative("revocation notice", notice));
    }

    private static Duration checkNonNegative(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException("invalid " + what + " " + d + ": it must be zero or positive");
        }
        return d;
    }

    // ----- agents -----

    /**
     * A connected agent with what frameworks already use on it (adopted tasks, or what it had
     * before it disconnected). An agent already known is replaced.
     */
    public void addAgent(AgentId agentId, AgentInfo info, Resources total, Map<FrameworkId, Resources> used) {
        if (ledger.agent(agentId) != null) {
            removeAgent(agentId);
        }
        ledger.addAgent(agentId, info, total, used);
        changed.add(agentId);
        requestPass.run();
    }

    /** The agent is disconnected or gone; what frameworks held on it leaves their allocations. */
    public void removeAgent(AgentId agentId) {
        AgentAccount a = ledger.agent(agentId);
        if (a == null) {
            return;
        }
        ledger.removeAgent(a);
        changed.remove(agentId);
    }

    // ----- frameworks -----

    /** A framework subscribed or was recovered; {@code active} while its scheduler is connected. */
    public void addFramework(FrameworkId frameworkId, FrameworkInfo info, boolean active) {
        FrameworkAccount existing = ledger.framework(frameworkId);
        if (existing != null) {
            removeFramework(frameworkId);
        }
        ledger.addFramework(frameworkId, info, active);
        everythingChanged();
    }

    /** New info from a re-subscription; a new role moves its allocation to that role. */
    public void updateFramework(FrameworkId frameworkId, FrameworkInfo info) {
        FrameworkAccount f = ledger.framework(frameworkId);
        if (f != null) {
            ledger.updateFramework(f, info);
            everythingChanged();
        }
    }

    /** The framework's own offer constraints, which offer filters read. */
    public void setConstraints(FrameworkId frameworkId, OfferConstraints constraints) {
        FrameworkAccount f = ledger.framework(frameworkId);
        if (f != null) {
            f.constraints = Objects.requireNonNull(constraints, "constraints");
            everythingChanged();
        }
    }

    /** The framework is gone, with its declines and everything it used or held in offers. */
    public void removeFramework(FrameworkId frameworkId) {
        FrameworkAccount f = ledger.framework(frameworkId);
        if (f == null) {
            return;
        }
        declines.clear(frameworkId);
        ledger.removeFramework(f);
        everythingChanged();
    }

    public void activateFramework(FrameworkId frameworkId) {
        setFlags(frameworkId, true, null);
    }

    public void deactivateFramework(FrameworkId frameworkId) {
        setFlags(frameworkId, false, null);
    }

    /** The framework wants no offers until it revives. */
    public void suppress(FrameworkId frameworkId) {
        setFlags(frameworkId, null, true);
    }

    /** The framework wants offers again: its declines are cleared and their timers cancelled. */
    public void revive(FrameworkId frameworkId) {
        if (ledger.framework(frameworkId) == null) {
            return;
        }
        declines.clear(frameworkId);
        setFlags(frameworkId, null, false);
        everythingChanged();
    }

    private void setFlags(FrameworkId frameworkId, Boolean active, Boolean suppressed) {
        FrameworkAccount f = ledger.framework(frameworkId);
        if (f == null) {
            return;
        }
        boolean wasEligible = f.eligible();
        if (ledger.setFlags(f, active == null ? f.active : active, suppressed == null ? f.suppressed : suppressed)
                && !wasEligible) {
            everythingChanged();
        }
    }

    // ----- resources -----

    /**
     * The framework declined {@code resources} of the agent: they are not offered to it again,
     * unless within a bigger offer, until {@code refuse} has passed or it revives. A zero refuse
     * records nothing. Call after {@link #recoverOffered}.
     */
    public void decline(FrameworkId frameworkId, AgentId agentId, Resources resources, Duration refuse) {
        if (ledger.framework(frameworkId) != null) {
            declines.add(frameworkId, agentId, resources, refuse);
        }
    }

    /** Offered to used: tasks launched on an accepted offer. */
    public void launched(FrameworkId frameworkId, AgentId agentId, Resources resources) {
        AgentAccount a = ledger.agent(agentId);
        if (a != null) {
            ledger.launched(frameworkId, a, resources);
        }
    }

    /** Offered to free: declined, rescinded, timed out, or the unused part of an Accept. */
    public void recoverOffered(FrameworkId frameworkId, AgentId agentId, Resources resources) {
        AgentAccount a = ledger.agent(agentId);
        if (a != null && !resources.isEmpty()) {
            ledger.recoverOffered(frameworkId, a, resources);
            agentChanged(agentId);
            requestPass.run();
        }
    }

    /** Used to free: a task or executor ended. */
    public void release(FrameworkId frameworkId, AgentId agentId, Resources resources) {
        AgentAccount a = ledger.agent(agentId);
        if (a != null && !resources.isEmpty()) {
            ledger.release(frameworkId, a, resources);
            agentChanged(agentId);
            requestPass.run();
        }
    }

    // ----- passes -----

    /**
     * One allocation pass: the policy's plan, validated, its offers booked as offered. Full if
     * asked, or if a change since the last pass concerned every agent.
     */
    public Plan pass(boolean full) {
        boolean everything = full || everythingChanged;
        Allocator p = policy;
        List<AgentAccount> candidates = p == null ? List.of() : candidates(everything);
        everythingChanged = false;
        changed.clear();
        Instant now = loop.now();
        boolean someStarved = revocations.tick(ledger.roles(), now);
        // NOTE: with nothing free the policy is still asked on a full pass when a role has waited
        // the revocation delay: it may revoke. Otherwise a full cluster would starve a role forever.
        if (p == null || (candidates.isEmpty() && !(full && someStarved))) {
            return Plan.EMPTY;
        }
        revocations.prune(tasks);
        PassView view = new PassView(now, ledger, declines, filters, tasks, candidates, revocations);
        Plan proposed;
        try {
            proposed = p.allocate(view);
        } catch (RuntimeException e) {
            LOG.error("Allocator '{}' failed in allocate(); no offers in this pass", p.name(), e);
            return Plan.EMPTY;
        }
        if (proposed == null) {
            LOG.error("Allocator '{}' returned no plan (null); return Plan.EMPTY for nothing", p.name());
            return Plan.EMPTY;
        }
        Plan plan = new PlanBooking(p.name(), ledger, view, tasks, revocations).validateAndBook(proposed);
        for (Allocation a : plan.offers()) {
            revocations.offered(ledger.framework(a.frameworkId()).info.role(), now);
        }
        LOG.debug("{} allocation pass with '{}': {} of {} agents looked at, {} offers, {} revocations",
                everything ? "Full" : "Incremental", p.name(), candidates.size(), ledger.agents().size(),
                plan.offers().size(), plan.revocations().size());
        return plan;
    }

    private List<AgentAccount> candidates(boolean everything) {
        int eligible = ledger.eligibleCount();
        long epoch = ledger.eligibilityEpoch();
        List<AgentAccount> out = new ArrayList<>();
        if (eligible == 0) {
            return out;
        }
        if (everything) {
            for (AgentAccount a : ledger.agents()) {
                if (offerable(a, eligible, epoch)) {
                    out.add(a);
                }
            }
            return out;
        }
        List<AgentId> ids = new ArrayList<>(changed);
        Collections.sort(ids);
        for (AgentId id : ids) {
            AgentAccount a = ledger.agent(id);
            if (a != null && offerable(a, eligible, epoch)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Something free, and not declined by every eligible framework. */
    private boolean offerable(AgentAccount a, int eligible, long epoch) {
        return !a.free().isEmpty() && !declines.refusesAll(a, eligible, epoch);
    }

    private void agentChanged(AgentId agentId) {
        if (ledger.agent(agentId) != null) {
            changed.add(agentId);
        }
    }

    private void everythingChanged() {
        everythingChanged = true;
        requestPass.run();
    }

    // ----- operator views -----

    /** {@link org.allot.api.DominantShare} of the framework's allocation; 0 if unknown. */
    public double dominantShare(FrameworkId frameworkId) {
        FrameworkAccount f = ledger.framework(frameworkId);
        return f == null ? 0 : f.dominantShare();
    }

    /** What the framework holds in outstanding offers; empty if unknown. */
    public Resources offered(FrameworkId frameworkId) {
        FrameworkAccount f = ledger.framework(frameworkId);
        return f == null ? Resources.empty() : f.offered.get();
    }

    /** What the framework uses plus what it holds in offers, on connected agents; empty if unknown. */
    public Resources allocation(FrameworkId frameworkId) {
        FrameworkAccount f = ledger.framework(frameworkId);
        return f == null ? Resources.empty() : f.allocation.get();
    }

    /** A connected agent's books (live: read them on the loop only); empty if unknown or disconnected. */
    public Optional<AgentState> agent(AgentId agentId) {
        return Optional.ofNullable(ledger.agent(agentId));
    }

    /** A framework's books (live: read them on the loop only); empty if unknown. */
    public Optional<FrameworkState> framework(FrameworkId frameworkId) {
        return Optional.ofNullable(ledger.framework(frameworkId));
    }

    /**
     * Every role that has a framework, a weight, a priority or a guarantee, by name, with its
     * settings and books (copies).
     */
    public List<RoleSnapshot> roles() {
        RoleSettings settings = ledger.settings();
        Set<String> names = new TreeSet<>(settings.names());
        ledger.roles().forEach(r -> names.add(r.name()));
        List<RoleSnapshot> out = new ArrayList<>(names.size());
        for (String name : names) {
            RoleAccount r = ledger.role(name);
            out.add(new RoleSnapshot(name, settings.weight(name), settings.priority(name), settings.guarantee(name),
                    r == null ? Resources.empty() : r.allocation.get(), r == null ? 0 : r.dominantShare(),
                    r == null ? 0 : r.members));
        }
        return out;
    }

    /** The revocations in progress (for tests and diagnostics). */
    public Collection<Revocation> revocationsInProgress() {
        return List.copyOf(revocations.inProgress());
    }

    /** How many declines are in force (for tests and diagnostics). */
    long declinesInForce() {
        return declines.size();
    }
}
