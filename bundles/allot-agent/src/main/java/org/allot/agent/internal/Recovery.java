package org.allot.agent.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.allot.api.ExecutorInfo;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.StatusUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds an agent's state from the checkpoint a previous agent left in the same work dir: its
 * frameworks and tasks, its containers (adopted through the containerizer, each by the launcher and
 * isolators it was launched with; a container that ended meanwhile reports the exit status its
 * launcher recorded), the executors in them, and the status updates not yet acknowledged (handed
 * back to the {@link StatusUpdateManager}, sent once the agent has re-registered). A task without a
 * checkpointed container is reported LOST (AGENT_RESTARTED).
 *
 * <p>Threading: runs once, on the agent's event loop, while the agent starts.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Agent agent;
    private final Tasks tasks;

    Recovery(Agent agent) {
        this.agent = agent;
        this.tasks = agent.tasks();
    }

    void recover(Checkpointer.Recovered state) {
        state.frameworks().values().forEach(tasks::restoreFramework);
        restoreTasks(state.tasks());
        restoreUpdates(state.updates());
        Set<TaskKey> running = new HashSet<>();
        // Every container is adopted: the services of its isolation recover it, or it stays running,
        // abandoned, until they are there (Adoption).
        List<Checkpointer.Container> ours = state.containers();
        List<ContainerRecord> adopted = agent.containerizer().adoption().adopt(ours);
        for (int i = 0; i < ours.size(); i++) {
            adopt(ours.get(i), adopted.get(i), running);
        }
        for (TaskRecord t : tasks.all()) {
            if (!t.state.isTerminal() && !running.contains(t.key)) {
                lost(t, "task " + t.key.taskId() + " was not running when the agent restarted: its container"
                        + " ended or never started");
            }
        }
    }

    private void restoreTasks(Map<TaskKey, org.allot.protocol.proto.TaskInfo> saved) {
        saved.forEach((key, proto) -> {
            try {
                TaskInfo info = Wire.fromProto(proto);
                TaskRecord t = new TaskRecord(key, info, proto,
                        info.executor().map(e -> new ExecutorKey(key.frameworkId(), e.id())));
                t.state = TaskState.RUNNING;
                tasks.restore(t);
            } catch (IllegalArgumentException e) {
                LOG.warn("Dropped the checkpointed task {} of framework {}: {}", key.taskId(), key.frameworkId(),
                        e.getMessage());
                agent.checkpointer().removeTask(key);
            }
        });
    }

    /** A task with unacknowledged updates is in the state of the latest of them. */
    private void restoreUpdates(Map<TaskKey, List<StatusUpdate>> pending) {
        pending.forEach((key, list) -> {
            if (list.isEmpty()) {
                return;
            }
            TaskRecord t = tasks.get(key).orElseGet(() -> {
                TaskRecord unknown = TaskRecord.unknown(key);
                tasks.restore(unknown);
                return unknown;
            });
            t.latest = list.get(list.size() - 1).getStatus();
            t.state = Wire.fromProto(t.latest.getState());
        });
        agent.updates().recover(pending);
    }

    private void adopt(Checkpointer.Container cc, ContainerRecord c, Set<TaskKey> running) {
        if (cc.task().isPresent()) {
            TaskKey key = new TaskKey(cc.frameworkId(), cc.task().get());
            Optional<TaskRecord> t = tasks.get(key);
            if (t.isEmpty() || t.get().state.isTerminal()) {
                LOG.warn("Container {} runs task {} of framework {}, which is {}; killing it", c.id, key.taskId(),
                        key.frameworkId(), t.isEmpty() ? "not in the checkpoint" : "already " + t.get().state);
                agent.containerizer().destroy(c);
                return;
            }
            t.get().container = c.id;
            c.task = key;
            running.add(key);
        } else if (cc.executor().isPresent()) {
            ExecutorInfo info;
            try {
                info = Wire.fromProto(cc.executor().get());
            } catch (IllegalArgumentException e) {
                LOG.warn("Container {} names an invalid executor: {}; killing it", c.id, e.getMessage());
                agent.containerizer().destroy(c);
                return;
            }
            ExecutorKey key = new ExecutorKey(cc.frameworkId(), info.id());
            ExecutorRecord e = new ExecutorRecord(key, info, c.id);
            agent.executors().add(e);
            c.executor = key;
            for (TaskRecord t : tasks.all()) {
                if (t.executor.equals(Optional.of(key)) && !t.state.isTerminal()) {
                    e.tasks.add(t.key);
                    running.add(t.key);
                }
            }
        }
        LOG.info("Recovered container {} (pid {}) of framework {}", c.id, c.pid, c.frameworkId);
    }

    private void lost(TaskRecord t, String message) {
        if (!t.state.isTerminal()) {
            tasks.update(t, TaskState.LOST, TaskStatus.Reason.AGENT_RESTARTED, message);
        }
    }
}
