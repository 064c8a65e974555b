package org.allot.master.internal.allocation;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;

/**
 * The allocation books: connected agents, frameworks and roles, and every move of resources
 * between free, offered and used, each kept consistent on all three levels (agent, framework,
 * role) in time proportional to the resources moved, never to the size of the cluster. The
 * cluster total is summed again only after an agent leaves or changes (ranges and sets cannot be
 * subtracted from a sum safely). Event loop only.
 *
 * <p>NOTE: the cluster-wide sums of frameworks and roles (allocation, offered) keep scalars only:
 * ranges and sets of different agents do not add up ({@link ScalarSum}).
 *
 * <p>A role has books while it has a framework or a guarantee.
 *
 * <p>NOTE: usage may name a framework the books do not know yet (an agent re-registers after a
 * master failover before the framework's scheduler re-subscribes): it is kept on the agent and
 * counted for the framework when it is added.
 */
final class Ledger {

    private final Map<AgentId, AgentAccount> agents = new TreeMap<>();
    private final Map<FrameworkId, FrameworkAccount> frameworks = new HashMap<>();
    private final Map<String, RoleAccount> roles = new TreeMap<>();
    private final RoleSettings settings = new RoleSettings();
    private Resources clusterTotal = Resources.empty();
    private boolean totalStale;
    private int eligibleCount;
    /** Changes whenever a framework becomes eligible or stops being so. */
    private long eligibilityEpoch;

    // ----- reads -----

    AgentAccount agent(AgentId id) {
        return agents.get(id);
    }

    Collection<AgentAccount> agents() {
        return agents.values();
    }

    FrameworkAccount framework(FrameworkId id) {
        return frameworks.get(id);
    }

    Collection<RoleAccount> roles() {
        return roles.values();
    }

    RoleAccount role(String name) {
        return roles.get(name);
    }

    /** Frameworks that may be offered now (active, not suppressed). */
    int eligibleCount() {
        return eligibleCount;
    }

    long eligibilityEpoch() {
        return eligibilityEpoch;
    }

    double weight(String role) {
        return settings.weight(role);
    }

    /** The operator's weights, priorities and guarantees. */
    RoleSettings settings() {
        return settings;
    }

    Resources clusterTotal() {
        if (totalStale) {
            Resources sum = Resources.empty();
            for (AgentAccount a : agents.values()) {
                sum = sum.add(a.total());
            }
            clusterTotal = sum;
            totalStale = false;
        }
        return clusterTotal;
    }

    void setWeights(Map<String, Double> next) {
        settings.setWeights(next);
    }

    /**
     * Sets a role's guarantee (empty: none). A role with a guarantee has books even without
     * frameworks, so that policies see it and hold resources back for it.
     */
    void setGuarantee(String role, Resources guarantee) {
        settings.setGuarantee(role, guarantee);
        if (!guarantee.isEmpty()) {
            roles.computeIfAbsent(role, r -> new RoleAccount(r, this));
        } else {
            RoleAccount account = roles.get(role);
            if (account != null && account.members == 0) {
                roles.remove(role);
            }
        }
    }

    // ----- agents -----

    AgentAccount addAgent(AgentId id, AgentInfo info, Resources total, Map<FrameworkId, Resources> used) {
        AgentAccount a = new AgentAccount(id, info, total);
        agents.put(id, a);
        if (!totalStale) {
            clusterTotal = clusterTotal.add(total);
        }
        used.forEach((f, r) -> addUsed(f, a, r));
        return a;
    }

    /** Forgets the agent; what frameworks held on it leaves their allocations. */
    void removeAgent(AgentAccount a) {
        agents.remove(a.id());
        totalStale = true;
        a.used.forEach((f, r) -> uncharge(frameworks.get(f), r, false));
        a.offered.forEach((f, r) -> uncharge(frameworks.get(f), r, true));
    }

    // ----- frameworks -----

    /** Adds the framework, counting what agents already report it holds (O(agents), once). */
    FrameworkAccount addFramework(FrameworkId id, FrameworkInfo info, boolean active) {
        FrameworkAccount f = new FrameworkAccount(id, info, active, this);
        frameworks.put(id, f);
        RoleAccount role = roles.computeIfAbsent(info.role(), r -> new RoleAccount(r, this));
        role.members++;
        for (AgentAccount a : agents.values()) {
            Resources used = a.used.get(id);
            if (used != null) {
                charge(f, used, false);
            }
            Resources offered = a.offered.get(id);
            if (offered != null) {
                charge(f, offered, true);
            }
        }
        if (f.eligible()) {
            enroll(f);
        }
        return f;
    }

    /** Updates info; a new role moves the framework's allocation to it. */
    void updateFramework(FrameworkAccount f, FrameworkInfo info) {
        if (f.info.role().equals(info.role())) {
            f.info = info;
            return;
        }
        boolean eligible = f.eligible();
        if (eligible) {
            withdraw(f);
        }
        leaveRole(f);
        f.info = info;
        RoleAccount role = roles.computeIfAbsent(info.role(), r -> new RoleAccount(r, this));
        role.members++;
        role.allocation.add(f.allocation.get());
        role.allocationCount += f.allocationCount;
        if (eligible) {
            enroll(f);
        }
    }

    /** Forgets the framework and everything it holds on every agent (O(agents), once). */
    void removeFramework(FrameworkAccount f) {
        if (f.eligible()) {
            withdraw(f);
        }
        leaveRole(f);
        frameworks.remove(f.id());
        for (AgentAccount a : agents.values()) {
            Resources used = a.used.get(f.id());
            if (used != null) {
                a.takeUsed(f.id(), used);
            }
            Resources offered = a.offered.get(f.id());
            if (offered != null) {
                a.takeOffered(f.id(), offered);
            }
        }
    }

    /** Sets the flags; returns whether eligibility changed. */
    boolean setFlags(FrameworkAccount f, boolean active, boolean suppressed) {
        boolean was = f.eligible();
        f.active = active;
        f.suppressed = suppressed;
        boolean now = f.eligible();
        if (was && !now) {
            withdraw(f);
        } else if (!was && now) {
            enroll(f);
        }
        return was != now;
    }

    private void enroll(FrameworkAccount f) {
        roles.get(f.info.role()).eligible.put(f.id(), f);
        eligibleCount++;
        eligibilityEpoch++;
    }

    private void withdraw(FrameworkAccount f) {
        roles.get(f.info.role()).eligible.remove(f.id());
        eligibleCount--;
        eligibilityEpoch++;
    }

    private void leaveRole(FrameworkAccount f) {
        RoleAccount role = roles.get(f.info.role());
        role.allocation.subtractSaturating(f.allocation.get());
        role.allocationCount -= f.allocationCount;
        if (--role.members == 0 && settings.guarantee(role.name()).isEmpty()) {
            roles.remove(role.name());
        }
    }

    // ----- moves; a null framework (not known yet) moves resources on the agent's books only -----

    /** Free to offered: an offer is made. */
    void offer(FrameworkAccount f, AgentAccount a, Resources r) {
        a.addOffered(f.id(), r);
        charge(f, r, true);
        f.allocationCount++;
        roles.get(f.info.role()).allocationCount++;
    }

    /** Offered to free: declined, rescinded, timed out, or left unused by an Accept. */
    void recoverOffered(FrameworkId fid, AgentAccount a, Resources r) {
        uncharge(frameworks.get(fid), a.takeOffered(fid, r), true);
    }

    /** Offered to used: tasks launched on an accepted offer. */
    void launched(FrameworkId fid, AgentAccount a, Resources r) {
        Resources moved = a.moveToUsed(fid, r);
        if (moved.isEmpty()) {
            return;
        }
        FrameworkAccount f = frameworks.get(fid);
        if (f != null) {
            f.offered.subtractSaturating(moved);
        }
    }

    /** Used to free: a task or executor ended. */
    void release(FrameworkId fid, AgentAccount a, Resources r) {
        uncharge(frameworks.get(fid), a.takeUsed(fid, r), false);
    }

    /** Free to used without an offer: what an agent reports in use when it is added. */
    private void addUsed(FrameworkId fid, AgentAccount a, Resources r) {
        if (r.isEmpty()) {
            return;
        }
        a.addUsed(fid, r);
        FrameworkAccount f = frameworks.get(fid);
        if (f != null) {
            charge(f, r, false);
        }
    }

    private void charge(FrameworkAccount f, Resources all, boolean offered) {
        f.allocation.add(all);
        if (offered) {
            f.offered.add(all);
        }
        roles.get(f.info.role()).allocation.add(all);
    }

    private void uncharge(FrameworkAccount f, Resources all, boolean offered) {
        if (f == null || all.isEmpty()) {
            return;
        }
        f.allocation.subtractSaturating(all);
        if (offered) {
            f.offered.subtractSaturating(all);
        }
        roles.get(f.info.role()).allocation.subtractSaturating(all);
    }
}
