package org.allot.election;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.allot.election.internal.Clients;
import org.allot.election.internal.LeadershipTracker;
import org.allot.election.internal.Participant;
import org.allot.protocol.link.MasterDetector;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master's candidacy: contends with Curator's {@link LeaderLatch} under
 * {@link ZooKeeperUrl#latchPath()}, its node holding {@code masterId@host:port}, and tells the master
 * when it leads (with the leader epoch, the node's sequence number plus one, which only grows), when
 * it must stop acting at once (ZooKeeper connection SUSPENDED) and when it no longer leads (session
 * LOST, another leader). See {@code LeadershipTracker} for the exact rules.
 *
 * <p>The leader also keeps the roster of its agents under {@link ZooKeeperUrl#agentsPath()}, one
 * persistent node per agent id: a new leader reads it when elected, so it knows which agents to
 * wait for before it makes offers. The roster is a hint, not the truth: an agent it names that does
 * not come back within the re-registration window is marked lost and taken off.
 *
 * <h2>Threading</h2>
 * The listener is called on the contender's own thread ({@code allot-election}), one call at a
 * time, in order; it must not block for long. Other methods: any thread.
 *
 * <h2>State</h2>
 * A ZooKeeper session of its own, the latch and the thread; {@link #close()} gives the leadership up
 * (a standby takes over at once) and ends them.
 *
 * <h2>Errors</h2>
 * ZooKeeper trouble is never thrown: it shows as suspended, then defeated, and the contender keeps
 * contending when the connection comes back. Roster writes that fail are logged and dropped.
 */
public final class LeaderContender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderContender.class);

    /** What a contending master is told; on the contender's thread. */
    public interface Listener {
        /**
         * This master leads from {@code epoch}; {@code expectedAgents} are the agent ids the previous
         * leaders' roster names, whose re-registration it may wait for (empty if the roster could not
         * be read: then it waits the whole re-registration window).
         */
        void elected(long epoch, Optional<Set<String>> expectedAgents);

        /** The ZooKeeper connection is suspended: stop acting (no launches, no offers) at once. */
        void suspended();

        /** This master no longer leads: step down. */
        void defeated(String why);
    }

    private final ZooKeeperUrl url;
    private final CuratorFramework client;
    private final ExecutorService thread;
    private final LeaderLatch latch;
    private final LeadershipTracker tracker;
    private final ZooKeeperDetector detector;
    private volatile boolean closed;

    private LeaderContender(ZooKeeperUrl url, Duration sessionTimeout, String masterId, String hostPort,
                            Listener listener) {
        this.url = Objects.requireNonNull(url, "url");
        Objects.requireNonNull(listener, "listener");
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "allot-election");
            t.setDaemon(true);
            return t;
        });
        this.client = Clients.start(url, sessionTimeout);
        this.tracker = new LeadershipTracker(new LeadershipTracker.Events() {
            @Override
            public void elected(long epoch) {
                listener.elected(epoch, readRoster());
            }

            @Override
            public void suspended() {
                listener.suspended();
            }

            @Override
            public void defeated(String why) {
                listener.defeated(why);
            }
        });
        this.latch = new LeaderLatch(client, url.latchPath(),
                new String(Participant.encode(masterId, hostPort), java.nio.charset.StandardCharsets.UTF_8));
        // NOTE: registered before the latch starts, so on this thread a connection change is seen
        // before the latch's reaction to it.
        client.getConnectionStateListenable().addListener((c, state) -> connectionChanged(state), thread);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                tracker.isLeader(Participant.epoch(latch.getOurPath()));
            }

            @Override
            public void notLeader() {
                tracker.notLeader(client.getZookeeperClient().isConnected());
            }
        }, thread);
        this.detector = new ZooKeeperDetector(client, url, false);
    }

    /**
     * Starts contending for {@code url} as master {@code masterId} serving at {@code hostPort}
     * ({@code host:port}), with a ZooKeeper session of {@code sessionTimeout}.
     */
    public static LeaderContender start(ZooKeeperUrl url, Duration sessionTimeout, String masterId, String hostPort,
                                        Listener listener) {
        LeaderContender c = new LeaderContender(url, sessionTimeout, masterId, hostPort, listener);
        try {
            c.latch.start();
        } catch (Exception e) {
            c.close();
            throw new IllegalStateException("cannot contend for the leadership at " + url + ": " + e, e);
        }
        LOG.info("Master {} at {} contends for the leadership at {}", masterId, hostPort, url);
        return c;
    }

    /** Who leads, as this contender's session sees it; shares its session (not to be closed by others). */
    public MasterDetector detector() {
        return detector;
    }

    /** The leader adds an agent to the roster. Asynchronous. */
    public void agentAdded(String agentId) {
        if (closed) {
            return;
        }
        try {
            client.create().creatingParentContainersIfNeeded().withMode(CreateMode.PERSISTENT)
                    .inBackground((c, e) -> {
                        if (e.getResultCode() != KeeperException.Code.OK.intValue()
                                && e.getResultCode() != KeeperException.Code.NODEEXISTS.intValue()) {
                            LOG.debug("Could not add agent {} to the roster: {}", agentId,
                                    KeeperException.Code.get(e.getResultCode()));
                        }
                    }).forPath(url.agentsPath() + "/" + agentId);
        } catch (Exception e) {
            LOG.debug("Could not add agent {} to the roster: {}", agentId, e.toString());
        }
    }

    /** The leader takes an agent off the roster (it was removed). Asynchronous. */
    public void agentRemoved(String agentId) {
        if (closed) {
            return;
        }
        try {
            client.delete().quietly().inBackground().forPath(url.agentsPath() + "/" + agentId);
        } catch (Exception e) {
            LOG.debug("Could not take agent {} off the roster: {}", agentId, e.toString());
        }
    }

    /** Gives the leadership up (a standby takes over at once) and closes the session. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        detector.close();
        try {
            latch.close(LeaderLatch.CloseMode.SILENT);
        } catch (Exception e) {
            LOG.debug("Closing the leader latch: {}", e.toString());
        }
        client.close();
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void connectionChanged(ConnectionState state) {
        boolean leads = state == ConnectionState.RECONNECTED && latch.hasLeadership();
        tracker.connection(state, leads, leads ? Participant.epoch(latch.getOurPath()) : 0);
    }

    private Optional<Set<String>> readRoster() {
        try {
            return Optional.of(new HashSet<>(client.getChildren().forPath(url.agentsPath())));
        } catch (KeeperException.NoNodeException e) {
            return Optional.of(Set.of());
        } catch (Exception e) {
            LOG.warn("Could not read the agent roster at {}: {}; waiting the whole re-registration window",
                    url.agentsPath(), e.toString());
            return Optional.empty();
        }
    }
}
