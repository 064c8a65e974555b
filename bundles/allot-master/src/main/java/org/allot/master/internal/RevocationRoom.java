package org.allot.master.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.allot.api.InverseOffer;
import org.allot.api.OfferId;
import org.allot.api.TaskStatus;
import org.allot.protocol.Messages;
import org.allot.protocol.loop.EventLoop;
import org.allot.spi.allocation.Revocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the revocations of allocation plans. A revocation with a deadline later than now is
 * announced to the framework first as an {@link InverseOffer} ("give back task t on agent a by T"),
 * and the task is killed at T unless it ended by then; one without is killed at once. The kill goes
 * to the agent with reason {@link TaskStatus.Reason#REVOKED}, so the framework sees
 * {@code TASK_KILLING} (if it asked for that state) and {@code TASK_KILLED} with that reason.
 *
 * <p>A task is revoked once: while a revocation of it is pending (announced, or killed and not yet
 * ended), a plan naming it again changes nothing, and neither the inverse offer nor the kill is
 * repeated. The agent's kill grace takes over from there (an executor that does not answer has its
 * container destroyed). A task whose agent is disconnected at the kill is killed when the agent
 * re-registers (with the master's other pending kills, reason {@code KILLED_BY_USER}: the
 * re-registration path knows no reasons), or goes {@code TASK_LOST} with it.
 *
 * <p>Threading: the master's event loop only.
 */
final class RevocationRoom {

    /** How soon a deadline that passed while the master was not leading (suspended) is looked at again. */
    static final Duration SUSPENDED_RETRY = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(RevocationRoom.class);

    /** A revocation under way: its deadline and its timer while the framework still has time. */
    private record Pending(Revocation revocation, Instant deadline, EventLoop.Timer timer) {
    }

    private final Core core;
    private final Map<TaskKey, Pending> pending = new HashMap<>();
    private long nextInverseOffer;

    RevocationRoom(Core core) {
        this.core = core;
    }

    /**
     * Revokes the task {@code r} names: an inverse offer now and a kill at {@code deadline} if that is
     * later than now, else a kill now. Ignored if the task is not live or is being revoked already.
     */
    void revoke(Revocation r, Optional<Instant> deadline) {
        TaskKey key = new TaskKey(r.frameworkId(), r.taskId());
        FrameworkEntry f = core.registry.frameworks.get(r.frameworkId());
        TaskEntry t = f == null ? null : f.tasks.get(r.taskId());
        if (t == null || t.state.isTerminal()) {
            return;
        }
        if (pending.containsKey(key)) {
            LOG.debug("Task {} of framework {} is being revoked already; the plan's repeat is ignored", r.taskId(),
                    f.id);
            return;
        }
        Instant now = core.now();
        if (deadline.isPresent() && deadline.get().isAfter(now)) {
            InverseOffer notice = new InverseOffer(OfferId.of("io-" + (++nextInverseOffer)), f.id, t.agentId,
                    r.taskId(), t.resources, deadline.get(), r.reason());
            LOG.info("Asking framework {} to give back task {} on agent {} ({}) by {} ({}): {}", f.describe(),
                    r.taskId(), t.agentId, t.resources, deadline.get(), notice.id(), r.reason());
            core.toFramework(f, Messages.inverseOffers(List.of(notice)));
            EventLoop.Timer timer = core.loop.schedule(Duration.between(now, deadline.get()),
                    () -> deadlineReached(key));
            pending.put(key, new Pending(r, deadline.get(), timer));
        } else {
            pending.put(key, new Pending(r, now, null));
            kill(key, f, t, r.reason());
        }
    }

    private void deadlineReached(TaskKey key) {
        Pending p = pending.get(key);
        if (p == null || p.timer() == null) {
            return;
        }
        FrameworkEntry f = core.registry.frameworks.get(key.frameworkId());
        TaskEntry t = f == null ? null : f.tasks.get(key.taskId());
        if (t == null || t.state.isTerminal()) {
            pending.remove(key);
            return;
        }
        if (!core.leadership.leading()) {
            // Suspended (its ZooKeeper session is in doubt): a master that may no longer lead kills nothing.
            pending.put(key, new Pending(p.revocation(), p.deadline(),
                    core.loop.schedule(SUSPENDED_RETRY, () -> deadlineReached(key))));
            return;
        }
        pending.put(key, new Pending(p.revocation(), p.deadline(), null));
        kill(key, f, t, p.revocation().reason() + " (not given back by " + p.deadline() + ")");
    }

    private void kill(TaskKey key, FrameworkEntry f, TaskEntry t, String reason) {
        AgentEntry agent = core.registry.agents.get(t.agentId);
        org.allot.protocol.proto.Envelope kill = Messages.killTask(f.id, t.info.id(), TaskStatus.Reason.REVOKED, reason);
        if (core.toAgent(agent, kill)) {
            LOG.info("Revoking task {} of framework {} on agent {}: {}", t.info.id(), f.describe(), t.agentId, reason);
        } else if (agent != null) {
            agent.pendingKills.put(key, kill);
            LOG.info("Revoking task {} of framework {}: agent {} is disconnected; the kill waits for it to"
                    + " re-register", t.info.id(), f.describe(), t.agentId);
        } else {
            pending.remove(key);
        }
    }

    /** The task ended (or left the registry with its agent or framework): its revocation is over. */
    void ended(TaskKey key) {
        Pending p = pending.remove(key);
        if (p != null && p.timer() != null) {
            p.timer().cancel();
        }
    }

    /** Drops revocations of tasks the registry no longer has (their agent or framework was removed). */
    void forgetGone() {
        if (pending.isEmpty()) {
            return;
        }
        for (TaskKey key : List.copyOf(pending.keySet())) {
            FrameworkEntry f = core.registry.frameworks.get(key.frameworkId());
            if (f == null || !f.tasks.containsKey(key.taskId())) {
                ended(key);
            }
        }
    }

    /** Whether a revocation of the task is under way. */
    boolean pending(TaskKey key) {
        return pending.containsKey(key);
    }

    /** Forgets every revocation and cancels its timer: the master stops leading or stops. */
    void clear() {
        pending.values().forEach(p -> {
            if (p.timer() != null) {
                p.timer().cancel();
            }
        });
        pending.clear();
    }
}
