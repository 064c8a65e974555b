package org.allot.agent.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.allot.api.FrameworkId;
import org.allot.protocol.Connection;
import org.allot.protocol.Messages;
import org.allot.protocol.loop.EventLoop;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom executors of this agent and their connections: who is registered on which
 * connection, messages queued until an executor registers, the grace an executor that
 * disconnected gets to come back, and the Teardown that asks one to exit.
 *
 * <p>It decides nothing about containers: when an executor stays away longer than the kill grace,
 * it tells its {@link Listener}, which kills the container.
 *
 * <p>Threading: confined to the agent's event loop, whose timers it uses.
 */
final class ExecutorRegistry {

    /** Hears of executors that went away. */
    interface Listener {
        /** On the loop: the executor disconnected and did not register again within the kill grace. */
        void disconnectedTooLong(ExecutorRecord executor);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorRegistry.class);

    private final EventLoop loop;
    private final Duration killGrace;
    private final Listener listener;
    private final Map<ExecutorKey, ExecutorRecord> executors = new LinkedHashMap<>();
    private final Map<Connection, ExecutorKey> connections = new HashMap<>();

    ExecutorRegistry(EventLoop loop, Duration killGrace, Listener listener) {
        this.loop = loop;
        this.killGrace = killGrace;
        this.listener = listener;
    }

    Optional<ExecutorRecord> get(ExecutorKey key) {
        return Optional.ofNullable(executors.get(key));
    }

    Collection<ExecutorRecord> all() {
        return List.copyOf(executors.values());
    }

    void add(ExecutorRecord e) {
        executors.put(e.key, e);
    }

    /** The executor registered on {@code c}, if any. */
    Optional<ExecutorRecord> on(Connection c) {
        return Optional.ofNullable(connections.get(c)).map(executors::get);
    }

    /** Sends now if the executor is connected, else queues until it registers. */
    void send(ExecutorRecord e, Envelope message) {
        if (e.connection != null && e.connection.isOpen()) {
            e.connection.send(message);
        } else {
            e.queue.add(message);
        }
    }

    /**
     * Binds the executor to {@code c} (replacing an older connection of it), answers with
     * {@code welcome} and delivers what was queued; refuses executors this agent does not run.
     */
    void register(Connection c, ExecutorKey key, Function<ExecutorRecord, Envelope> welcome) {
        ExecutorRecord e = executors.get(key);
        if (e == null || e.shuttingDown) {
            LOG.warn("Refused executor {}: executor '{}' of framework {} is not {} on this agent", c.peerPrincipal(),
                    key.executorId(), key.frameworkId(), e == null ? "running" : "wanted any more");
            c.closeWithError(Error.Code.REFUSED, "executor '" + key.executorId() + "' of framework "
                    + key.frameworkId() + " is not running on this agent");
            return;
        }
        if (e.connection != null && e.connection != c) {
            connections.remove(e.connection);
            e.connection.close();
        }
        e.connection = c;
        connections.put(c, key);
        if (e.disconnectTimer != null) {
            e.disconnectTimer.cancel();
            e.disconnectTimer = null;
        }
        c.send(welcome.apply(e));
        LOG.info("Executor '{}' of framework {} registered; sending it {} queued message(s)", key.executorId(),
                key.frameworkId(), e.queue.size());
        while (!e.queue.isEmpty()) {
            c.send(e.queue.poll());
        }
    }

    /** {@code c} closed: an executor that is not being shut down gets the kill grace to register again. */
    void closed(Connection c, String reason) {
        ExecutorKey key = connections.remove(c);
        ExecutorRecord e = key == null ? null : executors.get(key);
        if (e == null || e.connection != c) {
            return;
        }
        e.connection = null;
        if (e.shuttingDown) {
            return;
        }
        LOG.warn("Executor '{}' of framework {} disconnected ({}); killing it in {} ms unless it registers again",
                key.executorId(), key.frameworkId(), reason, killGrace.toMillis());
        e.disconnectTimer = loop.schedule(killGrace, () -> {
            if (e.connection == null && executors.get(key) == e) {
                listener.disconnectedTooLong(e);
            }
        });
    }

    /** Asks the executor to exit (Teardown) if it is connected; true if it was asked. */
    boolean teardown(ExecutorRecord e, String reason) {
        e.shuttingDown = true;
        if (e.connection == null) {
            return false;
        }
        e.connection.send(Messages.teardown(e.key.frameworkId(), reason));
        return true;
    }

    /** The executor's process ended: forgets it and closes its connection. */
    void remove(ExecutorRecord e) {
        executors.remove(e.key);
        if (e.connection != null) {
            connections.remove(e.connection);
            e.connection.close();
        }
        if (e.disconnectTimer != null) {
            e.disconnectTimer.cancel();
        }
    }

    /** Whether any executor of the framework is still here. */
    boolean hasFramework(FrameworkId fid) {
        return executors.keySet().stream().anyMatch(k -> k.frameworkId().equals(fid));
    }
}
