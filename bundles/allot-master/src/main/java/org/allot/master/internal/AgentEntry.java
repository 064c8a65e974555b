package org.allot.master.internal;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.master.internal.allocation.ResourceMath;
import org.allot.protocol.Connection;
import org.allot.protocol.loop.EventLoop;

/** A registered agent in the master's registry. Mutated on the event loop only. */
final class AgentEntry {

    final AgentId id;
    AgentInfo info;
    /** Null while the agent is disconnected and may still re-register. */
    Connection connection;
    /** While disconnected: removes the agent unless it re-registers first. */
    EventLoop.Timer reregisterTimer;
    /** Kills the master could not send while the agent was disconnected, by framework. */
    final Set<Map.Entry<FrameworkId, TaskId>> pendingKills = new LinkedHashSet<>();
    /** Per framework: what its tasks use plus what it holds in outstanding offers on this agent. */
    final Map<FrameworkId, Resources> allocated = new TreeMap<>();
    final Set<OfferId> offers = new LinkedHashSet<>();

    AgentEntry(AgentId id, AgentInfo info, Connection connection) {
        this.id = id;
        this.info = info;
        this.connection = connection;
    }

    /** Whether the agent is connected, hence in the allocation engine and offered. */
    boolean connected() {
        return connection != null;
    }

    Resources total() {
        return info.resources();
    }

    Resources allocatedTotal() {
        Resources sum = Resources.empty();
        for (Resources r : allocated.values()) {
            sum = sum.add(r);
        }
        return sum;
    }

    void allocate(FrameworkId f, Resources r) {
        allocated.merge(f, r, Resources::add);
    }

    void release(FrameworkId f, Resources r) {
        Resources have = allocated.get(f);
        if (have == null) {
            return;
        }
        Resources rest = ResourceMath.minusAvailable(have, r);
        if (rest.isEmpty()) {
            allocated.remove(f);
        } else {
            allocated.put(f, rest);
        }
    }

    String describe() {
        return id + " (" + info.hostname() + ":" + info.port() + ")";
    }
}
