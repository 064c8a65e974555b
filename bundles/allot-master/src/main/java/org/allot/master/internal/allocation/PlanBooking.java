package org.allot.master.internal.allocation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resource;
import org.allot.api.Resources;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.Revocation;
import org.allot.spi.filter.FilterResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one policy's plan against the books and books what is valid: each offer must go to a
 * registered eligible framework, on a connected agent, once per framework and agent, hold only
 * resources that framework may use (unreserved or reserved for its role) and free on the agent
 * (after the plan's earlier offers), and pass the declines and offer filters; each revocation
 * must name a live task on that agent, not already being revoked (a repeat is dropped quietly and
 * the first stands; a valid revocation is then in progress). Violations are dropped and logged (WARN, naming the
 * policy). One use per pass; event loop only.
 */
final class PlanBooking {

    private static final Logger LOG = LoggerFactory.getLogger(PlanBooking.class);

    private final String policy;
    private final Ledger ledger;
    private final PassView view;
    private final TaskIndex tasks;
    private final Revocations inProgress;

    PlanBooking(String policy, Ledger ledger, PassView view, TaskIndex tasks, Revocations inProgress) {
        this.policy = policy;
        this.ledger = ledger;
        this.view = view;
        this.tasks = tasks;
        this.inProgress = inProgress;
    }

    Plan validateAndBook(Plan proposed) {
        List<Allocation> offers = new ArrayList<>(proposed.offers().size());
        Set<Pair> seen = new HashSet<>();
        for (Allocation p : proposed.offers()) {
            String problem = problem(p, seen);
            if (problem != null) {
                LOG.warn("Allocator '{}' proposed {} of agent {} to framework {}, which is invalid: {}; dropped",
                        policy, p.resources(), p.agentId(), p.frameworkId(), problem);
                continue;
            }
            ledger.offer(ledger.framework(p.frameworkId()), ledger.agent(p.agentId()), p.resources());
            seen.add(new Pair(p.frameworkId(), p.agentId()));
            offers.add(p);
        }
        List<Revocation> revocations = new ArrayList<>(proposed.revocations().size());
        for (Revocation r : proposed.revocations()) {
            if (inProgress.inProgress(r.frameworkId(), r.taskId())) {
                LOG.debug("Allocator '{}' revoked task {} of framework {} again; its revocation is in progress",
                        policy, r.taskId(), r.frameworkId());
            } else if (runs(r)) {
                inProgress.started(r);
                revocations.add(r);
            } else {
                LOG.warn("Allocator '{}' revoked task {} of framework {} on agent {}, which does not run there;"
                        + " dropped", policy, r.taskId(), r.frameworkId(), r.agentId());
            }
        }
        return offers.isEmpty() && revocations.isEmpty() ? Plan.EMPTY : new Plan(offers, revocations);
    }

    private String problem(Allocation p, Set<Pair> seen) {
        FrameworkAccount f = ledger.framework(p.frameworkId());
        if (f == null) {
            return "the framework is not registered";
        }
        if (!f.eligible()) {
            return f.active ? "the framework suppressed offers" : "the framework's scheduler is disconnected";
        }
        AgentAccount a = ledger.agent(p.agentId());
        if (a == null) {
            return "the agent is not registered or is disconnected";
        }
        if (seen.contains(new Pair(p.frameworkId(), p.agentId()))) {
            return "the plan already has an offer of that agent to that framework";
        }
        String role = f.info.role();
        // NOTE: unreserved() is the value itself when nothing is reserved, the usual case: no set is built.
        if (p.resources().unreserved() != p.resources()) {
            for (String r : p.resources().roles()) {
                if (!r.equals(Resource.UNRESERVED) && !r.equals(role)) {
                    return "it holds resources reserved for role " + r + ", but the framework's role is " + role;
                }
            }
        }
        Resources free = a.free();
        if (!free.contains(p.resources())) {
            return "the agent has only " + (free.isEmpty() ? "nothing" : free.toString()) + " free";
        }
        FilterResult check = view.recheck(p.frameworkId(), p.agentId(), p.resources());
        return check.isAccepted() ? null : check.reason();
    }

    private boolean runs(Revocation r) {
        return ledger.agent(r.agentId()) != null && Revocations.runs(tasks, r);
    }

    private record Pair(FrameworkId frameworkId, AgentId agentId) {
    }
}
