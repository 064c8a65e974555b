package org.allot.master.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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
 *     and not re-registered yet</td><td>none yet: the agent may still bring it back; answered as below
 *     once the recovery ends (Mesos leaves the retry to the scheduler)</td></tr>
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
    private final Consumer<Runnable> afterRecovery;

    /**
     * @param mayStillReregister whether an agent not registered now may still re-register with this
     *                           recovering master (the election's roster)
     * @param afterRecovery      runs its argument once the recovery ends (at once if not recovering)
     */
    Reconciliation(Core core, Predicate<AgentId> mayStillReregister, Consumer<Runnable> afterRecovery) {
        this.core = core;
        this.registry = core.registry;
        this.mayStillReregister = mayStillReregister;
        this.afterRecovery = afterRecovery;
    }

    void reconcile(FrameworkEntry f, Inbound.Reconcile m) {
        List<Inbound.ReconcileTask> later = new ArrayList<>();
        List<TaskStatus> answers = m.tasks().isEmpty() ? implicit(f) : explicit(f, m.tasks(), later);
        if (!later.isEmpty()) {
            // NOTE: beyond Mesos, which leaves the retry to the scheduler: the tasks not answered now
            // are answered once the recovery ends, whatever it found, so a scheduler asking once hears.
            Inbound.Reconcile rest = new Inbound.Reconcile(f.id, List.copyOf(later));
            afterRecovery.accept(() -> {
                if (registry.frameworks.get(f.id) == f && f.connected()) {
                    reconcile(f, rest);
                }
            });
        }
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

    /** Answers now what it can; the tasks that must wait for the recovery's end go to {@code later}. */
    private List<TaskStatus> explicit(FrameworkEntry f, List<Inbound.ReconcileTask> tasks,
            List<Inbound.ReconcileTask> later) {
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
                later.add(r);
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
