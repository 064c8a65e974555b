package org.allot.master.internal.allocation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.allot.api.FrameworkId;
import org.allot.api.TaskId;
import org.allot.spi.allocation.Revocation;
import org.allot.spi.allocation.TaskRef;

/**
 * What revocation needs from the engine, kept across passes and policy swaps: since when each role
 * has waited for an offer ({@link org.allot.spi.allocation.AllocationView#waitingSince}), the
 * operator's revocation delay and notice, and the revocations in progress (named by a plan, their
 * task still running). Event loop only.
 *
 * <p>NOTE: the waiting times are updated at each pass (a role that gains an eligible framework
 * between passes starts waiting at the next pass, at most one allocation interval later), so they
 * cost O(roles) per pass and nothing per change.
 */
final class Revocations {

    /** The default revocation delay: how long a role must be starved before revocations are named. */
    static final Duration DEFAULT_DELAY = Duration.ofSeconds(30);
    /** The default notice: how long before its kill a framework is told through an inverse offer. */
    static final Duration DEFAULT_NOTICE = Duration.ofSeconds(5);

    private final Map<String, Instant> waitingSince = new HashMap<>();
    private final Map<Key, Revocation> inProgress = new LinkedHashMap<>();
    private Duration delay = DEFAULT_DELAY;
    private Duration notice = DEFAULT_NOTICE;

    private record Key(FrameworkId frameworkId, TaskId taskId) {
    }

    Duration delay() {
        return delay;
    }

    void delay(Duration next) {
        delay = Objects.requireNonNull(next, "delay");
    }

    Duration notice() {
        return notice;
    }

    void notice(Duration next) {
        notice = Objects.requireNonNull(next, "notice");
    }

    Optional<Instant> waitingSince(String role) {
        return Optional.ofNullable(waitingSince.get(role));
    }

    /**
     * At the start of a pass: roles with an eligible framework wait from now if they did not
     * already; others do not wait. Returns whether some role has waited at least the delay.
     */
    boolean tick(Collection<RoleAccount> roles, Instant now) {
        boolean someStarved = false;
        Instant starvedBefore = now.minus(delay);
        for (RoleAccount r : roles) {
            if (r.eligible.isEmpty()) {
                waitingSince.remove(r.name());
            } else {
                Instant since = waitingSince.computeIfAbsent(r.name(), k -> now);
                someStarved |= !since.isAfter(starvedBefore);
            }
        }
        if (waitingSince.size() > roles.size()) {
            Set<String> known = new HashSet<>();
            roles.forEach(r -> known.add(r.name()));
            waitingSince.keySet().retainAll(known);
        }
        return someStarved;
    }

    /** A framework of {@code role} was made an offer: the role's wait starts again. */
    void offered(String role, Instant now) {
        waitingSince.put(role, now);
    }

    /** Whether a revocation of this task is in progress already. */
    boolean inProgress(FrameworkId frameworkId, TaskId taskId) {
        return inProgress.containsKey(new Key(frameworkId, taskId));
    }

    void started(Revocation r) {
        inProgress.put(new Key(r.frameworkId(), r.taskId()), r);
    }

    /** Forgets revocations whose task no longer runs (ended, killed, its agent gone). O(in progress). */
    void prune(TaskIndex tasks) {
        for (Iterator<Revocation> it = inProgress.values().iterator(); it.hasNext(); ) {
            Revocation r = it.next();
            if (!runs(tasks, r)) {
                it.remove();
            }
        }
    }

    Collection<Revocation> inProgress() {
        return Collections.unmodifiableCollection(inProgress.values());
    }

    static boolean runs(TaskIndex tasks, Revocation r) {
        for (TaskRef t : tasks.tasksOn(r.agentId())) {
            if (t.taskId().equals(r.taskId()) && t.frameworkId().equals(r.frameworkId())) {
                return true;
            }
        }
        return false;
    }
}
