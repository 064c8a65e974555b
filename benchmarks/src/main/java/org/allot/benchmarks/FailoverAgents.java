package org.allot.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Duration;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.Resources;
import org.allot.election.ZooKeeperDetector;
import org.allot.election.ZooKeeperUrl;
import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.Messages;
import org.allot.protocol.ProtocolClient;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.Role;

/**
 * Many agents in one process for the failover benchmark: each has its own ZooKeeper session (a real
 * {@link ZooKeeperDetector}) and its own master session, registers with the leader, and when its
 * detector names a new leader it connects there and re-registers with its id, as a real agent's
 * link does. Master sessions share one {@link ProtocolClient}; connects run on a small pool.
 */
final class FailoverAgents implements AutoCloseable {

    private static final Resources RESOURCES = Resources.parse("cpus:8;mem:16384");

    private final ProtocolClient client;
    private final ExecutorService connects = Executors.newFixedThreadPool(32);
    private final List<ZooKeeperDetector> detectors = new ArrayList<>();
    private final Map<Long, Integer> byConnection = new ConcurrentHashMap<>();
    private final String[] ids;
    private final long[] epochs;
    final AtomicInteger registered = new AtomicInteger();
    final AtomicInteger reregistered = new AtomicInteger();
    /** System.nanoTime() of the first detector report of an epoch above the first leader's, or 0. */
    final AtomicLong newLeaderSeen = new AtomicLong();
    /** System.nanoTime() of the last re-registration. */
    final AtomicLong lastReregistered = new AtomicLong();
    private volatile long firstEpoch = Long.MAX_VALUE;

    FailoverAgents(int count, ProtocolConfig protocol) {
        this.client = new ProtocolClient(protocol, new Handler());
        this.ids = new String[count];
        this.epochs = new long[count];
    }

    /**
     * Each agent follows a detector: its own ({@code agentsPerSession} 1), or one ZooKeeper session
     * shared by a group of that many agents, so that 10,000 agents do not need 10,000 Curator clients
     * in one JVM. Each agent keeps its own master session either way.
     */
    void start(ZooKeeperUrl url, Duration sessionTimeout, int agentsPerSession) {
        ZooKeeperDetector d = null;
        for (int i = 0; i < ids.length; i++) {
            int agent = i;
            if (i % agentsPerSession == 0) {
                d = ZooKeeperDetector.start(url, sessionTimeout);
                detectors.add(d);
            }
            d.follow(leader -> leader.ifPresent(a -> leaderIs(agent, a)));
        }
    }

    /** From now on, a leader of a higher epoch than this is the new one. */
    void firstLeader(long epoch) {
        firstEpoch = epoch;
    }

    private void leaderIs(int agent, MasterAddress leader) {
        synchronized (this) {
            if (leader.epoch() <= epochs[agent]) {
                return;
            }
            epochs[agent] = leader.epoch();
        }
        if (leader.epoch() > firstEpoch) {
            newLeaderSeen.compareAndSet(0, System.nanoTime());
        }
        connects.execute(() -> connect(agent, leader));
    }

    private void connect(int agent, MasterAddress leader) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Connection c = client.connect(leader.host(), leader.port(), Hello.newBuilder().setRole(Role.AGENT)
                        .setPrincipal("agent@sim-" + agent).build());
                byConnection.put(c.id(), agent);
                AgentInfo info = AgentInfo.unregistered("sim-" + agent, EmulatedAgents.AGENT_PORT, RESOURCES);
                String id = ids[agent];
                c.send(id == null ? Messages.registerAgent(info, "emulated")
                        : Messages.reregisterAgent(info.withId(AgentId.of(id)), List.of(), List.of(), List.of(),
                        "emulated"));
                return;
            } catch (Exception e) {
                try {
                    Thread.sleep(100); // the master may not listen yet; bounded by the attempts
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        connects.shutdownNow();
        detectors.forEach(ZooKeeperDetector::close);
        client.close();
    }

    private final class Handler implements MessageHandler {
        @Override
        public void onOpen(Connection connection) {
        }

        @Override
        public void onMessage(Connection c, Envelope e) {
            Integer agent = byConnection.get(c.id());
            if (agent == null) {
                return;
            }
            if (e.hasAgentRegistered()) {
                ids[agent] = e.getAgentRegistered().getAgentId();
                registered.incrementAndGet();
            } else if (e.hasAgentReregistered()) {
                lastReregistered.set(System.nanoTime());
                reregistered.incrementAndGet();
            }
        }

        @Override
        public void onClose(Connection c, CloseReason reason, String detail) {
            byConnection.remove(c.id());
        }
    }

}
