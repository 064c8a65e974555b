package org.allot.master.internal;

import java.time.Duration;
import java.util.Set;

import org.allot.api.FrameworkInfo;
import org.allot.api.TaskId;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.Connection;
import org.allot.protocol.Messages;
import org.allot.protocol.proto.Error;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks in the master core: launches (validated by {@link LaunchValidator}, then booked and sent),
 * status updates from agents (resources freed as soon as the agent reports a terminal state, acknowledged
 * or not; the update itself is relayed and retried by the agent until the scheduler acknowledges), executors
 * ending, acknowledgements and kills ({@link Reconciliation} answers reconciliation).
 *
 * <p>Threading: the master's event loop only.
 */
final class TaskRoom {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRoom.class);

    private final Core core;
    private final Registry registry;
    private final OfferBook offers;
    private final RevocationRoom revocations;

    TaskRoom(Core core, OfferBook offers, RevocationRoom revocations) {
        this.core = core;
        this.registry = core.registry;
        this.offers = offers;
        this.revocations = revocations;
    }

    void accept(FrameworkEntry f, Inbound.Accept m) {
        Duration refuse = m.refuse().orElse(core.config().defaultRefuse());
        LaunchValidator.Result r = LaunchValidator.validate(new LaunchValidator.Request(f.id,
                f.info.hasCapability("PARTITION_AWARE"), m.offerIds(), m.launches(),
                id -> offers.outstanding(id).map(o -> new LaunchValidator.OfferRef(o.offer.id(), o.offer.frameworkId(),
                        o.offer.agentId(), o.offer.resources())),
                offers::gone, id -> f.tasks.containsKey(id) || f.freed.containsKey(id),
                (agent, eid) -> registry.executor(f.id, agent, eid) != null));
        for (LaunchValidator.Refused x : r.refused()) {
            core.refusals.refused("framework " + f.describe(), "task " + x.taskId() + ": " + x.message());
            core.masterUpdate(f, core.masterStatus(x.taskId(), x.state(), x.reason(), x.message(),
                    r.agentId().orElse(null)));
        }
        // The framework's own offers named are used up, whatever became of the tasks.
        for (LaunchValidator.OfferRef o : r.used()) {
            core.metrics.offerAccepted(f.id);
            offers.close(registry.offers.get(o.id()), r.agentId().isEmpty()
                    ? "used at " + core.now() + " by an Accept that was refused"
                    : "already used by an Accept at " + core.now(), false);
        }
        if (r.agentId().isEmpty()) {
            for (LaunchValidator.OfferRef o : r.used()) {
                offers.giveBack(f.id, o.agentId(), o.resources());
            }
            return;
        }
        AgentEntry agent = registry.agents.get(r.agentId().get());
        FrameworkInfo framework = f.info;
        for (LaunchValidator.Staged s : r.staged()) {
            s.newExecutor().ifPresent(e -> {
                registry.addExecutor(new ExecutorEntry(new ExecutorEntry.Key(f.id, agent.id, e.id()), e));
                core.engine.launched(f.id, agent.id, e.resources());
            });
            TaskStatus staging = core.masterStatus(s.task().id(), TaskState.STAGING, null,
                    "launched on " + r.offerNames(), agent.id);
            registry.addTask(new TaskEntry(f.id, agent.id, s.task(), s.taskResources(), TaskState.STAGING, staging));
            core.engine.launched(f.id, agent.id, s.taskResources());
            core.toAgent(agent, Messages.runTask(framework, s.task(), f.id));
            LOG.debug("Launching task {} of framework {} on agent {} with {}", s.task().id(), f.id, agent.id,
                    s.taskResources());
        }
        if (!r.remaining().isEmpty()) {
            offers.giveBack(f.id, agent.id, r.remaining());
            core.engine.decline(f.id, agent.id, r.remaining(), refuse);
        }
    }

    void statusUpdate(AgentEntry agent, Inbound.StatusUpdate m) {
        FrameworkEntry f = registry.frameworks.get(m.frameworkId());
        TaskStatus status = m.status();
        if (f == null) {
            // NOTE: nobody will ever acknowledge it, and the agent retries until someone does: the
            // master does, so that an ordinary framework teardown does not leave endless retries.
            String removed = registry.removedFrameworks.get(m.frameworkId());
            acknowledgeForScheduler(agent, m);
            if (removed != null) {
                LOG.debug("Acknowledged and dropped a {} update for task {} of removed framework {} ({})",
                        status.state(), status.taskId(), m.frameworkId(), removed);
            } else {
                String reason = "status update for task " + status.taskId() + " names framework " + m.frameworkId()
                        + ", which is not registered; the master acknowledged and dropped it";
                LOG.info("{} from agent {}", reason, agent.describe());
                core.out.send(agent.connection, Messages.error(Error.Code.REFUSED, reason));
            }
            return;
        }
        TaskEntry t = f.tasks.get(status.taskId());
        TaskKey key = new TaskKey(f.id, status.taskId());
        Set<TaskKey> lost = registry.lostTasks.get(agent.id);
        boolean trackedHere = t != null && t.agentId.equals(agent.id);
        if (!trackedHere && lost != null && lost.contains(key)) {
            // The framework got TASK_LOST when the agent was removed, and the task was killed when the
            // agent came back: a later update (TASK_KILLED, usually) would contradict what it was told.
            acknowledgeForScheduler(agent, m);
            if (status.state().isTerminal()) {
                lost.remove(key);
            }
            LOG.debug("Acknowledged and dropped a {} update for task {} of framework {}: the master declared it lost"
                    + " (or killed that copy) on agent {}", status.state(), status.taskId(), f.id, agent.id);
            return;
        }
        if (trackedHere) {
            if (status.uuid().isPresent() && status.uuid().equals(t.latest.uuid())) {
                core.metrics.statusUpdateRetried();
            }
            t.state = m.latest();
            t.latest = status;
            if (m.latest().isTerminal()) {
                // Freed now, acknowledged or not (Mesos's latest_state): a framework that never
                // acknowledges cannot hold the cluster's resources with finished tasks. Its id stays
                // in use until the terminal update is acknowledged.
                registry.free(t, status.state().isTerminal() ? uuidOf(m) : null);
                f.completed.put(status.taskId(), status.state().isTerminal() ? status
                        : core.masterStatus(status.taskId(), m.latest(), null, "agent " + agent.id + " reports the task "
                                + m.latest() + "; its update follows once the earlier ones are acknowledged", agent.id));
                core.engine.release(f.id, agent.id, t.resources);
                revocations.ended(key);
            }
        } else if (f.freed.containsKey(status.taskId())) {
            if (status.state().isTerminal()) {
                // The terminal update of a task freed early: its acknowledgement releases the id.
                f.completed.put(status.taskId(), status);
                f.freed.put(status.taskId(), new FrameworkEntry.FreedTask(agent.id, uuidOf(m)));
            }
        } else {
            LOG.debug("Forwarding a status update for task {} the master does not track on agent {}",
                    status.taskId(), agent.id);
        }
        // Forwarded as it came, uuid included; the agent retries until the scheduler acknowledges.
        core.toFramework(f, m.raw());
    }

    /** The uuid of an agent's update (empty if it has none: then nothing acknowledges it). */
    private static com.google.protobuf.ByteString uuidOf(Inbound.StatusUpdate m) {
        return m.raw().getStatusUpdate().getStatus().getUuid();
    }

    /** Acknowledges an agent's update in the scheduler's stead: same task and uuid, so its retries stop. */
    private void acknowledgeForScheduler(AgentEntry agent, Inbound.StatusUpdate m) {
        org.allot.protocol.proto.TaskStatus status = m.raw().getStatusUpdate().getStatus();
        if (!status.getUuid().isEmpty()) {
            core.out.send(agent.connection, Messages.acknowledge(m.frameworkId(), agent.id,
                    TaskId.of(status.getTaskId()), status.getUuid()));
        }
    }

    /** The agent reports an executor ended: its resources return, and the scheduler is told. */
    void executorLost(AgentEntry agent, Inbound.ExecutorLost m) {
        ExecutorEntry.Key key = new ExecutorEntry.Key(m.frameworkId(), agent.id, m.executorId());
        registry.removeExecutor(key).ifPresent(x -> {
            core.engine.release(m.frameworkId(), agent.id, x.resources());
            LOG.info("Executor {} of framework {} on agent {} ended; its {} return to the pool", m.executorId(),
                    m.frameworkId(), agent.id, x.resources());
        });
        forwardToScheduler(m.frameworkId(), m.raw());
    }

    void forwardToScheduler(org.allot.api.FrameworkId id, org.allot.protocol.proto.Envelope e) {
        FrameworkEntry f = registry.frameworks.get(id);
        if (f == null && registry.removedFrameworks.containsKey(id)) {
            // E.g. the ExecutorLost of an executor its Teardown ended: nobody is left to tell.
            LOG.debug("Dropped {} for removed framework {}", e.getMessageCase(), id);
            return;
        }
        if (f == null) {
            throw new PeerError(e.getMessageCase() + " names framework " + id + ", which is not registered");
        }
        core.toFramework(f, e);
    }

    void acknowledge(FrameworkEntry f, Inbound.Acknowledge m) {
        FrameworkEntry.FreedTask freed = f.freed.get(m.taskId());
        if (freed != null && freed.terminalUuid() != null
                && freed.terminalUuid().equals(m.raw().getAcknowledge().getUuid())) {
            registry.forgetFreed(f.id, m.taskId());
        }
        AgentEntry agent = registry.agents.get(m.agentId());
        if (agent == null) {
            throw new PeerError("Acknowledge for task " + m.taskId() + " names agent " + m.agentId()
                    + ", which is not registered; the agent re-sends the update when it comes back");
        }
        if (!core.toAgent(agent, m.raw())) {
            LOG.debug("Dropped an acknowledgement for task {} to disconnected agent {}; it re-sends the update"
                    + " when it re-registers", m.taskId(), agent.id);
        }
    }

    void kill(FrameworkEntry f, Inbound.Kill m) {
        TaskEntry t = f.tasks.get(m.taskId());
        AgentEntry agent = t == null ? null : registry.agents.get(t.agentId);
        if (t == null || agent == null) {
            TaskStatus done = f.completed.get(m.taskId());
            String why = done != null ? "task " + m.taskId() + " already ended as " + done.state()
                    : "task " + m.taskId() + " is not known to the master: it never launched or ended long ago";
            core.masterUpdate(f, core.masterStatus(m.taskId(), TaskState.LOST, TaskStatus.Reason.TASK_UNKNOWN,
                    "cannot kill: " + why, t == null ? null : t.agentId));
            return;
        }
        if (!agent.connected()) {
            agent.pendingKills.put(new TaskKey(f.id, t.info.id()), Messages.killTask(f.id, t.info.id()));
            LOG.info("Kill of task {} of framework {} waits for disconnected agent {} to re-register",
                    t.info.id(), f.id, agent.id);
            return;
        }
        core.toAgent(agent, Messages.killTask(f.id, t.info.id()));
        LOG.debug("Killing task {} of framework {} on agent {}", t.info.id(), f.id, agent.id);
    }

    /** A framework message from a scheduler to one of its executors, through the executor's agent. */
    void messageToAgent(Inbound.SchedulerFrameworkMessage fm) {
        AgentEntry agent = registry.agents.get(fm.agentId());
        if (agent == null) {
            throw new PeerError("FrameworkMessage names agent " + fm.agentId()
                    + ", which is not registered; the message was dropped");
        }
        if (!core.toAgent(agent, fm.raw())) {
            throw new PeerError("FrameworkMessage names agent " + fm.agentId()
                    + ", which is disconnected until it re-registers; the message was dropped");
        }
    }
}
