package org.allot.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import org.allot.client.Status;
import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolException;
import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.link.MasterDetector;
import org.allot.protocol.link.MasterLink;
import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Role;
import org.slf4j.Logger;

/**
 * The life cycle the scheduler and the executor drivers share: the status, the one
 * {@link MasterLink} to the peer (the leading master, or the executor's agent), the dispatcher
 * thread, start/stop/abort/join. The subclass speaks the protocol: what to send once connected, what
 * a message means, what to do when a connect fails or the connection is lost.
 *
 * <p>Three kinds of threads meet here. MINA's network threads only hand events to the
 * <em>dispatcher</em> (a {@link ThreadEventLoop}, stopped gracefully), a single thread that owns the session state (the
 * link's, and whatever the subclass keeps there) and makes every callback, in order. The link's
 * connector thread makes the blocking connects. The framework's own threads call the driver methods,
 * which read the current connection (a volatile in the link) and send on it; {@link Connection#send}
 * is thread-safe.
 */
abstract class DriverProcess {

    final Logger log;
    /** Who the driver speaks for, in log lines: {@code executor e1}, {@code framework 'f'}. */
    private final String who;
    /** The peer, in log lines: {@code agent a1}, {@code the master}. */
    private final String peerName;
    private final MasterDetector detector;
    private final Role role;
    private final String principal;
    private final ProtocolConfig config;
    /** How long ending waits for the connection to close (its last messages written) before closing the client. */
    private final Duration closeWait;
    private final Object lifecycle = new Object();
    private volatile Status status = Status.DRIVER_NOT_STARTED;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile ThreadEventLoop dispatcher;
    private volatile MasterLink link;

    /**
     * @param detector  who the peer is; followed, not closed, by the driver
     * @param role      the role this driver says {@code Hello} as
     * @param principal the principal it says {@code Hello} with
     */
    DriverProcess(Logger log, String who, String peerName, MasterDetector detector, Role role, String principal,
            ProtocolConfig config, Duration closeWait) {
        this.log = log;
        this.who = who;
        this.peerName = peerName;
        this.detector = Objects.requireNonNull(detector, "detector");
        this.role = role;
        this.principal = principal;
        this.config = Objects.requireNonNull(config, "config");
        this.closeWait = closeWait;
    }

    // ------------------------------------------------------------------------------------------
    // What the subclass does

    /** Logs the start; any thread, once, before the first connect. */
    abstract void starting();

    /**
     * Dispatcher thread: the {@code failures}-th connect in a row failed while the driver runs; the
     * link retries after its backoff unless this calls {@link #fail}.
     */
    abstract void connectFailed(MasterAddress peer, ProtocolException e, int failures);

    /** Dispatcher thread: {@code c} to {@code peer} is the current connection now; say who we are. */
    abstract void connected(Connection c, MasterAddress peer);

    /** Dispatcher thread: the current connection was lost while the driver runs; the link reconnects. */
    abstract void lost(String reason);

    /** Dispatcher thread: a message on the current connection while the driver runs. */
    abstract void received(Connection c, Envelope envelope);

    /** Tells the framework's callback of an unrecoverable error. */
    abstract void errorCallback(String message);

    /** After the connection and the threads are closed, before {@link #join} returns; any thread, once. */
    void onEnd() {
    }

    // ------------------------------------------------------------------------------------------
    // Life cycle

    public Status status() {
        return status;
    }

    boolean running() {
        return status == Status.DRIVER_RUNNING;
    }

    /** Who the peer is. */
    MasterDetector detector() {
        return detector;
    }

    /** The current connection, or null; any thread. */
    Connection connection() {
        MasterLink l = link;
        return l == null ? null : l.connection().orElse(null);
    }

    /** Dispatcher thread: the peer accepted us; the next loss waits the initial delay again. */
    void resetBackoff() {
        link.resetBackoff();
    }

    /**
     * Starts the threads, then connects; the threads are {@code allot-<kind>-<id>} (dispatcher) and
     * {@code allot-<kind>-connector-<id>} (the link's).
     */
    final Status start(String threadKind, String threadId) {
        synchronized (lifecycle) {
            if (status != Status.DRIVER_NOT_STARTED) {
                return status;
            }
            dispatcher = new ThreadEventLoop("allot-" + threadKind + "-" + threadId);
            link = MasterLink.builder(role, principal).detector(detector).loop(dispatcher).listener(new Events())
                    .protocol(config).peerName(peerName).threadName("allot-" + threadKind + "-connector-" + threadId)
                    .build();
            status = Status.DRIVER_RUNNING;
        }
        starting();
        link.start();
        return Status.DRIVER_RUNNING;
    }

    public Status abort() {
        return end(Status.DRIVER_ABORTED, null);
    }

    public Status join() {
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return status;
    }

    /**
     * Ends the driver once: no callback and no message after this returns.
     *
     * @param lastWords when not null, asked for the last message to send on the current connection
     *        (null: none)
     */
    final Status end(Status to, Supplier<Envelope> lastWords) {
        MasterLink l;
        synchronized (lifecycle) {
            if (status == Status.DRIVER_NOT_STARTED) {
                status = to;
                ended.countDown();
                return to;
            }
            if (status != Status.DRIVER_RUNNING) {
                return status;
            }
            status = to;
            l = link;
        }
        Connection current = l.connection().orElse(null);
        if (current != null) {
            Envelope last = lastWords == null ? null : lastWords.get();
            if (last != null) {
                current.send(last);
            }
            current.close();
            awaitClosed(current);
        }
        l.close();
        dispatcher.shutdownGracefully();
        if (!dispatcher.inLoop()) {
            // A callback already running finishes before stop() returns; none starts after (they
            // check the status). From a callback itself there is nothing to wait for.
            try {
                if (!dispatcher.awaitTermination(closeWait)) {
                    log.warn("A callback of {} was still running {} ms after the driver ended", who,
                            closeWait.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onEnd();
        log.info("Driver of {} {}", who, to == Status.DRIVER_STOPPED ? "stopped" : "aborted");
        ended.countDown();
        return to;
    }

    private void awaitClosed(Connection c) {
        long deadline = System.nanoTime() + closeWait.toNanos();
        while (c.isOpen() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Session events (dispatcher thread)

    private void receivedOnDispatcher(Connection c, Envelope envelope) {
        if (status != Status.DRIVER_RUNNING) {
            return;
        }
        try {
            received(c, envelope);
        } catch (IllegalArgumentException e) {
            log.warn("Ignored a bad {} message from {}: {}", envelope.getMessageCase(), peerName, e.getMessage());
        }
    }

    /** An unrecoverable error: abort, then tell the framework (as Mesos does: aborted before the callback). */
    void fail(String message) {
        if (status != Status.DRIVER_RUNNING) {
            return;
        }
        log.error("Aborting the driver of {}: {}", who, message);
        abort();
        try {
            errorCallback(message);
        } catch (RuntimeException e) {
            log.error("Callback error of {} threw", who, e);
        }
    }

    /** Dispatcher thread: one callback, unless the driver ended; what it throws is logged. */
    void callback(String name, Runnable call) {
        if (status != Status.DRIVER_RUNNING) {
            return;
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("Callback {} of {} threw; the driver carries on", name, who, e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Threads

    void onDispatcher(Runnable task) {
        dispatcher.execute(task);
    }

    /** The link's events, on the dispatcher; none reaches the subclass once the driver ended. */
    private final class Events implements MasterLink.Listener {
        @Override
        public void onConnected(Connection c, MasterAddress peer) {
            if (running()) {
                connected(c, peer);
            }
        }

        @Override
        public void onMessage(Connection c, Envelope envelope) {
            receivedOnDispatcher(c, envelope);
        }

        @Override
        public void onDisconnected(CloseReason reason, String detail) {
            if (running()) {
                lost(detail);
            }
        }

        @Override
        public void onConnectFailed(MasterAddress peer, ProtocolException error, int failures) {
            if (running()) {
                connectFailed(peer, error, failures);
            }
        }
    }
}
