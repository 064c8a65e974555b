package org.allot.allocator.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.allot.api.Resources;

/**
 * The operator's settings of a {@link SimulatedCluster}'s roles (weights, priorities, guarantees,
 * revocation delay and notice) and, as the master keeps them, since when each role has waited
 * for an offer. One test thread.
 */
final class SimRoles {

    final Map<String, Double> weights = new HashMap<>();
    final Map<String, Integer> priorities = new HashMap<>();
    final Map<String, Resources> guarantees = new HashMap<>();
    private final Map<String, Instant> waitingSince = new HashMap<>();
    Duration revocationDelay = Duration.ofSeconds(30);
    Duration revocationNotice = Duration.ZERO;

    double weight(String role) {
        return weights.getOrDefault(role, 1.0);
    }

    int priority(String role) {
        return priorities.getOrDefault(role, 0);
    }

    Resources guarantee(String role) {
        return guarantees.getOrDefault(role, Resources.empty());
    }

    Instant waitingSince(String role) {
        return waitingSince.get(role);
    }

    /** As the master does at each pass: roles asking wait from now unless they did; others do not wait. */
    void tick(Set<String> asking, Instant now) {
        waitingSince.keySet().retainAll(asking);
        asking.forEach(r -> waitingSince.putIfAbsent(r, now));
    }

    /** Roles offered something in a pass wait again from now. */
    void offered(Collection<String> roles, Instant now) {
        roles.forEach(r -> waitingSince.put(r, now));
    }
}
