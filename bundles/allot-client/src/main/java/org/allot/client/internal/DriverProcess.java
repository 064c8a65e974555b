package org.allot.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.allot.client.Status;
import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolClient;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolException;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Hello;
import org.slf4j.Logger;

/**
 * The life cycle the scheduler and the executor drivers share: the status, the one connection to
 * the peer (master or agent), the threads, connecting with backoff, start/stop/abort/join. The
 * subclass speaks the protocol: what to send once connected, what a message means, what to do when
 * a connect fails or the connection is lost.
 *
 * <p>Three kinds of threads meet here. MINA's network threads only hand events to the
 * <em>dispatcher</em>, a single thread that owns the session state (current connection, and whatever
 * the subclass keeps there) and makes every callback, in order. A <em>connector</em> thread makes
 * the blocking connects and owns the backoff. The framework's own threads call the driver methods,
 * which read the current connection (a volatile) and send on it; {@link Connection#send} is
 * thread-safe.
 */
abstract class DriverProcess {

    final Logger log;
    /** Who the driver speaks for, in log lines: {@code executor e1}, {@code framework 'f'}. */
    private final String who;
    /** The peer, in log lines: {@code agent a1}, {@code master host:port}. */
    private final String peerName;
    private final Endpoint peer;
    private final Hello hello;
    private final ProtocolConfig config;
    /** How long ending waits for the connection to close (its last messages written) before closing the client. */
    private final Duration closeWait;
    /** The dispatcher's thread, so that end() does not wait for itself. */
    private volatile Thread dispatcherThread;

    private final Object lifecycle = new Object();
    private volatile Status status = Status.DRIVER_NOT_STARTED;
    private final CountDownLatch ended = new CountDownLatch(1);
    private ProtocolClient client;
    private ExecutorService dispatcher;
    private ScheduledExecutorService connector;

    /** Connector thread only. */
    private final Backoff backoff = Backoff.defaults();

    /** Written on the dispatcher only; volatile so that driver methods on other threads read it. */
    private volatile Connection connection;

    DriverProcess(Logger log, String who, String peerName, Endpoint peer, Hello hello, ProtocolConfig config,
            Duration closeWait) {
        this.log = log;
        this.who = who;
        this.peerName = peerName;
        this.peer = peer;
        this.hello = hello;
        this.config = Objects.requireNonNull(config, "config");
        this.closeWait = closeWait;
    }

    // ------------------------------------------------------------------------------------------
    // What the subclass does

    /** Logs the start; any thread, once, before the first connect. */
    abstract void starting();

    /** Connector thread: a connect failed while the driver runs; retry ({@link #connectIn}) or {@link #fail}. */
    abstract void connectFailed(Exception e);

    /** Dispatcher thread: the connection closed right after the handshake. */
    abstract void closedAtHandshake();

    /** Dispatcher thread: {@code c} is the current connection now; say who we are. */
    abstract void connected(Connection c);

    /** Dispatcher thread: the current connection was lost while the driver runs. */
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

    /** Where the peer listens. */
    Endpoint peer() {
        return peer;
    }

    /** The current connection, or null; any thread. */
    Connection connection() {
        return connection;
    }

    /**
     * Starts the threads, then connects; the threads are {@code allot-<kind>-<id>} (dispatcher) and
     * {@code allot-<kind>-connector-<id>}.
     */
    final Status start(String threadKind, String threadId) {
        synchronized (lifecycle) {
            if (status != Status.DRIVER_NOT_STARTED) {
                return status;
            }
            status = Status.DRIVER_RUNNING;
            ThreadFactory dispatcherThreads = daemon("allot-" + threadKind + "-" + threadId);
            dispatcher = Executors.newSingleThreadExecutor(r -> {
                Thread t = dispatcherThreads.newThread(r);
                dispatcherThread = t;
                return t;
            });
            connector = Executors.newSingleThreadScheduledExecutor(daemon("allot-" + threadKind + "-connector-"
                    + threadId));
            client = new ProtocolClient(config, new Handler());
        }
        starting();
        connectIn(Duration.ZERO);
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
        ProtocolClient c;
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
            c = client;
        }
        Connection current = connection;
        if (current != null) {
            Envelope last = lastWords == null ? null : lastWords.get();
            if (last != null) {
                current.send(last);
            }
            current.close();
            awaitClosed(current);
        }
        connector.shutdownNow();
        c.close();
        dispatcher.shutdown();
        if (Thread.currentThread() != dispatcherThread) {
            // A callback already running finishes before stop() returns; none starts after (they
            // check the status). From a callback itself there is nothing to wait for.
            try {
                if (!dispatcher.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
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
    // Connecting (connector thread)

    /** Connector thread only. */
    Backoff backoff() {
        return backoff;
    }

    /** The next connect after {@code delay}; any thread. */
    void connectIn(Duration delay) {
        onConnector(this::connectOnce, delay);
    }

    private void connectOnce() {
        if (status != Status.DRIVER_RUNNING) {
            return;
        }
        try {
            Connection c = client.connect(peer.host(), peer.port(), hello);
            onDispatcher(() -> connectedOnDispatcher(c));
        } catch (ProtocolException | RuntimeException e) {
            // A RuntimeException when the client is closed by a concurrent stop(); then no retry.
            if (status == Status.DRIVER_RUNNING) {
                connectFailed(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Session events (dispatcher thread)

    private void connectedOnDispatcher(Connection c) {
        if (status != Status.DRIVER_RUNNING) {
            c.close();
            return;
        }
        if (!c.isOpen()) {
            closedAtHandshake();
            return;
        }
        connection = c;
        connected(c);
    }

    private void closedOnDispatcher(Connection c, String reason) {
        if (c != connection) {
            return;
        }
        connection = null;
        if (status != Status.DRIVER_RUNNING) {
            return;
        }
        lost(reason);
    }

    private void receivedOnDispatcher(Connection c, Envelope envelope) {
        if (status != Status.DRIVER_RUNNING || c != connection) {
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
        try {
            dispatcher.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("Driver ended; dropped an event");
        }
    }

    void onConnector(Runnable task, Duration delay) {
        try {
            connector.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("Driver ended; no further connection attempt");
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** MINA threads: hand every event to the dispatcher, in order. */
    private final class Handler implements MessageHandler {
        @Override
        public void onMessage(Connection c, Envelope envelope) {
            onDispatcher(() -> receivedOnDispatcher(c, envelope));
        }

        @Override
        public void onClose(Connection c, CloseReason reason, String detail) {
            onDispatcher(() -> closedOnDispatcher(c, detail));
        }
    }
}
