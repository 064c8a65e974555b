package org.allot.master.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.protocol.Connection;
import org.allot.protocol.loop.EventLoop;

/**
 * A registered agent in the master's registry, with its own indexes of the tasks, executors and
 * outstanding offers on it. Mutated on the event loop only.
 */
final class AgentEntry {

    final AgentId id;
    AgentInfo info;
    /** Null while the agent is disconnected and may still re-register. */
    Connection connection;
    /** While disconnected: removes the agent unless it re-registers first. */
    EventLoop.Timer reregisterTimer;
    /** Kills the master could not send while the agent was disconnected, each as it is to be sent (with its reason). */
    final Map<TaskKey, org.allot.protocol.proto.Envelope> pendingKills = new LinkedHashMap<>();
    /** The live tasks on this agent (the index by agent; {@link FrameworkEntry#tasks} is the one by framework). */
    final Map<TaskKey, TaskEntry> tasks = new LinkedHashMap<>();
    final Map<ExecutorEntry.Key, ExecutorEntry> executors = new LinkedHashMap<>();
    /** Tasks that ran here whose terminal update is not yet acknowledged (see {@link FrameworkEntry#freed}). */
    final Set<TaskKey> freed = new LinkedHashSet<>();
    final Set<OfferId> offers = new LinkedHashSet<>();
    /** As the agent last reported it; only an ACTIVE agent is offered. */
    org.allot.api.agent.AgentHealth health = org.allot.api.agent.AgentHealth.ACTIVE;

    AgentEntry(AgentId id, AgentInfo info, Connection connection) {
        this.id = id;
        this.info = info;
        this.connection = connection;
    }

    /** Whether the agent is connected, hence known to the allocation engine and offered. */
    boolean connected() {
        return connection != null;
    }

    /** Connected and ACTIVE: known to the allocation engine and offered. */
    boolean offerable() {
        return connected() && health.state() == org.allot.api.agent.AgentHealth.State.ACTIVE;
    }

    Resources total() {
        return info.resources();
    }

    String describe() {
        return id + " (" + info.hostname() + ":" + info.port() + ")";
    }
}
