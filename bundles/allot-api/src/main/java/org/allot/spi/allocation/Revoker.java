package org.allot.spi.allocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.allot.api.AgentId;
import org.allot.api.DominantShare;
import org.allot.api.Resource;
import org.allot.api.Resources;
import org.allot.api.TaskId;

/**
 * The revocations of one {@link SortingAllocator} pass (its javadoc states the rules). A role is
 * starved when it has {@link AllocationView#waitingSince waited} at least the revocation delay,
 * was offered nothing in this pass, and is below its guarantee or below its fair share (weight /
 * sum of the weights of the roles that have an eligible framework or an allocation). Its need, the
 * unmet guarantee or the missing dominant share, less what is free and what revocations in
 * progress bring back, is covered by tasks of other roles, lowest priority and highest weighted
 * share first, each victim keeping its guarantee (for a guarantee's need) and also its fair share
 * (for a fair share's need). One pass; the pass's thread only.
 *
 * <p>Worked numbers: cluster {@code cpus:10;mem:10240}, batch runs ten tasks of {@code cpus:1;mem:1024};
 * prod is guaranteed {@code cpus:3}, holds nothing and waited 30 s. Need cpus 3, nothing free: three
 * batch tasks are named (batch keeps 7 of 10, above its guarantee, none). Had prod no guarantee,
 * its fair share would be 0.5 (weights 1 and 1), its need 0.5 of dominant share: five tasks, leaving
 * batch at its own fair share 0.5.
 */
final class Revoker {

    private static final double EPSILON = 1e-9;

    private final AllocationView view;
    private final Resources cluster;
    private final Map<String, Resources> allocation = new HashMap<>();
    private final Map<String, Double> fair = new HashMap<>();
    /** The unmet guarantees of starved roles, in thousandths per resource name. */
    private final Map<String, Long> guaranteeNeed = new TreeMap<>();
    private double shareNeed;
    private final List<String> starved = new ArrayList<>();

    private record Victim(RoleState role, List<Held> tasks) {
    }

    private record Held(AgentId agentId, TaskRef task) {
    }

    private Revoker(AllocationView view) {
        this.view = view;
        this.cluster = view.clusterTotal();
    }

    /**
     * The revocations this pass names; empty unless some role is starved.
     *
     * @param offeredThisPass the roles the pass offered something, with their standing (such a
     *                        role is not starved; its allocation counts the offers)
     */
    static List<Revocation> plan(AllocationView view, Map<String, SortingAllocator.Standing> offeredThisPass) {
        Instant starvedBefore = view.now().minus(view.revocationDelay());
        List<RoleState> waited = new ArrayList<>();
        for (RoleState r : view.roles()) {
            if (!offeredThisPass.containsKey(r.name())
                    && view.waitingSince(r.name()).map(since -> !since.isAfter(starvedBefore)).orElse(false)) {
                waited.add(r);
            }
        }
        if (waited.isEmpty() || view.clusterTotal().isEmpty()) {
            return List.of();
        }
        Revoker r = new Revoker(view);
        return r.needs(waited, offeredThisPass) ? r.choose() : List.of();
    }

    /** Computes fair shares and the starved roles' needs; whether anything is needed. */
    private boolean needs(List<RoleState> waited, Map<String, SortingAllocator.Standing> offeredThisPass) {
        double weights = 0;
        for (RoleState r : view.allRoles()) {
            SortingAllocator.Standing offered = offeredThisPass.get(r.name());
            Resources a = offered == null ? r.allocation() : offered.allocation();
            allocation.put(r.name(), a);
            if (!r.frameworks().isEmpty() || !a.isEmpty()) {
                weights += r.weight();
            }
        }
        for (RoleState r : view.allRoles()) {
            fair.put(r.name(), weights == 0 ? 0 : r.weight() / weights);
        }
        for (RoleState r : waited) {
            Map<String, Long> missing = Headroom.missing(r.guarantee(), allocation.get(r.name()));
            double lack = fair.get(r.name()) - DominantShare.of(allocation.get(r.name()), cluster);
            if (!missing.isEmpty()) {
                missing.forEach((name, v) -> guaranteeNeed.merge(name, v, Long::sum));
                starved.add(r.name() + " (below its guarantee " + r.guarantee() + ")");
            } else if (lack > EPSILON) {
                shareNeed += lack;
                starved.add(r.name() + String.format(Locale.ROOT, " (below its fair share %.2f)", fair.get(r.name())));
            }
        }
        // What is free, and what revocations in progress bring back, covers need first.
        Resources free = Resources.empty();
        for (AgentState a : view.agents()) {
            free = free.add(scalars(a.free().unreserved()));
        }
        cover(free);
        return covered() ? false : !starved.isEmpty();
    }

    private List<Revocation> choose() {
        Set<TaskId> inProgress = new HashSet<>();
        Map<String, Victim> victims = new TreeMap<>();
        for (RoleState r : view.allRoles()) {
            victims.put(r.name(), new Victim(r, new ArrayList<>()));
        }
        for (Revocation r : view.revocations()) {
            inProgress.add(r.taskId());
        }
        for (AgentState a : view.agents()) {
            for (TaskRef t : view.tasks(a.id())) {
                if (inProgress.contains(t.taskId())) {
                    cover(t.resources());
                    continue;
                }
                view.framework(t.frameworkId()).map(FrameworkState::role).map(victims::get)
                        .ifPresent(v -> v.tasks.add(new Held(a.id(), t)));
            }
        }
        List<Revocation> out = new ArrayList<>();
        if (covered()) {
            return out;
        }
        List<Victim> order = new ArrayList<>(victims.values());
        order.sort(Comparator.comparingInt((Victim v) -> v.role.priority())
                .thenComparing(v -> -DominantShare.of(allocation.get(v.role.name()), cluster) / v.role.weight())
                .thenComparing(v -> v.role.name()));
        String why = "revoked for role " + String.join(", role ", starved) + ", offered nothing for "
                + human(view.revocationDelay());
        Instant deadline = view.revocationNotice().isZero() ? null : view.now().plus(view.revocationNotice());
        for (Victim v : order) {
            String name = v.role.name();
            for (Held h : v.tasks) {
                if (covered()) {
                    return out;
                }
                Resources before = allocation.get(name);
                Resources after = before.subtractSaturating(scalars(h.task.resources()));
                if (!Headroom.missing(v.role.guarantee(), after).isEmpty()) {
                    continue; // NOTE: a role never goes below its guarantee, whatever the need
                }
                boolean forGuarantee = helpsGuarantee(h.task.resources());
                boolean forShare = shareNeed > EPSILON
                        && DominantShare.of(after, cluster) >= fair.get(name) - EPSILON;
                if (!forGuarantee && !forShare) {
                    continue;
                }
                allocation.put(name, after);
                cover(h.task.resources());
                out.add(new Revocation(h.task.frameworkId(), h.agentId, h.task.taskId(), why + "; role " + name
                        + String.format(Locale.ROOT, " holds %.2f of the cluster (fair share %.2f)",
                        DominantShare.of(before, cluster), fair.get(name)), deadline));
            }
        }
        return out;
    }

    private boolean helpsGuarantee(Resources r) {
        for (Map.Entry<String, Long> e : guaranteeNeed.entrySet()) {
            if (e.getValue() > 0 && r.scalarMillis(e.getKey()) > 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code r} comes free: it meets the unmet guarantees first, the rest the missing shares. */
    private void cover(Resources r) {
        Resources rest = scalars(r);
        for (Map.Entry<String, Long> e : guaranteeNeed.entrySet()) {
            long take = Math.min(e.getValue(), rest.scalarMillis(e.getKey()));
            if (take > 0) {
                e.setValue(e.getValue() - take);
                rest = rest.subtractSaturating(Resources.of(Resource.scalarMillis(e.getKey(), Resource.UNRESERVED, take)));
            }
        }
        shareNeed -= DominantShare.of(rest, cluster);
    }

    private boolean covered() {
        return shareNeed <= EPSILON && guaranteeNeed.values().stream().allMatch(v -> v <= 0);
    }

    /** The scalars of {@code r}, every role's moved to the unreserved one (as guarantees count them). */
    private static Resources scalars(Resources r) {
        Resources.Builder b = Resources.builder();
        for (Resource e : r.entries()) {
            if (e.type() == Resource.Type.SCALAR) {
                b.add(Resource.scalarMillis(e.name(), Resource.UNRESERVED, e.scalarMillis()));
            }
        }
        return b.build();
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
