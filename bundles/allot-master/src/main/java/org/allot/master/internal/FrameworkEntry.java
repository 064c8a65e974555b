package org.allot.master.internal;

import org.allot.protocol.loop.EventLoop;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.TaskId;
import org.allot.api.TaskStatus;
import org.allot.protocol.Connection;
import org.allot.protocol.proto.Envelope;

/** A framework in the master's registry. Mutated on the event loop only. */
final class FrameworkEntry {

    /** How many ended tasks are remembered for reconciliation. */
    private static final int COMPLETED_KEPT = 1000;
    /** How many master-made updates wait for a disconnected scheduler. */
    static final int PENDING_KEPT = 10_000;

    final FrameworkId id;
    FrameworkInfo info;
    OfferConstraints constraints;
    /** Null while the scheduler is disconnected. */
    Connection connection;
    /**
     * Who may be its scheduler: the principal of the {@code Hello} of the connection that added it,
     * or of the {@code FrameworkInfo} an agent reported; null while unknown (then the next
     * subscriber's is taken). A scheduler taking the framework over must say {@code Hello} as this.
     */
    String principal;
    Instant disconnectedAt;
    EventLoop.Timer failoverTimer;
    final Map<TaskId, TaskEntry> tasks = new TreeMap<>();
    /**
     * Tasks whose resources were freed (their agent reported a terminal state) but whose terminal
     * update the scheduler has not acknowledged yet, with that update's uuid once it has passed
     * (empty before). Their ids stay in use, as in Mesos, so a relaunch cannot be confused with
     * the old task's late updates. Indexed by agent in {@link AgentEntry#freed}.
     */
    final Map<TaskId, FreedTask> freed = new LinkedHashMap<>();
    /** Its executors, on any agent (the index by agent is {@link AgentEntry#executors}). */
    final Set<ExecutorEntry.Key> executors = new LinkedHashSet<>();
    final Set<OfferId> offers = new LinkedHashSet<>();
    /** Master-made status updates kept for the scheduler while it is disconnected. */
    final List<Envelope> pending = new ArrayList<>();
    final Map<TaskId, TaskStatus> completed = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<TaskId, TaskStatus> eldest) {
            return size() > COMPLETED_KEPT;
        }
    };

    FrameworkEntry(FrameworkId id, FrameworkInfo info, OfferConstraints constraints, Connection connection) {
        this.id = id;
        this.info = info;
        this.constraints = constraints;
        this.connection = connection;
    }

    /** A freed task: where it ran and the uuid of its terminal update, once that has passed. */
    record FreedTask(AgentId agentId, com.google.protobuf.ByteString terminalUuid) {
    }

    boolean connected() {
        return connection != null;
    }

    String describe() {
        return "'" + info.name() + "' (" + id + ")";
    }
}
