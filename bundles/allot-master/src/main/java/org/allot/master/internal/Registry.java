package org.allot.master.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.master.internal.allocation.TaskIndex;
import org.allot.spi.allocation.TaskRef;
import org.allot.protocol.Connection;

/**
 * The master's registry: agents, frameworks, executors, tasks and outstanding offers, indexed by
 * agent and by framework, so that removing or re-registering an agent touches only what runs on it
 * and never scans every framework. It also remembers, boundedly, what is gone: closed offers (for
 * launches that name them late), removed frameworks (they may not come back) and tasks declared lost
 * with their agent. It holds entities only; the allocation engine keeps the resource books.
 *
 * <p>Threading: the master's event loop only.
 */
final class Registry implements TaskIndex {

    private static final int CLOSED_OFFERS_KEPT = 10_000;
    private static final int REMOVED_KEPT = 10_000;

    final Map<AgentId, AgentEntry> agents = new TreeMap<>();
    final Map<FrameworkId, FrameworkEntry> frameworks = new TreeMap<>();
    final Map<OfferId, OfferEntry> offers = new LinkedHashMap<>();
    final Map<Connection, AgentId> agentConnections = new IdentityHashMap<>();
    final Map<Connection, FrameworkId> frameworkConnections = new IdentityHashMap<>();
    /** Why an offer is no longer outstanding, for launches that name it afterwards. */
    final Map<OfferId, LaunchValidator.Gone> closedOffers = bounded(CLOSED_OFFERS_KEPT);
    /** Frameworks removed in this run, and why; they may not re-subscribe with their old id. */
    final Map<FrameworkId, String> removedFrameworks = bounded(REMOVED_KEPT);
    /** Tasks declared lost with their removed agent; killed if the agent comes back with them. */
    final Map<AgentId, Set<TaskKey>> lostTasks = bounded(REMOVED_KEPT);

    /** Forgets everything: a core that stops leading keeps nothing. */
    void clear() {
        agents.clear();
        frameworks.clear();
        offers.clear();
        agentConnections.clear();
        frameworkConnections.clear();
        closedOffers.clear();
        removedFrameworks.clear();
        lostTasks.clear();
    }

    // Tasks: indexed by framework (FrameworkEntry.tasks) and by agent (AgentEntry.tasks).

    /** Adds a live task to both indexes and to its executor, if any. */
    void addTask(TaskEntry t) {
        FrameworkEntry f = frameworks.get(t.frameworkId);
        f.tasks.put(t.info.id(), t);
        AgentEntry agent = agents.get(t.agentId);
        if (agent != null) {
            agent.tasks.put(new TaskKey(t.frameworkId, t.info.id()), t);
        }
        t.info.executor().ifPresent(e -> {
            ExecutorEntry x = executor(t.frameworkId, t.agentId, e.id());
            if (x != null) {
                x.tasks.add(t.info.id());
            }
        });
    }

    /** Removes a task from both indexes and from its executor (which keeps running). */
    void removeTask(TaskEntry t) {
        FrameworkEntry f = frameworks.get(t.frameworkId);
        if (f != null) {
            f.tasks.remove(t.info.id());
        }
        AgentEntry agent = agents.get(t.agentId);
        if (agent != null) {
            agent.tasks.remove(new TaskKey(t.frameworkId, t.info.id()));
        }
        t.info.executor().ifPresent(e -> {
            ExecutorEntry x = executor(t.frameworkId, t.agentId, e.id());
            if (x != null) {
                x.tasks.remove(t.info.id());
            }
        });
    }

    /** The live tasks on an agent, a copy safe to iterate while removing. */
    List<TaskEntry> tasksOnAgent(AgentId id) {
        AgentEntry agent = agents.get(id);
        return agent == null ? List.of() : new ArrayList<>(agent.tasks.values());
    }

    @Override
    public Collection<TaskRef> tasksOn(AgentId id) {
        AgentEntry agent = agents.get(id);
        if (agent == null) {
            return List.of();
        }
        List<TaskRef> refs = new ArrayList<>(agent.tasks.size());
        for (TaskEntry t : agent.tasks.values()) {
            refs.add(new TaskRef(t.frameworkId, t.info.id(), t.resources));
        }
        return refs;
    }

    // Freed tasks: by framework (FrameworkEntry.freed) and by agent (AgentEntry.freed).

    /** The task's resources were freed; its id stays in use until its terminal update is acknowledged. */
    void free(TaskEntry t, com.google.protobuf.ByteString terminalUuid) {
        removeTask(t);
        FrameworkEntry f = frameworks.get(t.frameworkId);
        AgentEntry agent = agents.get(t.agentId);
        if (f != null && agent != null) {
            f.freed.put(t.info.id(), new FrameworkEntry.FreedTask(t.agentId, terminalUuid));
            agent.freed.add(new TaskKey(t.frameworkId, t.info.id()));
        }
    }

    /** The id of a freed task is usable again: its terminal update was acknowledged, or its agent is gone. */
    void forgetFreed(FrameworkId frameworkId, TaskId taskId) {
        FrameworkEntry f = frameworks.get(frameworkId);
        FrameworkEntry.FreedTask freed = f == null ? null : f.freed.remove(taskId);
        AgentEntry agent = freed == null ? null : agents.get(freed.agentId());
        if (agent != null) {
            agent.freed.remove(new TaskKey(frameworkId, taskId));
        }
    }

    // Executors: by agent (AgentEntry.executors).

    ExecutorEntry executor(FrameworkId f, AgentId a, ExecutorId e) {
        AgentEntry agent = agents.get(a);
        return agent == null ? null : agent.executors.get(new ExecutorEntry.Key(f, a, e));
    }

    void addExecutor(ExecutorEntry x) {
        agents.get(x.key.agentId()).executors.put(x.key, x);
        FrameworkEntry f = frameworks.get(x.key.frameworkId());
        if (f != null) {
            f.executors.add(x.key);
        }
    }

    Optional<ExecutorEntry> removeExecutor(ExecutorEntry.Key key) {
        FrameworkEntry f = frameworks.get(key.frameworkId());
        if (f != null) {
            f.executors.remove(key);
        }
        AgentEntry agent = agents.get(key.agentId());
        return Optional.ofNullable(agent == null ? null : agent.executors.remove(key));
    }

    /**
     * What each framework uses on an agent: its live tasks and its executors there. Offers are not
     * included (the caller rescinds them before it re-adds an agent).
     */
    Map<FrameworkId, Resources> usedOn(AgentId id) {
        AgentEntry agent = agents.get(id);
        if (agent == null) {
            return Map.of();
        }
        Map<FrameworkId, Resources> used = new HashMap<>();
        for (TaskEntry t : agent.tasks.values()) {
            used.merge(t.frameworkId, t.resources, Resources::add);
        }
        for (ExecutorEntry x : agent.executors.values()) {
            used.merge(x.key.frameworkId(), x.resources(), Resources::add);
        }
        return used;
    }

    /** Everything allocated on an agent: used by tasks and executors, and held in outstanding offers. */
    Resources allocatedOn(AgentId id) {
        AgentEntry agent = agents.get(id);
        if (agent == null) {
            return Resources.empty();
        }
        List<Resources> parts = new ArrayList<>(usedOn(id).values());
        for (OfferId o : agent.offers) {
            OfferEntry offer = offers.get(o);
            if (offer != null) {
                parts.add(offer.offer.resources());
            }
        }
        return Resources.sum(parts);
    }

    private static <K, V> Map<K, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
