package org.allot.master.internal.allocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.spi.allocation.AllocationView;
import org.allot.spi.allocation.Revocation;
import org.allot.spi.allocation.TaskRef;
import org.allot.spi.filter.Decline;
import org.allot.spi.filter.FilterResult;
import org.allot.spi.filter.OfferCandidate;
import org.allot.spi.filter.OfferFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AllocationView} of one pass, straight over the {@link Ledger} (no copies). Also
 * remembers which candidates its {@link #check} accepted, so plan validation does not ask the
 * filters twice. Valid for one pass; event loop only.
 */
final class PassView implements AllocationView {

    private static final Logger LOG = LoggerFactory.getLogger(PassView.class);

    private final Instant now;
    private final Ledger ledger;
    private final Declines declines;
    private final List<OfferFilter> filters;
    private final TaskIndex tasks;
    private final List<AgentAccount> candidates;
    private final Revocations revocations;
    private final Set<Checked> accepted = new HashSet<>();
    /** The agent {@link #refuses} asked about last, and its declines (null: none). */
    private AgentId refusalsAgent;
    private Map<FrameworkId, Declines.Entry> refusalsHere;

    PassView(Instant now, Ledger ledger, Declines declines, List<OfferFilter> filters, TaskIndex tasks,
             List<AgentAccount> candidates, Revocations revocations) {
        this.now = now;
        this.revocations = revocations;
        this.ledger = ledger;
        this.declines = declines;
        this.filters = filters;
        this.tasks = tasks;
        this.candidates = Collections.unmodifiableList(candidates);
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Resources clusterTotal() {
        return ledger.clusterTotal();
    }

    @Override
    public Collection<AgentAccount> candidates() {
        return candidates;
    }

    @Override
    public Optional<AgentAccount> agent(AgentId agentId) {
        return Optional.ofNullable(ledger.agent(agentId));
    }

    @Override
    public Collection<RoleAccount> roles() {
        List<RoleAccount> withEligible = new ArrayList<>();
        for (RoleAccount r : ledger.roles()) {
            if (!r.eligible.isEmpty()) {
                withEligible.add(r);
            }
        }
        return withEligible;
    }

    @Override
    public Optional<RoleAccount> role(String name) {
        RoleAccount r = ledger.role(name);
        return r == null || r.eligible.isEmpty() ? Optional.empty() : Optional.of(r);
    }

    @Override
    public Optional<FrameworkAccount> framework(FrameworkId frameworkId) {
        return Optional.ofNullable(ledger.framework(frameworkId));
    }

    @Override
    public Collection<AgentAccount> agents() {
        return Collections.unmodifiableCollection(ledger.agents());
    }

    @Override
    public Collection<RoleAccount> allRoles() {
        return Collections.unmodifiableCollection(ledger.roles());
    }

    @Override
    public Optional<Instant> waitingSince(String role) {
        return revocations.waitingSince(role);
    }

    @Override
    public Duration revocationDelay() {
        return revocations.delay();
    }

    @Override
    public Duration revocationNotice() {
        return revocations.notice();
    }

    @Override
    public Collection<Revocation> revocations() {
        return revocations.inProgress();
    }

    @Override
    public boolean refuses(FrameworkId frameworkId, AgentId agentId, Resources resources) {
        // NOTE: policies ask about many frameworks for one agent in a row: the agent's declines
        // are looked up once, then one lookup per framework (none when the agent has no declines).
        if (!agentId.equals(refusalsAgent)) {
            refusalsAgent = agentId;
            refusalsHere = declines.onAgent(agentId);
        }
        return Declines.refuses(refusalsHere, frameworkId, resources);
    }

    @Override
    public FilterResult check(FrameworkId frameworkId, AgentId agentId, Resources resources) {
        FilterResult r = decide(frameworkId, agentId, resources);
        if (r.isAccepted() && !filters.isEmpty()) {
            accepted.add(new Checked(frameworkId, agentId, resources));
        }
        return r;
    }

    /** Whether {@link #check} accepted exactly this during the pass, or the check accepts it now. */
    FilterResult recheck(FrameworkId frameworkId, AgentId agentId, Resources resources) {
        if (filters.isEmpty() ? !refuses(frameworkId, agentId, resources)
                : accepted.contains(new Checked(frameworkId, agentId, resources))) {
            return FilterResult.accept();
        }
        return decide(frameworkId, agentId, resources);
    }

    private FilterResult decide(FrameworkId frameworkId, AgentId agentId, Resources resources) {
        if (filters.isEmpty() && !refuses(frameworkId, agentId, resources)) {
            return FilterResult.accept(); // NOTE: the common case, from the agent's declines already at hand
        }
        Decline d = declines.on(frameworkId, agentId);
        if (d != null && d.resources().contains(resources)) {
            return FilterResult.refuse("framework " + frameworkId + " declined " + d.resources() + " of agent "
                    + agentId + " until " + d.until() + "; it is offered again then, or when it revives offers");
        }
        if (filters.isEmpty()) {
            return FilterResult.accept();
        }
        FrameworkAccount f = ledger.framework(frameworkId);
        AgentAccount a = ledger.agent(agentId);
        if (f == null) {
            return FilterResult.refuse("framework " + frameworkId + " is not registered");
        }
        if (a == null) {
            return FilterResult.refuse("agent " + agentId + " is not registered or is disconnected");
        }
        OfferCandidate candidate = new OfferCandidate(frameworkId, f.info, a.info(), resources, a.free(), now,
                f.constraints, d == null ? List.of() : List.of(d));
        for (OfferFilter filter : filters) {
            try {
                FilterResult result = filter.check(candidate);
                if (!result.isAccepted()) {
                    return result;
                }
            } catch (RuntimeException e) {
                LOG.warn("Offer filter '{}' failed; treating it as a refusal", filter.name(), e);
                return FilterResult.refuse("offer filter '" + filter.name() + "' failed: " + e);
            }
        }
        return FilterResult.accept();
    }

    @Override
    public Collection<TaskRef> tasks(AgentId agentId) {
        return tasks.tasksOn(agentId);
    }

    /**
     * A candidate the check accepted. NOTE: the resources compare by identity: policies offer the
     * very value they checked, and hashing a {@link Resources} walks it. An equal copy is simply
     * checked again.
     */
    private static final class Checked {
        private final FrameworkId frameworkId;
        private final AgentId agentId;
        private final Resources resources;

        Checked(FrameworkId frameworkId, AgentId agentId, Resources resources) {
            this.frameworkId = frameworkId;
            this.agentId = agentId;
            this.resources = resources;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Checked c && c.resources == resources && c.frameworkId.equals(frameworkId)
                    && c.agentId.equals(agentId);
        }

        @Override
        public int hashCode() {
            return (frameworkId.hashCode() * 31 + agentId.hashCode()) * 31 + System.identityHashCode(resources);
        }
    }
}
