package org.allot.master.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.allot.api.AgentId;
import org.allot.election.LeaderContender;
import org.allot.protocol.link.MasterAddress;

/**
 * An election a test drives: it says who leads and tells the master it is elected, suspended or
 * defeated, as the ZooKeeper contender would, and records the roster the master keeps.
 */
final class FakeElection implements Election, Election.Factory {

    volatile Optional<MasterAddress> leader = Optional.empty();
    final List<String> roster = new ArrayList<>();
    LeaderContender.Listener listener;
    String hostPort;
    boolean closed;

    @Override
    public Election start(String masterId, String hostPort, LeaderContender.Listener listener) {
        this.hostPort = hostPort;
        this.listener = listener;
        return this;
    }

    void elect(long epoch, Set<String> expectedAgents) {
        listener.elected(epoch, Optional.of(expectedAgents));
    }

    @Override
    public Optional<MasterAddress> leader() {
        return leader;
    }

    @Override
    public synchronized void agentAdded(AgentId id) {
        roster.add("+" + id.value());
    }

    @Override
    public synchronized void agentRemoved(AgentId id) {
        roster.add("-" + id.value());
    }

    @Override
    public void close() {
        closed = true;
    }
}
