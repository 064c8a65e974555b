package org.allot.protocol.link;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.Messages;
import org.allot.protocol.ProtocolClient;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolException;
import org.allot.protocol.loop.EventLoop;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One link to the leading master: follows a {@link MasterDetector}, keeps at most one handshaken
 * {@link Connection} to the address it names, and reconnects with one {@link Backoff} policy. When
 * the leader changes, the link drops the current connection and connects to the new address at once,
 * with the backoff reset. The owner (an agent, a driver) speaks the protocol in its {@link Listener}.
 *
 * <h2>Threading</h2>
 * The link keeps its state on the owner's {@link EventLoop} and calls the listener there, one call at
 * a time, so the owner's state stays single-threaded; its backoff timers are the loop's. MINA's
 * network threads only hand events to the loop, and the link's own connector thread makes the
 * blocking connects, each bounded by {@link ProtocolConfig#connectTimeout()}. {@link #start()},
 * {@link #connection()} and {@link #close()} may be called from any thread but a network thread;
 * {@link #resetBackoff()} only from the loop.
 *
 * <h2>Errors</h2>
 * A failed attempt (refused, timed out, no {@code Welcome}) is reported to
 * {@link Listener#onConnectFailed} and retried after the backoff unless the owner closes the link;
 * it is logged in one line, at INFO for the first failure, DEBUG for the next ones and WARN only once
 * the peer has been out of reach for 30 s (then at most every 5 minutes).
 */
public final class MasterLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);

    /**
     * What the link tells its owner; every call comes on the owner's loop. A connection passed to
     * {@link #onConnected} is the current one until {@link #onDisconnected}; messages come only for it.
     */
    public interface Listener {

        /** The handshake with {@code address} succeeded; say who you are (register, subscribe). */
        void onConnected(Connection connection, MasterAddress address);

        /** A message on the current connection. */
        void onMessage(Connection connection, Envelope envelope);

        /**
         * The current connection is gone: closed by the peer or the network, or dropped because the
         * leader changed ({@link CloseReason#LOCAL_CLOSE}). The link reconnects by itself; not called
         * after {@link MasterLink#close()}.
         *
         * @param reason why, as the protocol reports it
         * @param detail why, for people: e.g. {@code "closed by peer"} or
         *               {@code "leader changed to 10.0.0.2:5050"}
         */
        void onDisconnected(CloseReason reason, String detail);

        /**
         * An attempt to connect to {@code address} failed, the {@code failures}-th in a row; the link
         * retries after the backoff unless the owner closes it here (e.g. on
         * {@code AUTHENTICATION_FAILED}, or after too many attempts).
         */
        default void onConnectFailed(MasterAddress address, ProtocolException error, int failures) {
        }
    }

    private final String peer;
    private final MasterDetector detector;
    private final Hello hello;
    private final Backoff backoff;
    private final EventLoop loop;
    private final Listener listener;
    private final ProtocolClient client;
    private final ExecutorService connector;

    // Loop only.
    private Optional<MasterAddress> target = Optional.empty();
    /** The address of the connect in flight, or null. */
    private MasterAddress attempting;
    private int failures;
    private final FailureLog failureLog = new FailureLog();

    // Written on the loop, read by close() and connection() on any thread.
    private volatile Connection connection;
    private volatile MasterAddress connectedTo;
    private volatile EventLoop.Timer retry;

    private final Object lifecycle = new Object();
    private volatile boolean started;
    private volatile boolean closed;
    private MasterDetector.Subscription subscription;

    private MasterLink(Builder b) {
        this.peer = b.peer;
        this.detector = Objects.requireNonNull(b.detector, "detector");
        this.hello = Hello.newBuilder().setRole(Objects.requireNonNull(b.role, "role"))
                .setPrincipal(Objects.requireNonNull(b.principal, "principal")).build();
        this.backoff = b.backoff;
        this.loop = Objects.requireNonNull(b.loop, "loop");
        this.listener = Objects.requireNonNull(b.listener, "listener");
        this.client = new ProtocolClient(b.protocol, new Handler());
        String threadName = b.threadName;
        this.connector = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A builder of a link that says {@code Hello} as {@code role} with {@code principal}, e.g.
     * {@code Role.AGENT} and {@code "agent@host1"}.
     */
    public static Builder builder(Role role, String principal) {
        return new Builder(role, principal);
    }

    /** Starts following the detector and connecting. Once; later calls do nothing. */
    public void start() {
        synchronized (lifecycle) {
            if (started || closed) {
                return;
            }
            started = true;
            subscription = detector.follow(address -> loop.execute(() -> leaderIs(address)));
        }
    }

    /** The current connection, if the link is connected; any thread. */
    public Optional<Connection> connection() {
        return Optional.ofNullable(connection);
    }

    /** The address of the current connection, if the link is connected; any thread. */
    public Optional<MasterAddress> connectedTo() {
        return Optional.ofNullable(connectedTo);
    }

    /**
     * The peer accepted the owner (e.g. {@code Subscribed}, {@code AgentRegistered}): the next loss
     * waits the initial delay again. Loop only. NOTE: the link does not reset on a mere handshake, so
     * that a master that accepts connections and then refuses the owner is not retried at full speed.
     */
    public void resetBackoff() {
        failures = 0;
    }

    /**
     * Stops following the detector, cancels the next attempt, closes the connection (its queued
     * messages are written first) and the link's threads. No listener call after this returns, except
     * one already running on the loop. Idempotent; not from a network thread (it waits for them).
     */
    @Override
    public void close() {
        MasterDetector.Subscription s;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            s = subscription;
        }
        if (s != null) {
            s.close();
        }
        EventLoop.Timer t = retry;
        if (t != null) {
            t.cancel();
        }
        Connection c = connection;
        connection = null;
        connectedTo = null;
        if (c != null) {
            c.close();
        }
        connector.shutdownNow();
        client.close();
    }

    // ------------------------------------------------------------------------------------------
    // On the loop

    private void leaderIs(Optional<MasterAddress> next) {
        if (closed || next.equals(target)) {
            return;
        }
        target = next;
        LOG.info("{} {}", capitalized(peer), next.map(a -> "is now " + a).orElse("unknown: no leader; waiting"));
        failures = 0;
        failureLog.reset();
        cancelRetry();
        Connection c = connection;
        if (c != null && !next.equals(Optional.ofNullable(connectedTo))) {
            connection = null;
            connectedTo = null;
            listener.onDisconnected(CloseReason.LOCAL_CLOSE, next.map(a -> "leader changed to " + a)
                    .orElse("no leader"));
            c.close();
        }
        connectIfIdle();
    }

    private void connectIfIdle() {
        if (closed || target.isEmpty() || connection != null || attempting != null || retry != null) {
            return;
        }
        MasterAddress address = target.get();
        attempting = address;
        try {
            connector.execute(() -> attempt(address));
        } catch (RejectedExecutionException e) {
            attempting = null; // closed meanwhile
        }
    }

    /** Connector thread. */
    private void attempt(MasterAddress address) {
        ProtocolException error = null;
        try {
            client.connect(address.host(), address.port(), hello);
        } catch (ProtocolException e) {
            error = e;
        } catch (RuntimeException e) {
            if (closed) {
                return; // the client was closed under the attempt
            }
            error = new ProtocolException(Error.Code.CODE_UNSPECIFIED, "could not connect to " + peer + " at "
                    + address.hostPort() + ": " + e, e);
        }
        ProtocolException failure = error;
        loop.execute(() -> attemptDone(address, failure));
    }

    /** The handshake completed; comes before {@link #attemptDone} and before the connection's messages. */
    private void opened(Connection c) {
        if (closed || attempting == null || !target.equals(Optional.of(attempting))) {
            c.close(); // the leader changed during the handshake: not the connection wanted now
            return;
        }
        connection = c;
        connectedTo = attempting;
        failureLog.reset();
        listener.onConnected(c, attempting);
    }

    private void attemptDone(MasterAddress address, ProtocolException error) {
        attempting = null;
        if (closed) {
            return;
        }
        if (error == null || !target.equals(Optional.of(address))) {
            connectIfIdle(); // connected, or the leader changed meanwhile: connect to the new one
            return;
        }
        failures++;
        Duration delay = backoff.delayAfter(failures);
        logFailure(address, error, delay);
        listener.onConnectFailed(address, error, failures);
        scheduleRetry(delay);
    }

    private void logFailure(MasterAddress address, ProtocolException error, Duration delay) {
        String line = "Cannot reach {} at {} (attempt {}, failing for {} s): {}; retrying in {} ms";
        Object[] args = {peer, address, failures, failureLog.failingFor(loop.now()).toSeconds(), error.getMessage(),
                delay.toMillis()};
        switch (failureLog.failed(loop.now())) {
            case INFO -> LOG.info(line, args);
            case WARN -> LOG.warn(line, args);
            default -> LOG.debug(line, args);
        }
    }

    private void closed(Connection c, CloseReason reason, String detail) {
        if (c != connection) {
            return;
        }
        connection = null;
        connectedTo = null;
        if (closed) {
            return;
        }
        listener.onDisconnected(reason, detail);
        failures++;
        Duration delay = backoff.delayAfter(failures);
        LOG.debug("Connection to {} closed ({}: {}); reconnecting in {} ms", peer, reason, detail, delay.toMillis());
        scheduleRetry(delay);
    }

    private void received(Connection c, Envelope envelope) {
        if (closed || c != connection) {
            return;
        }
        Optional<MasterAddress> leader = envelope.hasError() ? Messages.leaderOf(envelope.getError())
                : Optional.empty();
        if (leader.isPresent() && !leader.equals(Optional.ofNullable(connectedTo))) {
            redirected(c, leader.get());
            return;
        }
        listener.onMessage(c, envelope);
    }

    /**
     * A standby master named the leader: go there, until the detector names another. Repeated
     * redirects without an acceptance in between back off, so two standbys with stale views that
     * name each other do not make the link spin.
     */
    private void redirected(Connection c, MasterAddress leader) {
        LOG.info("{} at {} is not the leader; it names {}", capitalized(peer), connectedTo, leader);
        target = Optional.of(leader);
        connection = null;
        connectedTo = null;
        listener.onDisconnected(CloseReason.LOCAL_CLOSE, "redirected to the leader " + leader);
        c.close();
        failures++;
        if (failures == 1) {
            cancelRetry();
            connectIfIdle();
        } else {
            scheduleRetry(backoff.delayAfter(failures));
        }
    }

    private void scheduleRetry(Duration delay) {
        if (closed) {
            return;
        }
        cancelRetry();
        EventLoop.Timer[] self = new EventLoop.Timer[1];
        self[0] = loop.schedule(delay, () -> {
            if (retry == self[0]) {
                retry = null;
                connectIfIdle();
            }
        });
        retry = self[0];
    }

    private void cancelRetry() {
        EventLoop.Timer t = retry;
        retry = null;
        if (t != null) {
            t.cancel();
        }
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Network threads: hand every event to the loop, in order. */
    private final class Handler implements MessageHandler {
        @Override
        public void onOpen(Connection c) {
            loop.execute(() -> opened(c));
        }

        @Override
        public void onMessage(Connection c, Envelope envelope) {
            loop.execute(() -> received(c, envelope));
        }

        @Override
        public void onClose(Connection c, CloseReason reason, String detail) {
            loop.execute(() -> closed(c, reason, detail));
        }
    }

    /** Settings of a {@link MasterLink}; {@code detector}, {@code loop} and {@code listener} are required. */
    public static final class Builder {
        private final Role role;
        private final String principal;
        private MasterDetector detector;
        private EventLoop loop;
        private Listener listener;
        private ProtocolConfig protocol = ProtocolConfig.defaults();
        private Backoff backoff = Backoff.defaults();
        private String peer = "the master";
        private String threadName = "allot-link-connector";

        private Builder(Role role, String principal) {
            this.role = role;
            this.principal = principal;
        }

        /** Who leads; the link follows it but does not close it. */
        public Builder detector(MasterDetector detector) {
            this.detector = detector;
            return this;
        }

        /** The owner's loop: the link's state, timers and listener calls. */
        public Builder loop(EventLoop loop) {
            this.loop = loop;
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = listener;
            return this;
        }

        /** Connect timeout, heartbeats, frame size; {@link ProtocolConfig#defaults()} if not set. */
        public Builder protocol(ProtocolConfig protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /** {@link Backoff#defaults()} if not set. */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** The peer in log lines, e.g. {@code "the master"} (the default) or {@code "agent a1"}. */
        public Builder peerName(String peer) {
            this.peer = Objects.requireNonNull(peer, "peer");
            return this;
        }

        /** The name of the link's connector thread; {@code allot-link-connector} if not set. */
        public Builder threadName(String threadName) {
            this.threadName = Objects.requireNonNull(threadName, "threadName");
            return this;
        }

        /**
         * A link, not yet started.
         *
         * @throws NullPointerException naming a required setting that is missing
         */
        public MasterLink build() {
            return new MasterLink(this);
        }
    }
}
