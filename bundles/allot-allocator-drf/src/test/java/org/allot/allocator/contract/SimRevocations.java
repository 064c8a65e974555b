package org.allot.allocator.contract;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.allot.api.Resources;
import org.allot.spi.allocation.Revocation;

/**
 * How a {@link SimulatedCluster} carries out revocations, as the master does: at once without a
 * deadline (or with one already passed), else at the deadline unless the task ends before; in
 * progress until then, and shown to later passes. Checks each one (a live task, not being revoked
 * already, of a role that keeps its guarantee). One test thread.
 */
final class SimRevocations {

    private final SimulatedCluster cluster;
    /** Revocations carried out so far, in order. */
    private final List<Revocation> revoked = new ArrayList<>();
    /** Revocations with a deadline still ahead whose task still runs. */
    private final List<Revocation> revoking = new ArrayList<>();

    SimRevocations(SimulatedCluster cluster) {
        this.cluster = cluster;
    }

    void carryOut(List<Revocation> plan, Instant now) {
        Map<String, Resources> left = new HashMap<>();
        for (Revocation r : plan) {
            SimAgent agent = cluster.agentById(r.agentId());
            assertNotNull("revocation on an unknown agent: " + r, agent);
            SimAgent.Task task = agent.tasks.stream().filter(t -> t.taskId().equals(r.taskId())
                    && t.frameworkId().equals(r.frameworkId())).findFirst().orElse(null);
            assertNotNull("revocation of a task that does not run there: " + r, task);
            assertTrue("revocation of a task whose revocation is in progress: " + r,
                    revoking.stream().noneMatch(p -> p.taskId().equals(r.taskId())));
            String role = cluster.frameworkById(r.frameworkId()).role();
            Resources after = left.computeIfAbsent(role, x -> new SimRole(cluster, x).allocation())
                    .subtractSaturating(task.resources());
            PlanCheck.keepsGuarantee(role, cluster.settings().guarantee(role), after, r);
            left.put(role, after);
            revoked.add(r);
            if (r.deadline() == null || !r.deadline().isAfter(now)) {
                agent.tasks.remove(task);
            } else {
                revoking.add(r);
            }
        }
    }

    /** The clock moved to {@code now}: tasks past their deadline are killed; ended ones forgotten. */
    void expire(Instant now) {
        for (Revocation r : revoking) {
            if (!r.deadline().isAfter(now)) {
                cluster.agentById(r.agentId()).tasks.removeIf(t -> t.taskId().equals(r.taskId()));
            }
        }
        revoking.removeIf(r -> cluster.agentById(r.agentId()).tasks.stream()
                .noneMatch(t -> t.taskId().equals(r.taskId())));
    }

    List<Revocation> revoked() {
        return List.copyOf(revoked);
    }

    List<Revocation> inProgress() {
        return List.copyOf(revoking);
    }
}
