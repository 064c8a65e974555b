package org.allot.master.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.Connection;
import org.allot.protocol.Messages;
import org.allot.protocol.loop.EventLoop;
import org.allot.protocol.proto.Error;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership transitions of an elected master, on its event loop: elected with an epoch, it starts
 * empty in RECOVERING (agents re-register with their executors and tasks, schedulers re-subscribe,
 * nothing is offered and Accept is refused) and leads once every agent of the roster is back, or
 * once the recovery window has passed; the roster's agents that did not come back are then marked
 * lost: every framework gets {@code AgentLost} for each and they leave the roster (their tasks are
 * unknown to a soft-state master, so they come out through reconciliation as TASK_LOST). Suspended,
 * it stops acting at once; defeated, it drops its state and closes every peer's connection, so that
 * each finds the new leader through its detector.
 *
 * <p>Which agents to expect: the leader keeps a roster of agent ids in ZooKeeper (see
 * {@code LeaderContender}); without one (it could not be read) the whole window is waited.
 *
 * <p>Threading: the master's event loop only.
 */
final class ElectionRoom implements Core.AgentWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ElectionRoom.class);

    private final Core core;
    private final AllocationLoop allocation;
    private final OfferBook offers;
    private final RevocationRoom revocations;
    private final EpochStamp stamp;
    private Election election;
    private Set<AgentId> expected = new HashSet<>();
    /** Whether the roster was read when elected: without it, any agent may still re-register. */
    private boolean rosterKnown;
    private int expectedCount;
    private EventLoop.Timer window;
    private Instant electedAt;
    /** What waits for the recovery to end (reconciliations). */
    private final List<Runnable> afterRecovery = new ArrayList<>();

    ElectionRoom(Core core, AllocationLoop allocation, OfferBook offers, RevocationRoom revocations, EpochStamp stamp) {
        this.core = core;
        this.allocation = allocation;
        this.offers = offers;
        this.revocations = revocations;
        this.stamp = stamp;
    }

    /** The candidacy whose roster this room keeps; set once the master contends. */
    void election(Election e) {
        this.election = e;
    }

    /** The leader to name in a redirect, if the election knows one. */
    Optional<org.allot.protocol.link.MasterAddress> leader() {
        return election == null ? Optional.empty() : election.leader();
    }

    void elected(long epoch, Optional<Set<String>> roster) {
        if (core.leadership.state() != Leadership.State.STANDBY) {
            LOG.warn("Master {} elected with epoch {} while {}; stepping down first", core.masterId, epoch,
                    core.leadership.state());
            defeated("elected again with epoch " + epoch);
        }
        core.epoch = epoch;
        stamp.epoch(epoch);
        core.leadership.moveTo(Leadership.State.RECOVERING);
        electedAt = core.now();
        expected = new HashSet<>();
        roster.ifPresent(ids -> ids.forEach(id -> expected.add(AgentId.of(id))));
        rosterKnown = roster.isPresent();
        expectedCount = expected.size();
        Duration w = core.config().election().recoveryWindow(core.config().agentReregisterTimeout());
        if (roster.isPresent() && expected.isEmpty()) {
            LOG.info("Master {} elected with epoch {}; no agents to wait for", core.masterId, epoch);
            lead();
            return;
        }
        LOG.info("Master {} elected with epoch {}: recovering; waiting up to {} for {} agents to re-register",
                core.masterId, epoch, Core.seconds(w), roster.isPresent() ? expected.size() : "the");
        window = core.loop.schedule(w, () -> windowPassed(epoch));
    }

    void suspended() {
        core.leadership.suspend(true);
    }

    void defeated(String why) {
        Leadership.State s = core.leadership.state();
        if (s != Leadership.State.LEADING && s != Leadership.State.RECOVERING) {
            return;
        }
        LOG.warn("Master {} steps down from epoch {}: {}", core.masterId, core.epoch, why);
        cancelWindow();
        String reason = "master " + core.masterId + " no longer leads (" + why + "); find the new leader";
        for (Connection c : List.copyOf(core.registry.agentConnections.keySet())) {
            core.out.closeWithError(c, Error.Code.NOT_LEADER, reason);
        }
        for (Connection c : List.copyOf(core.registry.frameworkConnections.keySet())) {
            core.out.closeWithError(c, Error.Code.NOT_LEADER, reason);
        }
        core.leadership.moveTo(Leadership.State.STANDBY);
        allocation.stop();
        offers.cancelTimers();
        revocations.clear();
        core.dropRegistry();
        core.epoch = 0;
        expected = new HashSet<>();
        afterRecovery.clear();
    }

    /**
     * An Accept while this master does not act (recovering, or suspended): it makes no offers while
     * recovering, and a suspended leader's offers die with its leadership, so every task is
     * {@code TASK_LOST} for {@code INVALID_OFFERS}, never launched, and the scheduler may launch it
     * again on the offers of the leader.
     */
    void voidLaunches(FrameworkEntry f, Inbound.Accept a) {
        String why = "master " + core.masterId + (core.leadership.suspended()
                ? " cannot reach ZooKeeper and launches nothing until its leadership is settled"
                : " is recovering its state after its election and launches nothing yet")
                + "; offers of an earlier leader are void: launch on the offers it sends once it leads";
        for (Inbound.Launch l : a.launches()) {
            core.masterUpdate(f, core.masterStatus(l.taskId(), TaskState.LOST, TaskStatus.Reason.INVALID_OFFERS,
                    "task " + l.taskId() + " was not launched: " + why, null));
        }
    }

    /** Runs {@code r} once the recovery ends (at once if it is not recovering). */
    void afterRecovery(Runnable r) {
        if (core.leadership.state() == Leadership.State.RECOVERING) {
            afterRecovery.add(r);
        } else {
            r.run();
        }
    }

    /**
     * Whether agent {@code id} may still re-register while this master recovers: the roster names it
     * and it is not back yet, or there is no roster to tell (ha-frameworks: reconciliation answers
     * nothing for its tasks until then).
     */
    boolean mayStillReregister(AgentId id) {
        return core.leadership.state() == Leadership.State.RECOVERING && (!rosterKnown || expected.contains(id));
    }

    @Override
    public void added(AgentId id) {
        boolean wasExpected = expected.remove(id);
        if (!wasExpected && election != null) {
            election.agentAdded(id);
        }
        if (wasExpected && expected.isEmpty() && core.leadership.state() == Leadership.State.RECOVERING) {
            lead();
        }
    }

    @Override
    public void removed(AgentId id) {
        if (election != null) {
            election.agentRemoved(id);
        }
    }

    private void windowPassed(long epoch) {
        window = null;
        if (core.epoch != epoch || core.leadership.state() != Leadership.State.RECOVERING) {
            return;
        }
        for (AgentId id : expected) {
            String reason = "agent " + id + " did not re-register with master " + core.masterId + " within the"
                    + " recovery window after its election (epoch " + epoch + ")";
            LOG.info("Marked agent {} lost: {}", id, reason);
            for (FrameworkId f : core.registry.frameworks.keySet()) {
                core.toFramework(core.registry.frameworks.get(f), Messages.agentLost(id, reason));
            }
            if (election != null) {
                election.agentRemoved(id);
            }
        }
        lead();
    }

    private void lead() {
        cancelWindow();
        int missing = expected.size();
        expected = new HashSet<>();
        core.leadership.moveTo(Leadership.State.LEADING);
        allocation.start();
        List<Runnable> waiting = List.copyOf(afterRecovery);
        afterRecovery.clear();
        waiting.forEach(Runnable::run);
        long ms = Duration.between(electedAt, core.now()).toMillis();
        LOG.info("Master {} leads with epoch {}: {} of {} expected agents re-registered in {} ms, {} agents and {}"
                + " frameworks known", core.masterId, core.epoch, expectedCount - missing, expectedCount, ms,
                core.registry.agents.size(), core.registry.frameworks.size());
    }

    private void cancelWindow() {
        if (window != null) {
            window.cancel();
            window = null;
        }
    }
}
