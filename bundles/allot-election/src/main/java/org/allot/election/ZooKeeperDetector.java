package org.allot.election;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.allot.election.internal.Clients;
import org.allot.election.internal.Participant;
import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.link.MasterDetector;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MasterDetector} of an elected cluster: the leader is the master whose latch node under
 * {@link ZooKeeperUrl#latchPath()} is the oldest, its address is that node's data and its epoch the
 * node's sequence number plus one (see {@link LeaderContender}). It watches the latch's children, so
 * every change of leader is reported, and reports no leader when its own ZooKeeper session is lost,
 * until it knows again. A ZooKeeper connection that is merely suspended keeps the last leader: the
 * epochs fence a leader that lost its own session meanwhile.
 *
 * <h2>Threading</h2>
 * As {@link MasterDetector}: any thread may call; listeners are called on Curator's threads under this
 * detector's lock, one at a time, in the order of the changes; they must not block.
 *
 * <h2>State</h2>
 * The leader last read and the subscriptions. A detector made by {@link #start} owns its ZooKeeper
 * session and closes it in {@link #close()}; one made by a {@link LeaderContender} shares the
 * contender's.
 *
 * <h2>Errors</h2>
 * A node with data that is not a master's address is skipped with a warning; failed reads are
 * retried on the next watch event or reconnection.
 */
public final class ZooKeeperDetector implements MasterDetector {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperDetector.class);

    private final CuratorFramework client;
    private final boolean ownsClient;
    private final ZooKeeperUrl url;
    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private final Watcher watcher = event -> {
        if (event.getType() != Watcher.Event.EventType.None) {
            refresh();
        }
    };
    private final ConnectionStateListener connections = this::connectionChanged;
    private Optional<MasterAddress> current = Optional.empty();
    private volatile boolean closed;

    ZooKeeperDetector(CuratorFramework client, ZooKeeperUrl url, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.url = Objects.requireNonNull(url, "url");
        this.ownsClient = ownsClient;
        client.getConnectionStateListenable().addListener(connections);
        refresh();
    }

    /**
     * A detector with its own ZooKeeper session of {@code sessionTimeout}; it connects in the
     * background and reports the leader once it has read it.
     */
    public static ZooKeeperDetector start(ZooKeeperUrl url, Duration sessionTimeout) {
        return new ZooKeeperDetector(Clients.start(url, sessionTimeout), url, true);
    }

    @Override
    public synchronized Optional<MasterAddress> current() {
        return current;
    }

    @Override
    public synchronized Subscription follow(Consumer<Optional<MasterAddress>> listener) {
        Sub s = new Sub(Objects.requireNonNull(listener, "listener"));
        if (!closed) {
            subs.add(s);
        }
        s.offer(current);
        return () -> subs.remove(s);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            subs.clear();
        }
        client.getConnectionStateListenable().removeListener(connections);
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "ZooKeeper detector of " + url;
    }

    private void connectionChanged(CuratorFramework c, ConnectionState state) {
        if (state == ConnectionState.LOST) {
            LOG.info("Lost the ZooKeeper session of {}; no leader known until it is back", url);
            publish(Optional.empty());
        } else if (state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED) {
            refresh(); // a new session has none of the old watches
        }
    }

    /** Reads the latch's children (and sets a watch on them), then the oldest child's data. */
    private void refresh() {
        if (closed) {
            return;
        }
        try {
            client.getChildren().usingWatcher(watcher).inBackground((c, e) -> childrenRead(e))
                    .forPath(url.latchPath());
        } catch (Exception e) {
            LOG.debug("Could not ask ZooKeeper for the leader of {}: {}", url, e.toString());
        }
    }

    private void childrenRead(CuratorEvent e) throws Exception {
        if (e.getResultCode() == KeeperException.Code.NONODE.intValue()) {
            publish(Optional.empty());
            // No master ever contended here: wait for the node to appear.
            client.checkExists().usingWatcher(watcher).inBackground((c, x) -> {
                if (x.getStat() != null) {
                    refresh();
                }
            }).forPath(url.latchPath());
            return;
        }
        if (e.getResultCode() != KeeperException.Code.OK.intValue()) {
            return; // connection trouble: the reconnection refreshes
        }
        Optional<String> oldest = e.getChildren().stream().filter(n -> Participant.epoch(n) >= 0)
                .min(Comparator.comparingLong(Participant::epoch));
        if (oldest.isEmpty()) {
            publish(Optional.empty());
            return;
        }
        String node = oldest.get();
        client.getData().inBackground((c, d) -> dataRead(node, d)).forPath(url.latchPath() + "/" + node);
    }

    private void dataRead(String node, CuratorEvent e) {
        if (e.getResultCode() == KeeperException.Code.NONODE.intValue()) {
            refresh(); // it went meanwhile: read again
            return;
        }
        if (e.getResultCode() != KeeperException.Code.OK.intValue()) {
            return;
        }
        Optional<MasterAddress> leader = Participant.decode(e.getData(), node);
        if (leader.isEmpty()) {
            LOG.warn("Latch node {}/{} does not hold a master's address (id@host:port); is another program using"
                    + " {}?", url.latchPath(), node, url);
        }
        publish(leader);
    }

    private synchronized void publish(Optional<MasterAddress> next) {
        if (closed) {
            return;
        }
        current = next;
        for (Sub s : subs) {
            s.offer(next);
        }
    }

    /** One listener and what it was last told. */
    private static final class Sub {
        private final Consumer<Optional<MasterAddress>> listener;
        private Optional<MasterAddress> last;

        Sub(Consumer<Optional<MasterAddress>> listener) {
            this.listener = listener;
        }

        void offer(Optional<MasterAddress> next) {
            if (next.equals(last)) {
                return;
            }
            last = next;
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.error("A master detector listener failed on {}", next, e);
            }
        }
    }
}
