package org.allot.master.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.allot.api.AgentId;
import org.allot.api.TaskId;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task reconciliation with Mesos's semantics: a scheduler asks for the latest state of some tasks
 * (explicit) or of all its tasks (implicit), and each answer is a status update from the master
 * with reason {@code REASON_RECONCILIATION} and no uuid (nothing to acknowledge).
 *
 * <table>
 * <caption>Explicit reconciliation of one task</caption>
 * <tr><th>the master knows the task</th><th>answer</th></tr>
 * <tr><td>live on an agent (connected or within its re-register window)</td><td>its latest state</td></tr>
 * <tr><td>ended (acknowledged or not, among the last 1,000)</td><td>its terminal state</td></tr>
 * <tr><td>unknown, master RECOVERING, its agent not named, or named by the roster (or no roster was read)
 *     and not re-registered yet</td><td>none yet: the agent may still bring it back; the scheduler asks
 *     again</td></tr>
 * <tr><td>unknown otherwise</td><td>{@code TASK_LOST}, or {@code TASK_UNKNOWN} for a PARTITION_AWARE
 *     framework</td></tr>
 * </table>
 * Implicit reconciliation answers every task the master knows for the framework, live or ended but
 * not yet acknowledged; the scheduler takes any task of its own it hears nothing of as gone.
 *
 * <p>NOTE: a master keeps only soft state; while it RECOVERS, what tells an agent that has not
 * re-registered yet from one that never existed is the election's roster of agent ids (Mesos's
 * registry). An unknown task gets an answer then only if the scheduler names an agent that has
 * re-registered (it reported all its tasks) or one the roster does not name.
 *
 * <p>Threading: the master's event loop only.
 */
final class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final Core core;
    private final Registry registry;
    private final Predicate<AgentId> mayStillReregister;

    /**
     * @param mayStillReregister whether an agent not registered now may still re-register with this
     *                           recovering master (the election's roster)
     */
    Reconciliation(Core core, Predicate<AgentId> mayStillReregister) {
        this.core = core;
        this.registry = core.registry;
        this.mayStillReregister = mayStillReregister;
    }

    void reconcile(FrameworkEntry f, Inbound.Reconcile m) {
        List<TaskStatus> answers = m.tasks().isEmpty() ? implicit(f) : explicit(f, m.tasks());
        for (TaskStatus answer : answers) {
            core.toFramework(f, Messages.statusUpdate(f.id, answer));
        }
        LOG.debug("Reconciled {} task(s) of framework {} ({}): {} answer(s)", m.tasks().isEmpty() ? "all"
                : m.tasks().size(), f.describe(), core.leadership.state(), answers.size());
    }

    private List<TaskStatus> implicit(FrameworkEntry f) {
        List<TaskStatus> answers = new ArrayList<>();
        f.tasks.values().forEach(t -> answers.add(live(t)));
        for (TaskId id : f.freed.keySet()) {
            TaskStatus done = f.completed.get(id);
            if (done != null) {
                answers.add(ended(id, done));
            }
        }
        return answers;
    }

    private List<TaskStatus> explicit(FrameworkEntry f, List<Inbound.ReconcileTask> tasks) {
        boolean recovering = core.leadership.state() == Leadership.State.RECOVERING;
        List<TaskStatus> answers = new ArrayList<>();
        for (Inbound.ReconcileTask r : tasks) {
            TaskEntry t = f.tasks.get(r.taskId());
            TaskStatus done = f.completed.get(r.taskId());
            if (t != null) {
                answers.add(live(t));
            } else if (done != null) {
                answers.add(ended(r.taskId(), done));
            } else if (recovering && mayComeBack(r.agentId())) {
                LOG.debug("No answer yet for task {} of framework {}: master {} is recovering and agent {} has not"
                        + " re-registered", r.taskId(), f.id, core.masterId, r.agentId().map(AgentId::value)
                        .orElse("(not named)"));
            } else {
                boolean partitionAware = f.info.hasCapability("PARTITION_AWARE");
                answers.add(core.masterStatus(r.taskId(), partitionAware ? TaskState.UNKNOWN : TaskState.LOST,
                        TaskStatus.Reason.RECONCILIATION, "task " + r.taskId() + " is not known to master "
                                + core.masterId + r.agentId().map(a -> " on agent " + a).orElse(""),
                        r.agentId().orElse(null)));
            }
        }
        return answers;
    }

    /** Whether the task's agent may still re-register and report it; unknown when not named. */
    private boolean mayComeBack(Optional<AgentId> agent) {
        if (agent.isEmpty()) {
            return true;
        }
        AgentEntry known = registry.agents.get(agent.get());
        return known != null ? !known.connected() : mayStillReregister.test(agent.get());
    }

    private TaskStatus live(TaskEntry t) {
        return core.masterStatus(t.info.id(), t.state, TaskStatus.Reason.RECONCILIATION,
                "latest state known to the master" + (t.latest.message().isEmpty() ? "" : ": " + t.latest.message()),
                t.agentId);
    }

    private TaskStatus ended(TaskId id, TaskStatus done) {
        return core.masterStatus(id, done.state(), TaskStatus.Reason.RECONCILIATION,
                "the task ended" + (done.message().isEmpty() ? "" : ": " + done.message()),
                done.agentId().orElse(null));
    }
}
