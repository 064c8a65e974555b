package org.allot.master.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.TaskId;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.master.internal.allocation.AllocationEngine;
import org.allot.protocol.Connection;
import org.allot.protocol.Messages;
import org.allot.protocol.loop.EventLoop;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rooms of the master core share: the event loop, the registry, the allocation engine,
 * the outbound port and the leadership state, plus the few helpers every room needs to address a
 * peer (a message to a framework or an agent goes out only while leading and only if it is
 * connected; a master-made status update waits for a disconnected scheduler).
 *
 * <p>Threading: the master's event loop only (the config is read by any thread).
 */
final class Core {

    private static final Logger LOG = LoggerFactory.getLogger(Core.class);

    final String masterId;
    final EventLoop loop;
    final Registry registry = new Registry();
    final Outbound out;
    final Leadership leadership;
    final AllocationEngine engine;
    final RefusalLog refusals;
    final Metrics metrics = new Metrics();
    private volatile MasterConfig config;
    /** This master's leader epoch while it leads or recovers; 0 when standalone or not leading. */
    long epoch;
    /** Told of agents the registry gains or loses (the election's roster and recovery). */
    AgentWatcher agentWatcher = AgentWatcher.NONE;
    /** Runs a task once an elected master's recovery has ended (at once otherwise). */
    java.util.function.Consumer<Runnable> afterRecovery = Runnable::run;
    /** Asks the allocation loop for a pass soon (coalesced). */
    private Runnable passRequest = () -> { };

    Core(String masterId, MasterConfig config, EventLoop loop, Outbound out) {
        this.masterId = Objects.requireNonNull(masterId, "masterId");
        this.config = Objects.requireNonNull(config, "config");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.out = metrics.counting(Objects.requireNonNull(out, "out"));
        this.leadership = new Leadership(masterId);
        this.engine = new AllocationEngine(loop, registry, this::requestAllocation);
        this.refusals = new RefusalLog(Duration.ofMinutes(1), loop::now);
    }

    /** Told when an agent joins (registers, or re-registers unknown) or is removed. Loop only. */
    interface AgentWatcher {
        AgentWatcher NONE = new AgentWatcher() {
            @Override
            public void added(AgentId id) {
            }

            @Override
            public void removed(AgentId id) {
            }
        };

        void added(AgentId id);

        void removed(AgentId id);
    }

    MasterConfig config() {
        return config;
    }

    void config(MasterConfig next) {
        config = next;
    }

    Instant now() {
        return loop.now();
    }

    void onPassRequest(Runnable r) {
        passRequest = r;
    }

    /**
     * Queues one allocation pass unless one is queued already: many changes, one pass. Only the
     * allocation engine asks, after a change of its books; the rooms never need to.
     */
    private void requestAllocation() {
        passRequest.run();
    }

    /** Answers a peer's message with an Error; the refusal is logged at a bounded rate. */
    void refuse(Connection c, Error.Code code, String reason) {
        refusals.refused(describe(c), "a message: " + reason);
        out.send(c, Messages.error(code, reason));
    }

    static String describe(Connection c) {
        return c.peerRole() + " '" + c.peerPrincipal() + "' (connection " + c.id() + ", " + c.remoteAddress() + ")";
    }

    /** Forgets the registry and the engine's books: a core that stops leading keeps nothing. */
    void dropRegistry() {
        // NOTE: the timers' callbacks would find nothing, but they would keep the dropped entries alive.
        registry.frameworks.values().forEach(f -> {
            if (f.failoverTimer != null) {
                f.failoverTimer.cancel();
            }
        });
        registry.agents.values().forEach(a -> {
            if (a.reregisterTimer != null) {
                a.reregisterTimer.cancel();
            }
        });
        for (AgentId id : List.copyOf(registry.agents.keySet())) {
            engine.removeAgent(id);
        }
        for (FrameworkId id : List.copyOf(registry.frameworks.keySet())) {
            engine.removeFramework(id);
        }
        registry.clear();
    }

    /**
     * Sends to the framework's scheduler if it is connected and this master serves (leads, or
     * recovers its registry from re-registering peers); drops it otherwise.
     */
    void toFramework(FrameworkEntry f, Envelope e) {
        if (f != null && f.connected() && leadership.serving()) {
            out.send(f.connection, e);
        }
    }

    /** Sends to the agent if it is connected and this master serves; returns whether it was sent. */
    boolean toAgent(AgentEntry a, Envelope e) {
        if (a != null && a.connected() && leadership.serving()) {
            out.send(a.connection, e);
            return true;
        }
        return false;
    }

    /** A master-made update: sent now, or kept (boundedly) until the scheduler re-subscribes. */
    void masterUpdate(FrameworkEntry f, TaskStatus s) {
        Envelope e = Messages.statusUpdate(f.id, s);
        if (f.connected()) {
            toFramework(f, e);
        } else if (f.pending.size() < FrameworkEntry.PENDING_KEPT) {
            f.pending.add(e);
        } else {
            LOG.warn("Dropped an update for task {} of disconnected framework {}: {} updates already wait",
                    s.taskId(), f.describe(), FrameworkEntry.PENDING_KEPT);
        }
    }

    /** A status update made by the master (source MASTER) now. */
    TaskStatus masterStatus(TaskId task, TaskState state, TaskStatus.Reason reason, String message, AgentId agent) {
        TaskStatus.Builder b = TaskStatus.builder(task, state, TaskStatus.Source.MASTER, now()).message(message);
        if (reason != null) {
            b.reason(reason);
        }
        if (agent != null) {
            b.agentId(agent);
        }
        return b.build();
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }
}
