package org.allot.master.internal;

import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.election.LeaderContender;
import org.allot.election.ZooKeeperUrl;
import org.allot.protocol.link.MasterAddress;

/**
 * The master's candidacy as the core sees it: who leads (for a standby's redirects) and the roster
 * of agents the leader keeps for its successor. {@link #zooKeeper} contends with a
 * {@link LeaderContender}; tests give their own.
 *
 * <p>Threading: any thread; the listener given to the factory is called on the election's thread.
 */
interface Election extends AutoCloseable {

    /** The leader as the election sees it now (possibly this master), or empty. */
    Optional<MasterAddress> leader();

    /** The leader gained an agent. */
    void agentAdded(AgentId id);

    /** The leader removed an agent. */
    void agentRemoved(AgentId id);

    /** Gives the candidacy up. */
    @Override
    void close();

    /** Starts a candidacy of master {@code masterId} serving at {@code hostPort}. */
    @FunctionalInterface
    interface Factory {
        Election start(String masterId, String hostPort, LeaderContender.Listener listener);
    }

    /** Contends at {@code url} with the session timeout of {@code config}. */
    static Factory zooKeeper(ZooKeeperUrl url, ElectionConfig config) {
        return (masterId, hostPort, listener) -> {
            LeaderContender c = LeaderContender.start(url, config.sessionTimeout(), masterId, hostPort, listener);
            return new Election() {
                @Override
                public Optional<MasterAddress> leader() {
                    return c.detector().current();
                }

                @Override
                public void agentAdded(AgentId id) {
                    c.agentAdded(id.value());
                }

                @Override
                public void agentRemoved(AgentId id) {
                    c.agentRemoved(id.value());
                }

                @Override
                public void close() {
                    c.close();
                }
            };
        };
    }
}
