package org.allot.master.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferConstraints;
import org.allot.protocol.Connection;
import org.allot.protocol.Messages;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frameworks in the master core: subscription (new, re-subscribing after a scheduler or master
 * failover, or taking over from another connection), disconnection with the failover timeout,
 * removal (agents told to tear it down), and the framework's offer wishes (revive, suppress,
 * offer constraints).
 *
 * <p>Threading: the master's event loop only.
 */
final class FrameworkRoom {

    private static final Logger LOG = LoggerFactory.getLogger(FrameworkRoom.class);

    private final Core core;
    private final Registry registry;
    private final OfferBook offers;
    private long nextFramework;

    FrameworkRoom(Core core, OfferBook offers) {
        this.core = core;
        this.registry = core.registry;
        this.offers = offers;
    }

    /** The framework a scheduler message names, which must be subscribed on this very connection. */
    FrameworkEntry require(Connection c, FrameworkId id) {
        FrameworkEntry f = registry.frameworks.get(id);
        if (f == null) {
            String removed = registry.removedFrameworks.get(id);
            throw new PeerError(removed != null ? "framework " + id + " was removed (" + removed + ")"
                    : "unknown framework id " + id + ": subscribe first and use the id from Subscribed");
        }
        if (f.connection != c) {
            throw new PeerError("framework " + id + " is not subscribed on this connection; send Subscribe"
                    + " with its framework_id first");
        }
        return f;
    }

    void subscribe(Connection c, Inbound.Subscribe m) {
        FrameworkInfo info = m.framework();
        FrameworkId onConnection = registry.frameworkConnections.get(c);
        if (onConnection != null && !info.id().equals(Optional.of(onConnection))) {
            throw new PeerError(Error.Code.PROTOCOL_VIOLATION, "this connection is already subscribed as framework "
                    + onConnection + "; open another connection for another framework");
        }
        if (info.id().isEmpty()) {
            FrameworkId id = FrameworkId.of("f-" + core.masterId + "-" + (++nextFramework));
            add(c, new FrameworkEntry(id, info.withId(id), m.constraints(), c), "Added");
            return;
        }
        FrameworkId id = info.id().get();
        String removed = registry.removedFrameworks.get(id);
        if (removed != null) {
            throw new PeerError("framework " + id + " was removed (" + removed
                    + "); subscribe without a framework_id to start anew");
        }
        FrameworkEntry f = registry.frameworks.get(id);
        if (f == null) {
            // A framework of an earlier master run re-subscribing after a master failover.
            add(c, new FrameworkEntry(id, info, m.constraints(), c), "Re-added (after master failover)");
            return;
        }
        checkPrincipal(f, c);
        Connection replaced = f.connection != null && f.connection != c ? f.connection : null;
        if (replaced != null) {
            // A hot-standby scheduler takes over a connected framework (Mesos's "framework failed
            // over"): the old one is told it is replaced, so that it does not re-subscribe and take
            // the framework back.
            registry.frameworkConnections.remove(replaced);
            offers.rescindAll(f, "framework " + id + " failed over to a new scheduler connection", false);
            core.out.closeWithError(replaced, Error.Code.FRAMEWORK_REPLACED, "framework " + id + " was taken over"
                    + " by another scheduler subscribing with its id (" + Core.describe(c) + "); this scheduler is no"
                    + " longer its scheduler and must not re-subscribe");
        }
        boolean wasDisconnected = f.connection == null;
        f.connection = c;
        f.info = info;
        f.constraints = m.constraints();
        f.disconnectedAt = null;
        if (f.failoverTimer != null) {
            f.failoverTimer.cancel();
            f.failoverTimer = null;
        }
        registry.frameworkConnections.put(c, id);
        core.out.send(c, Messages.subscribed(id, core.masterId, core.config().heartbeatInterval()));
        for (Envelope e : f.pending) {
            core.out.send(c, e);
        }
        f.pending.clear();
        LOG.info("Framework {} re-subscribed with {} live tasks{}", f.describe(), f.tasks.size(),
                replaced == null ? "" : ", replacing its scheduler on " + Core.describe(replaced));
        askAgentsToResend(f, replaced == null ? "the scheduler of framework " + id + " re-subscribed"
                : "framework " + id + " has a new scheduler");
        core.engine.updateFramework(id, info);
        core.engine.setConstraints(id, f.constraints);
        if (wasDisconnected) {
            core.engine.activateFramework(id);
        }
    }

    /**
     * Until the security issue authenticates principals, taking a framework over needs at least the
     * same principal string as the one it belongs to.
     */
    private void checkPrincipal(FrameworkEntry f, Connection c) {
        String principal = c.peerPrincipal();
        if (f.principal == null) {
            f.principal = principal;
        } else if (!f.principal.equals(principal)) {
            throw new PeerError("framework " + f.id + " belongs to principal '" + f.principal + "'; a scheduler"
                    + " that says Hello as '" + principal + "' cannot subscribe with its id; say Hello as '"
                    + f.principal + "' or subscribe without a framework_id for a new framework");
        }
    }

    /**
     * The agents holding the framework's unacknowledged updates (those of its live tasks and of its
     * tasks ended but not acknowledged) send them now, not at their next retry (Mesos's
     * UpdateFrameworkMessage), so a scheduler that failed over hears at once what its predecessor
     * did not acknowledge.
     */
    private void askAgentsToResend(FrameworkEntry f, String why) {
        Set<AgentId> holding = new TreeSet<>();
        f.tasks.values().forEach(t -> holding.add(t.agentId));
        f.freed.values().forEach(t -> holding.add(t.agentId()));
        Envelope resend = Messages.resendUpdates(f.id, why);
        for (AgentId a : holding) {
            core.toAgent(registry.agents.get(a), resend);
        }
    }

    private void add(Connection c, FrameworkEntry f, String how) {
        f.principal = c.peerPrincipal();
        registry.frameworks.put(f.id, f);
        registry.frameworkConnections.put(c, f.id);
        core.out.send(c, Messages.subscribed(f.id, core.masterId, core.config().heartbeatInterval()));
        LOG.info("{} framework {}", how, f.describe());
        core.engine.addFramework(f.id, f.info, true);
        core.engine.setConstraints(f.id, f.constraints);
    }

    /**
     * A framework a re-registering agent runs tasks for, which this master has not seen (it may
     * have just failed over): recovered, disconnected, until its scheduler re-subscribes.
     */
    void recoverFromAgent(FrameworkInfo info, AgentId agentId) {
        FrameworkId fid = info.id().orElseThrow();
        if (registry.frameworks.containsKey(fid) || registry.removedFrameworks.containsKey(fid)) {
            return;
        }
        FrameworkEntry f = new FrameworkEntry(fid, info, OfferConstraints.none(), null);
        // NOTE: the client says Hello with the framework's principal (its name if none); an agent
        // reports the FrameworkInfo only, so a framework without one takes its first subscriber's.
        f.principal = info.principal().orElse(null);
        registry.frameworks.put(fid, f);
        f.disconnectedAt = core.now();
        core.engine.addFramework(fid, info, false);
        String why = "its scheduler has not re-subscribed since the agent " + agentId + " reported it";
        if (core.epoch == 0) {
            startFailoverTimer(f, why, info.failoverTimeout());
        } else {
            // NOTE: an elected master recovering from a failover gives the scheduler as long as the
            // agents (the recovery window) at least, counted from when it leads: a scheduler follows
            // the same detector as the agents and may simply come back a moment after them.
            Duration window = core.config().election().recoveryWindow(core.config().agentReregisterTimeout());
            Duration grace = info.failoverTimeout().compareTo(window) > 0 ? info.failoverTimeout() : window;
            core.afterRecovery.accept(() -> {
                if (registry.frameworks.get(fid) == f && !f.connected()) {
                    startFailoverTimer(f, why, grace);
                }
            });
        }
        LOG.info("Recovered framework {} from agent {}; waiting for its scheduler", f.describe(), agentId);
    }

    void connectionClosed(FrameworkEntry f, String why) {
        f.connection = null;
        f.disconnectedAt = core.now();
        offers.rescindAll(f, "the scheduler of framework " + f.id + " disconnected", false);
        core.engine.deactivateFramework(f.id);
        Duration timeout = f.info.failoverTimeout();
        LOG.info("Framework {} disconnected ({}); its tasks keep running for its failover timeout of {}",
                f.describe(), why, Core.seconds(timeout));
        if (timeout.isZero()) {
            remove(f, "its scheduler disconnected (" + why + ") and its failover timeout is 0 s");
        } else {
            startFailoverTimer(f, "its scheduler disconnected (" + why + ")", timeout);
        }
    }

    private void startFailoverTimer(FrameworkEntry f, String why, Duration timeout) {
        f.failoverTimer = core.loop.schedule(timeout, () -> {
            if (registry.frameworks.get(f.id) == f && !f.connected()) {
                remove(f, why + " and did not re-subscribe within its failover timeout of " + Core.seconds(timeout));
            }
        });
    }

    /** Removes a framework: offers closed, agents told to kill its tasks and executors. */
    void remove(FrameworkEntry f, String why) {
        registry.frameworks.remove(f.id);
        registry.removedFrameworks.put(f.id, why + ", at " + core.now());
        if (f.failoverTimer != null) {
            f.failoverTimer.cancel();
        }
        if (f.connection != null) {
            registry.frameworkConnections.remove(f.connection);
        }
        offers.dropAll(f);
        // Only the agents running its tasks or executors are told, from the framework's own indexes.
        Set<AgentId> running = new TreeSet<>();
        int tasks = f.tasks.size();
        for (TaskEntry t : List.copyOf(f.tasks.values())) {
            registry.removeTask(t);
            running.add(t.agentId);
        }
        for (var freed : f.freed.entrySet()) {
            AgentEntry agent = registry.agents.get(freed.getValue().agentId());
            if (agent != null) {
                agent.freed.remove(new TaskKey(f.id, freed.getKey()));
            }
        }
        for (ExecutorEntry.Key k : List.copyOf(f.executors)) {
            registry.removeExecutor(k);
            running.add(k.agentId());
        }
        Envelope teardown = Messages.teardown(f.id, "framework " + f.id + " was removed: " + why);
        for (AgentId a : running) {
            // NOTE: a disconnected agent misses the Teardown; it gets one when it re-registers
            // reporting the framework (see AgentRoom.reregister).
            core.toAgent(registry.agents.get(a), teardown);
        }
        LOG.info("Removed framework {} with {} tasks: {}", f.describe(), tasks, why);
        core.engine.removeFramework(f.id);
    }

    void revive(FrameworkEntry f) {
        core.engine.revive(f.id);
        LOG.debug("Framework {} revived offers", f.describe());
    }

    void suppress(FrameworkEntry f) {
        core.engine.suppress(f.id);
        LOG.debug("Framework {} suppressed offers", f.describe());
    }

    void updateConstraints(FrameworkEntry f, OfferConstraints constraints) {
        f.constraints = constraints;
        core.engine.setConstraints(f.id, constraints);
        LOG.info("Framework {} changed its offer constraints", f.describe());
    }
}
