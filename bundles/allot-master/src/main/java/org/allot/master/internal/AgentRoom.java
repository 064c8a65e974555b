package org.allot.master.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.Connection;
import org.allot.protocol.Messages;
import org.allot.protocol.proto.Error;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents in the master core: registration and re-registration (adopting the tasks and executors an
 * agent reports, losing the ones it no longer has), disconnection with a re-registration window,
 * and removal (its tasks become {@code TASK_LOST}). Everything it touches on removal comes from the
 * agent's own indexes, never from a scan of every framework.
 *
 * <p>Threading: the master's event loop only.
 */
final class AgentRoom {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRoom.class);

    private final Core core;
    private final Registry registry;
    private final OfferBook offers;
    private final FrameworkRoom frameworks;
    private long nextAgent;

    AgentRoom(Core core, OfferBook offers, FrameworkRoom frameworks) {
        this.core = core;
        this.registry = core.registry;
        this.offers = offers;
        this.frameworks = frameworks;
    }

    /** The agent registered on this connection; its messages need one. */
    AgentEntry require(Connection c, String what) {
        AgentId id = registry.agentConnections.get(c);
        if (id == null) {
            throw new PeerError(Error.Code.PROTOCOL_VIOLATION, what + " from an agent that has not registered on"
                    + " this connection; send RegisterAgent or ReregisterAgent first");
        }
        return registry.agents.get(id);
    }

    void register(Connection c, Inbound.RegisterAgent m) {
        AgentId existing = registry.agentConnections.get(c);
        if (existing != null) {
            // A retried RegisterAgent whose answer was slow: answer again with the same id.
            core.out.send(c, Messages.agentRegistered(existing, core.masterId));
            return;
        }
        AgentId id = AgentId.of("a-" + core.masterId + "-" + (++nextAgent));
        AgentInfo info = m.agent().withId(id);
        AgentEntry agent = new AgentEntry(id, info, c);
        registry.agents.put(id, agent);
        registry.agentConnections.put(c, id);
        core.out.send(c, Messages.agentRegistered(id, core.masterId));
        LOG.info("Added agent {} with {}", agent.describe(), info.resources());
        core.engine.addAgent(id, info, info.resources(), Map.of());
        core.agentWatcher.added(id);
    }

    void reregister(Connection c, Inbound.ReregisterAgent m) {
        AgentId id = m.agent().requireId();
        AgentId onConnection = registry.agentConnections.get(c);
        if (onConnection != null && !onConnection.equals(id)) {
            throw new PeerError(Error.Code.PROTOCOL_VIOLATION, "this connection is registered as agent "
                    + onConnection + "; it cannot re-register as agent " + id);
        }
        AgentEntry known = registry.agents.get(id);
        // Frameworks the agent runs tasks for that this master has not seen (it may have just
        // failed over): recover them, disconnected, until their schedulers re-subscribe.
        for (FrameworkInfo info : m.frameworks()) {
            frameworks.recoverFromAgent(info, id);
        }
        AgentEntry agent;
        if (known != null) {
            // Still known: disconnected and within its re-register timeout, or it reconnected before
            // its old connection was seen to close. Its tasks are kept.
            agent = known;
            if (agent.connected()) {
                if (agent.connection != c) {
                    registry.agentConnections.remove(agent.connection);
                    core.out.closeWithError(agent.connection, Error.Code.PROTOCOL_VIOLATION,
                            "agent " + id + " re-registered on another connection");
                }
                offers.rescindOn(agent, "agent " + id + " re-registered");
                core.engine.removeAgent(id); // re-added below with what it uses now
            }
            if (agent.reregisterTimer != null) {
                agent.reregisterTimer.cancel();
                agent.reregisterTimer = null;
            }
            agent.info = m.agent();
            agent.connection = c;
        } else {
            agent = new AgentEntry(id, m.agent(), c);
            registry.agents.put(id, agent);
        }
        registry.agentConnections.put(c, id);
        adoptExecutors(agent, m.executors());
        int adopted = adopt(agent, m.tasks());
        if (known != null) {
            loseUnreported(agent, m.tasks());
        }
        core.out.send(c, Messages.agentReregistered(id, core.masterId));
        // The Teardown of a framework removed while the agent was away: its executors too must go.
        for (FrameworkInfo info : m.frameworks()) {
            FrameworkId fid = info.id().orElseThrow();
            String removed = registry.removedFrameworks.get(fid);
            if (removed != null) {
                core.out.send(c, Messages.teardown(fid, "framework " + fid + " was removed: " + removed));
            }
        }
        agent.pendingKills.forEach((kill, message) -> {
            FrameworkEntry f = registry.frameworks.get(kill.frameworkId());
            TaskEntry t = f == null ? null : f.tasks.get(kill.taskId());
            if (t != null && t.agentId.equals(id)) {
                core.out.send(c, message); // with its reason: a revocation stays REVOKED
            }
        });
        agent.pendingKills.clear();
        LOG.info("{} agent {} with {} and {} live tasks ({} adopted)", known != null ? "Reconnected" : "Re-added",
                agent.describe(), agent.total(), agent.tasks.size(), adopted);
        if (agent.offerable()) {
            core.engine.addAgent(id, agent.info, agent.total(), registry.usedOn(id));
        }
        if (known == null) {
            core.agentWatcher.added(id);
        }
    }

    /**
     * The agent reported its health. An agent that is not ACTIVE (a configured isolator is missing,
     * or it is draining) cannot launch what it would be offered: its offers are rescinded and it gets
     * no more until it reports ACTIVE again. Its tasks are untouched.
     */
    void health(AgentEntry agent, org.allot.api.agent.AgentHealth health) {
        if (health.equals(agent.health)) {
            return;
        }
        boolean was = agent.offerable();
        agent.health = health;
        if (health.state() == org.allot.api.agent.AgentHealth.State.ACTIVE) {
            LOG.info("Agent {} is ACTIVE again", agent.describe());
        } else {
            LOG.warn("Agent {} is {}: {}", agent.describe(), health.state(), health.reason());
        }
        if (was && !agent.offerable()) {
            offers.rescindOn(agent, "agent " + agent.describe() + " is " + health);
            core.engine.removeAgent(agent.id);
        } else if (!was && agent.offerable()) {
            core.engine.addAgent(agent.id, agent.info, agent.total(), registry.usedOn(agent.id));
        }
    }

    /**
     * The executors a re-registering agent reports are the ones that run: the registry's others
     * ended while the agent was away (their ExecutorLost never came) and are dropped, reported ones
     * it does not know are adopted, tasks or not. The engine's books are rebuilt from this after.
     */
    private void adoptExecutors(AgentEntry agent, List<Inbound.ReportedExecutor> reported) {
        Set<ExecutorEntry.Key> running = new HashSet<>();
        for (Inbound.ReportedExecutor e : reported) {
            ExecutorEntry.Key key = new ExecutorEntry.Key(e.frameworkId(), agent.id, e.info().id());
            running.add(key);
            if (!agent.executors.containsKey(key) && registry.frameworks.containsKey(e.frameworkId())) {
                registry.addExecutor(new ExecutorEntry(key, e.info()));
            }
        }
        for (ExecutorEntry.Key key : List.copyOf(agent.executors.keySet())) {
            if (!running.contains(key)) {
                LOG.info("Executor {} of framework {} no longer runs on re-registered agent {}; its {} return to the"
                        + " pool", key.executorId(), key.frameworkId(), agent.id, agent.executors.get(key).resources());
                registry.removeExecutor(key);
            }
        }
    }

    /**
     * Takes over the tasks a re-registering agent reports that the master does not track on it (with
     * their executors), and kills those it must not run: of an unknown or removed framework, declared
     * lost when the agent was removed, or whose id the framework uses for another live task. Returns
     * how many it adopted. The engine's books for the agent are rebuilt by the caller afterwards.
     */
    private int adopt(AgentEntry agent, List<Inbound.ReportedTask> reported) {
        Set<TaskKey> lost = registry.lostTasks.get(agent.id);
        int adopted = 0;
        for (Inbound.ReportedTask t : reported) {
            FrameworkEntry f = registry.frameworks.get(t.frameworkId());
            if (t.state().isTerminal()) {
                // The agent still delivers its terminal update; nothing runs. A new leader remembers the
                // end, so that a reconciliation answers it rather than "unknown" (which would have the
                // scheduler launch the task again).
                if (f != null && !f.tasks.containsKey(t.task().id())) {
                    f.completed.putIfAbsent(t.task().id(), core.masterStatus(t.task().id(), t.state(), null,
                            "ended on agent " + agent.id + " (reported on re-registration)", agent.id));
                }
                continue;
            }
            TaskKey key = new TaskKey(t.frameworkId(), t.task().id());
            TaskEntry tracked = f == null ? null : f.tasks.get(t.task().id());
            if (tracked != null && tracked.agentId.equals(agent.id)) {
                continue; // kept while the agent was away
            }
            if (f == null || (lost != null && lost.contains(key)) || tracked != null) {
                String why = f == null ? "its framework " + t.frameworkId() + " is unknown or removed"
                        : tracked != null ? "the framework already runs a task with that id"
                        : "the master declared it lost when the agent was removed";
                LOG.warn("Killing task {} of framework {} on re-registered agent {}: {}", t.task().id(),
                        t.frameworkId(), agent.id, why);
                core.out.send(agent.connection, Messages.killTask(t.frameworkId(), t.task().id()));
                // Its coming TASK_KILLED is about this copy, not the task the framework knows: the
                // master acknowledges and drops it (see TaskRoom).
                registry.lostTasks.computeIfAbsent(agent.id, k -> new HashSet<>()).add(key);
                continue;
            }
            t.task().executor().ifPresent(e -> {
                if (registry.executor(f.id, agent.id, e.id()) == null) {
                    registry.addExecutor(new ExecutorEntry(new ExecutorEntry.Key(f.id, agent.id, e.id()), e));
                }
            });
            TaskStatus status = core.masterStatus(t.task().id(), t.state(), null,
                    "re-registered with agent " + agent.id, agent.id);
            registry.addTask(new TaskEntry(f.id, agent.id, t.task(), t.task().resources(), t.state(), status));
            adopted++;
        }
        return adopted;
    }

    /**
     * Tasks the master has on a re-registering agent that the agent does not report (e.g. it
     * restarted and could not recover them) will never send an update: TASK_LOST. The engine's
     * books for the agent are rebuilt by the caller afterwards.
     */
    private void loseUnreported(AgentEntry agent, List<Inbound.ReportedTask> reported) {
        Set<TaskKey> reportedKeys = reported.stream().map(t -> new TaskKey(t.frameworkId(), t.task().id()))
                .collect(Collectors.toSet());
        for (TaskEntry t : registry.tasksOnAgent(agent.id)) {
            if (reportedKeys.contains(new TaskKey(t.frameworkId, t.info.id()))) {
                continue;
            }
            FrameworkEntry f = registry.frameworks.get(t.frameworkId);
            registry.removeTask(t);
            TaskStatus status = core.masterStatus(t.info.id(), TaskState.LOST, TaskStatus.Reason.AGENT_RESTARTED,
                    "task " + t.info.id() + " is lost: agent " + agent.describe() + " re-registered without it (it was "
                            + t.state + ")", agent.id);
            f.completed.put(t.info.id(), status);
            LOG.info("Task {} of framework {} is lost: agent {} re-registered without it", t.info.id(), f.describe(),
                    agent.describe());
            core.masterUpdate(f, status);
        }
    }

    /** The agent's connection closed: removed on a heartbeat timeout, otherwise given a window to come back. */
    void connectionClosed(AgentEntry agent, boolean heartbeatTimeout, String detail) {
        if (heartbeatTimeout) {
            remove(agent, detail);
        } else {
            disconnect(agent, detail);
        }
    }

    /**
     * The agent's connection closed, but not for a heartbeat timeout: it may be restarting. Its
     * offers are rescinded and it gets no more until it re-registers; its tasks are kept. If it
     * does not re-register within the re-register timeout it is removed.
     */
    private void disconnect(AgentEntry agent, String reason) {
        offers.rescindOn(agent, "agent " + agent.describe() + " disconnected (" + reason + ")");
        agent.connection = null;
        core.engine.removeAgent(agent.id);
        Duration timeout = core.config().agentReregisterTimeout();
        LOG.info("Agent {} disconnected ({}); its tasks are kept while it may re-register, for {}",
                agent.describe(), reason, Core.seconds(timeout));
        agent.reregisterTimer = core.loop.schedule(timeout, () -> {
            if (registry.agents.get(agent.id) == agent && !agent.connected()) {
                remove(agent, "it disconnected (" + reason + ") and did not re-register within "
                        + Core.seconds(timeout));
            }
        });
    }

    /**
     * The agent is gone: offers rescinded, frameworks told {@code AgentLost} first and then each
     * task's {@code TASK_LOST} (as {@code Scheduler.agentLost} documents).
     */
    void remove(AgentEntry agent, String why) {
        boolean inEngine = agent.offerable(); // a disconnected or inactive agent was removed from it already
        if (agent.reregisterTimer != null) {
            agent.reregisterTimer.cancel();
            agent.reregisterTimer = null;
        }
        String reason = "agent " + agent.describe() + " was removed: " + why;
        LOG.info("Removed agent {}: {}", agent.describe(), why);
        for (var oid : List.copyOf(agent.offers)) {
            OfferEntry o = registry.offers.get(oid);
            if (o != null) {
                // NOTE: no give-back: the engine forgets the agent, offers included, below.
                offers.close(o, "rescinded at " + core.now() + " because " + reason, true);
                core.toFramework(registry.frameworks.get(o.offer.frameworkId()), Messages.rescindOffer(oid, reason));
            }
        }
        for (FrameworkEntry f : registry.frameworks.values()) {
            core.toFramework(f, Messages.agentLost(agent.id, reason));
        }
        Set<TaskKey> lost = new HashSet<>();
        for (TaskEntry t : registry.tasksOnAgent(agent.id)) {
            FrameworkEntry f = registry.frameworks.get(t.frameworkId);
            registry.removeTask(t);
            TaskStatus status = core.masterStatus(t.info.id(), TaskState.LOST, TaskStatus.Reason.AGENT_REMOVED,
                    "task " + t.info.id() + " is lost: " + reason, agent.id);
            f.completed.put(t.info.id(), status);
            lost.add(new TaskKey(f.id, t.info.id()));
            core.masterUpdate(f, status);
        }
        for (ExecutorEntry.Key k : List.copyOf(agent.executors.keySet())) {
            registry.removeExecutor(k);
        }
        for (TaskKey k : List.copyOf(agent.freed)) {
            registry.forgetFreed(k.frameworkId(), k.taskId()); // its updates are gone with it
        }
        if (!lost.isEmpty()) {
            registry.lostTasks.computeIfAbsent(agent.id, k -> new HashSet<>()).addAll(lost);
        }
        registry.agents.remove(agent.id);
        if (agent.connection != null) {
            registry.agentConnections.remove(agent.connection);
        }
        if (inEngine) {
            core.engine.removeAgent(agent.id);
        }
        core.agentWatcher.removed(agent.id);
    }
}
