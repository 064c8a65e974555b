package org.allot.agent.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Names;
import org.allot.api.Resources;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.Messages;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.RunTask;
import org.allot.protocol.proto.StatusUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.ByteString;

/**
 * The tasks of this agent and their frameworks: launches a task (a command in its own container,
 * or handed to its custom executor, started on first use), kills it, tears a framework down, and
 * turns each change of a task's state into a status update for the {@link StatusUpdateManager}.
 * It forgets a task once its terminal update is acknowledged.
 *
 * <p>Threading: confined to the agent's event loop.
 */
final class Tasks {

    private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);

    private final Agent agent;
    private final Map<FrameworkId, org.allot.protocol.proto.FrameworkInfo> frameworks = new LinkedHashMap<>();
    private final Map<TaskKey, TaskRecord> tasks = new LinkedHashMap<>();

    Tasks(Agent agent) {
        this.agent = agent;
    }

    Collection<TaskRecord> all() {
        return List.copyOf(tasks.values());
    }

    Optional<TaskRecord> get(TaskKey key) {
        return Optional.ofNullable(tasks.get(key));
    }

    Optional<org.allot.protocol.proto.FrameworkInfo> framework(FrameworkId id) {
        return Optional.ofNullable(frameworks.get(id));
    }

    /** For recovery: a framework and a task known from the checkpoint. */
    void restoreFramework(org.allot.protocol.proto.FrameworkInfo f) {
        frameworks.put(FrameworkId.of(f.getFrameworkId()), f);
    }

    void restore(TaskRecord t) {
        tasks.put(t.key, t);
    }

    // =============================================================================================
    // Launch

    void run(Inbound.RunTask run) {
        TaskKey key = new TaskKey(run.frameworkId(), run.task().id());
        TaskRecord existing = tasks.get(key);
        if (existing != null) {
            LOG.warn("Ignored RunTask for task {} of framework {}: it is already known here ({})", key.taskId(),
                    key.frameworkId(), existing.state);
            return;
        }
        rememberFramework(run.frameworkId(), run.framework());
        TaskRecord t = new TaskRecord(key, run.task(), run.raw(),
                run.task().executor().map(e -> new ExecutorKey(run.frameworkId(), e.id())));
        tasks.put(key, t);
        agent.checkpointer().saveTask(key, run.raw());
        LOG.info("Launching task {} of framework {} with {}", key.taskId(), key.frameworkId(), run.task().resources());
        if (run.task().command().isPresent()) {
            launchCommandTask(t, run.framework(), run.task().command().get());
        } else {
            launchExecutorTask(t, run.framework(), run.task().executor().get());
        }
    }

    /** A task the agent will not launch: TASK_ERROR naming it, and nothing on disk. */
    void refuse(Inbound.InvalidTask m) {
        LOG.warn("Refused task {} of framework {}: {}", Names.printable(m.rawTaskId()), m.frameworkId(),
                m.reason());
        if (m.taskId().isEmpty()) {
            // NOTE: no master can acknowledge an update about an id it cannot read, so this one is
            // sent once, not retried.
            UUID uuid = UUID.randomUUID();
            agent.sendToMaster(Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder()
                    .setFrameworkId(m.frameworkId().value()).setStatus(org.allot.protocol.proto.TaskStatus.newBuilder()
                            .setTaskId(m.rawTaskId()).setState(org.allot.protocol.proto.TaskState.TASK_ERROR)
                            .setSource(org.allot.protocol.proto.TaskStatus.Source.SOURCE_AGENT)
                            .setReason(org.allot.protocol.proto.TaskStatus.Reason.REASON_TASK_INVALID)
                            .setMessage(m.reason()).setTimestampMillis(agent.loop().now().toEpochMilli())
                            .setUuid(Agent.uuidBytes(uuid))
                            .setAgentId(agent.currentAgentId().map(AgentId::value).orElse("")))).build());
            return;
        }
        TaskKey key = new TaskKey(m.frameworkId(), m.taskId().get());
        if (tasks.containsKey(key)) {
            LOG.warn("Ignored RunTask for task {} of framework {}: it is already known here", key.taskId(),
                    key.frameworkId());
            return;
        }
        TaskRecord t = TaskRecord.unknown(key);
        tasks.put(key, t);
        update(t, TaskState.ERROR, TaskStatus.Reason.TASK_INVALID, m.reason());
    }

    /** A task sent while the agent drains: TASK_LOST (AGENT_DRAINING), nothing launched. */
    void refuseWhileDraining(Inbound.RunTask run) {
        TaskKey key = new TaskKey(run.frameworkId(), run.task().id());
        if (tasks.containsKey(key)) {
            return;
        }
        TaskRecord t = TaskRecord.unknown(key);
        tasks.put(key, t);
        update(t, TaskState.LOST, TaskStatus.Reason.AGENT_DRAINING, "agent is draining; it launches no new task");
    }

    /**
     * For a drain: kills every task that is not terminal and shuts down every executor, with
     * reason AGENT_DRAINING. Returns how many tasks it started killing.
     */
    int killAllForDrain() {
        int killed = 0;
        for (TaskRecord t : all()) {
            if (t.info != null && !t.state.isTerminal()) {
                killed++;
                if (t.executor.isEmpty()) {
                    kill(t.key, TaskStatus.Reason.AGENT_DRAINING, "");
                } else {
                    t.killReason = TaskStatus.Reason.AGENT_DRAINING;
                }
            }
        }
        for (ExecutorRecord e : agent.executors().all()) {
            shutdownExecutor(e, "the agent is draining");
        }
        return killed;
    }

    /** Tasks not yet in a terminal state. */
    int notTerminal() {
        return (int) tasks.values().stream().filter(t -> !t.state.isTerminal()).count();
    }

    private void rememberFramework(FrameworkId fid, org.allot.protocol.proto.FrameworkInfo fw) {
        if (!fw.equals(frameworks.put(fid, fw))) {
            agent.checkpointer().saveFramework(fw);
        }
    }

    private void launchCommandTask(TaskRecord t, org.allot.protocol.proto.FrameworkInfo fw, CommandInfo command) {
        update(t, TaskState.STARTING, null, "");
        Path sandbox = agent.sandboxes().task(t.key.frameworkId(), t.key.taskId());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ALLOT_FRAMEWORK_ID", t.key.frameworkId().value());
        env.put("ALLOT_TASK_ID", t.key.taskId().value());
        env.put("ALLOT_SANDBOX", sandbox.toString());
        agent.currentAgentId().ifPresent(id -> env.put("ALLOT_AGENT_ID", id.value()));
        try {
            ContainerRecord c = agent.containerizer().launch(sandbox, t.info.resources(), userOf(fw), command, env,
                    t.key.frameworkId(), fw.getRole().isEmpty() ? "*" : fw.getRole(), new Containerizer.LaunchListener() {
                        @Override
                        public void forked(ContainerRecord c) {
                            agent.checkpointer().saveContainer(c.checkpointed(Optional.empty()));
                        }

                        @Override
                        public void running(ContainerRecord c) {
                            if (!t.state.isTerminal()) {
                                update(t, TaskState.RUNNING, null, "");
                            }
                        }

                        @Override
                        public void failed(ContainerRecord c, String message) {
                            agent.checkpointer().removeContainer(c.id);
                            failLaunch(t, message);
                        }
                    });
            c.task = t.key;
            t.container = c.id;
        } catch (LaunchException ex) {
            failLaunch(t, ex.getMessage());
        }
    }

    private void launchExecutorTask(TaskRecord t, org.allot.protocol.proto.FrameworkInfo fw, ExecutorInfo info) {
        ExecutorKey key = t.executor.orElseThrow();
        ExecutorRecord e = agent.executors().get(key).orElse(null);
        if (e != null && (e.shuttingDown || executorEnded(e))) {
            update(t, TaskState.LOST, TaskStatus.Reason.EXECUTOR_TERMINATED, "executor '" + key.executorId() + "' is "
                    + (e.shuttingDown ? "shutting down" : "ending") + "; relaunch the task");
            return;
        }
        if (e == null) {
            Path sandbox = agent.sandboxes().executor(key.frameworkId(), key.executorId());
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ALLOT_AGENT_ENDPOINT", "127.0.0.1:" + agent.port());
            env.put("ALLOT_FRAMEWORK_ID", key.frameworkId().value());
            env.put("ALLOT_EXECUTOR_ID", key.executorId().value());
            env.put("ALLOT_AGENT_ID", agent.currentAgentId().map(AgentId::value).orElse(t.info.agentId().value()));
            env.put("ALLOT_SANDBOX", sandbox.toString());
            Resources limits = info.resources().add(t.info.resources());
            ExecutorRecord[] started = new ExecutorRecord[1];
            try {
                ContainerRecord c = agent.containerizer().launch(sandbox, limits, userOf(fw), info.command(), env,
                        key.frameworkId(), fw.getRole().isEmpty() ? "*" : fw.getRole(),
                        new Containerizer.LaunchListener() {
                            @Override
                            public void forked(ContainerRecord c) {
                                agent.checkpointer().saveContainer(c.checkpointed(Optional.of(started[0].proto)));
                            }

                            @Override
                            public void running(ContainerRecord c) {
                                LOG.info("Started executor '{}' of framework {} (pid {})", key.executorId(),
                                        key.frameworkId(), c.pid);
                            }

                            @Override
                            public void failed(ContainerRecord c, String message) {
                                agent.checkpointer().removeContainer(c.id);
                                executorLaunchFailed(started[0], message);
                            }
                        });
                e = new ExecutorRecord(key, info, c.id);
                started[0] = e;
                c.executor = key;
                agent.executors().add(e);
            } catch (LaunchException ex) {
                failLaunch(t, ex.getMessage());
                return;
            }
        }
        e.tasks.add(t.key);
        if (e.tasks.size() > 1) {
            updateLimits(e);
        }
        agent.executors().send(e, Envelope.newBuilder().setRunTask(RunTask.newBuilder().setFramework(fw)
                .setTask(t.proto)).build());
    }

    /** Its process ended and its container is being cleaned up; it is forgotten once that is done. */
    private boolean executorEnded(ExecutorRecord e) {
        return agent.containerizer().get(e.container).map(c -> c.exited).orElse(true);
    }

    private void failLaunch(TaskRecord t, String message) {
        if (t.state.isTerminal()) {
            return;
        }
        if (t.killRequested) {
            update(t, TaskState.KILLED, TaskStatus.Reason.TASK_KILLED_DURING_LAUNCH, message);
        } else {
            update(t, TaskState.FAILED, TaskStatus.Reason.CONTAINER_LAUNCH_FAILED, message);
        }
    }

    /** The executor's container could not be launched: every task sent to it fails. */
    private void executorLaunchFailed(ExecutorRecord e, String message) {
        agent.executors().remove(e);
        for (TaskKey k : new ArrayList<>(e.tasks)) {
            TaskRecord t = tasks.get(k);
            if (t != null) {
                failLaunch(t, "executor '" + e.key.executorId() + "' could not be launched: " + message);
            }
        }
        forgetFrameworkIfUnused(e.key.frameworkId());
    }

    private void updateLimits(ExecutorRecord e) {
        agent.containerizer().get(e.container).ifPresent(c -> {
            Resources limits = e.info.resources();
            for (TaskKey k : e.tasks) {
                TaskRecord t = tasks.get(k);
                if (t != null && !t.state.isTerminal()) {
                    limits = limits.add(t.info.resources());
                }
            }
            agent.containerizer().update(c, limits);
            if (c.pid > 0) {
                agent.checkpointer().saveContainer(c.checkpointed(Optional.of(e.proto)));
            }
        });
    }

    // =============================================================================================
    // Kill and teardown

    /** A scheduler's kill (or the agent's own, on teardown). */
    void kill(TaskKey key) {
        kill(key, TaskStatus.Reason.KILLED_BY_USER, "");
    }

    /**
     * Kills a task for {@code reason} ({@code REVOKED}: the allocator wants its resources), which its
     * KILLING and KILLED updates carry. An executor that does not report the task ended within the
     * kill grace has its container destroyed: a task must not outlive its revocation.
     */
    void kill(TaskKey key, TaskStatus.Reason reason, String message) {
        TaskRecord t = tasks.get(key);
        if (t == null) {
            LOG.warn("Kill of unknown task {} of framework {}: answering TASK_LOST", key.taskId(), key.frameworkId());
            TaskRecord ghost = TaskRecord.unknown(key);
            tasks.put(key, ghost);
            update(ghost, TaskState.LOST, TaskStatus.Reason.TASK_UNKNOWN, "task " + key.taskId()
                    + " is not known on this agent");
            return;
        }
        if (t.state.isTerminal() || t.killRequested) {
            LOG.debug("Kill of task {} ignored: it is {}{}", key.taskId(), t.state,
                    t.killRequested ? " and being killed" : "");
            return;
        }
        Optional<ContainerRecord> container = agent.containerizer().get(t.container);
        if (t.executor.isEmpty() && container.map(c -> c.exited).orElse(false)) {
            LOG.debug("Kill of task {} ignored: its command already ended; its status follows the cleanup",
                    key.taskId());
            return;
        }
        t.killRequested = true;
        t.killReason = reason;
        t.killMessage = message;
        LOG.info("Killing task {} of framework {}{}", key.taskId(), key.frameworkId(),
                reason == TaskStatus.Reason.KILLED_BY_USER ? "" : " (" + reason + (message.isEmpty() ? "" : ": "
                        + message) + ")");
        org.allot.protocol.proto.FrameworkInfo fw = frameworks.get(key.frameworkId());
        if (fw != null && fw.getCapabilitiesList().contains(
                org.allot.protocol.proto.FrameworkInfo.Capability.TASK_KILLING_STATE)) {
            update(t, TaskState.KILLING, reason, message);
        }
        if (t.executor.isPresent()) {
            ExecutorRecord e = agent.executors().get(t.executor.get()).orElse(null);
            if (e == null) {
                update(t, TaskState.KILLED, reason, message);
            } else if (e.connection == null && e.removeQueuedRun(key.taskId())) {
                update(t, TaskState.KILLED, TaskStatus.Reason.TASK_KILLED_DURING_LAUNCH,
                        "killed before executor '" + e.key.executorId() + "' registered");
            } else {
                agent.executors().send(e, Messages.killTask(key.frameworkId(), key.taskId(), reason, message));
                destroyUnlessKilledInTime(t, e);
            }
            return;
        }
        if (container.isEmpty()) {
            update(t, TaskState.KILLED, reason, message);
            return;
        }
        agent.containerizer().destroy(container.get());
    }

    /**
     * The seed's "kill the executor if it does not answer": after the kill grace, a task still not
     * ended has its executor's container destroyed; the executor's end then reports the task KILLED
     * with its kill reason (and fails the executor's other tasks, as any executor's end does).
     */
    private void destroyUnlessKilledInTime(TaskRecord t, ExecutorRecord e) {
        Duration grace = agent.config().killGrace();
        agent.loop().schedule(grace, () -> {
            if (t.state.isTerminal() || agent.executors().get(e.key).orElse(null) != e) {
                return;
            }
            agent.containerizer().get(e.container).ifPresent(c -> {
                LOG.warn("Executor '{}' of framework {} did not end task {} within the kill grace of {} ms;"
                        + " destroying its container", e.key.executorId(), e.key.frameworkId(), t.key.taskId(),
                        grace.toMillis());
                agent.containerizer().destroy(c);
            });
        });
    }

    void teardown(FrameworkId fid, String reason) {
        LOG.info("Tearing down framework {}: {}", fid, reason.isEmpty() ? "asked by the master" : reason);
        for (TaskRecord t : all()) {
            if (t.key.frameworkId().equals(fid) && t.executor.isEmpty() && !t.state.isTerminal()) {
                kill(t.key);
            }
        }
        for (ExecutorRecord e : agent.executors().all()) {
            if (e.key.frameworkId().equals(fid)) {
                shutdownExecutor(e, reason);
            }
        }
    }

    private void shutdownExecutor(ExecutorRecord e, String reason) {
        if (e.shuttingDown) {
            return;
        }
        for (TaskKey k : e.tasks) {
            Optional.ofNullable(tasks.get(k)).ifPresent(t -> t.killRequested = true);
        }
        LOG.info("Shutting down executor '{}' of framework {}", e.key.executorId(), e.key.frameworkId());
        boolean asked = agent.executors().teardown(e, reason);
        agent.containerizer().get(e.container).ifPresent(c -> {
            // The executor gets the kill grace to exit by itself; then its container is destroyed.
            if (asked) {
                agent.containerizer().cleanupAfterGrace(c, "Executor '" + e.key.executorId() + "' did not exit"
                        + " within " + agent.config().killGrace().toMillis() + " ms of Teardown; killing it");
            } else {
                agent.containerizer().destroy(c);
            }
        });
    }

    // =============================================================================================
    // Ends of containers

    /** The containerizer's listener: a container exited and was cleaned up. */
    void containerEnded(ContainerRecord c) {
        if (c.task != null) {
            TaskRecord t = tasks.get(c.task);
            if (t != null && !t.state.isTerminal()) {
                finishCommandTask(t, c);
            }
        } else if (c.executor != null) {
            agent.executors().get(c.executor).ifPresent(e -> executorExited(e, c.exitStatus));
        }
        // NOTE: after the terminal updates are checkpointed, so a crash in between loses nothing.
        agent.checkpointer().removeContainer(c.id);
    }

    private void finishCommandTask(TaskRecord t, ContainerRecord c) {
        int exitStatus = c.exitStatus;
        if (c.limitation != null) {
            update(t, TaskState.FAILED, c.limitation.reason(), c.limitation.message());
        } else if (t.killRequested) {
            String killed = (t.killMessage.isEmpty() ? "" : t.killMessage + "; ")
                    + (t.killReason == TaskStatus.Reason.AGENT_DRAINING ? "Command killed: the agent is draining"
                    : "Command killed");
            update(t, TaskState.KILLED, t.killReason, exitStatus == ContainerRecord.EXIT_UNKNOWN
                    ? killed : killed + "; exit status " + exitStatus);
        } else if (exitStatus == ContainerRecord.EXIT_UNKNOWN) {
            update(t, TaskState.FAILED, TaskStatus.Reason.AGENT_RESTARTED,
                    "Command ended while the agent was restarting; its exit status is unknown");
        } else if (exitStatus == 0) {
            update(t, TaskState.FINISHED, null, "Command exited with status 0");
        } else {
            update(t, TaskState.FAILED, TaskStatus.Reason.COMMAND_EXECUTOR_FAILED,
                    "Command exited with status " + exitStatus);
        }
    }

    private void executorExited(ExecutorRecord e, int exitStatus) {
        agent.executors().remove(e);
        String how = exitStatus == ContainerRecord.EXIT_UNKNOWN
                ? "exited (status unknown: the agent restarted meanwhile)" : "exited with status " + exitStatus;
        LOG.info("Executor '{}' of framework {} {}", e.key.executorId(), e.key.frameworkId(), how);
        for (TaskKey k : new ArrayList<>(e.tasks)) {
            TaskRecord t = tasks.get(k);
            if (t == null || t.state.isTerminal()) {
                continue;
            }
            if (t.killRequested) {
                update(t, TaskState.KILLED, t.killReason == TaskStatus.Reason.AGENT_DRAINING ? t.killReason
                        : e.shuttingDown ? TaskStatus.Reason.FRAMEWORK_REMOVED : t.killReason,
                        "executor '" + e.key.executorId() + "' " + how);
            } else {
                update(t, TaskState.FAILED, TaskStatus.Reason.EXECUTOR_TERMINATED,
                        "executor '" + e.key.executorId() + "' " + how);
            }
        }
        agent.currentAgentId().ifPresent(id -> agent.sendToMaster(Messages.executorLost(e.key.frameworkId(),
                e.key.executorId(), id, exitStatus == ContainerRecord.EXIT_UNKNOWN ? -1 : exitStatus,
                "executor " + how)));
        forgetFrameworkIfUnused(e.key.frameworkId());
    }

    // =============================================================================================
    // Status updates

    /** A status update from the executor running the task, already stamped by the agent. */
    void fromExecutor(ExecutorRecord e, TaskStatus status, org.allot.protocol.proto.TaskStatus stamped) {
        TaskRecord t = tasks.get(new TaskKey(e.key.frameworkId(), status.taskId()));
        if (t == null || !t.executor.equals(Optional.of(e.key))) {
            LOG.warn("Ignored a status update from executor '{}' of framework {} for task {}, which it does not run",
                    e.key.executorId(), e.key.frameworkId(), status.taskId());
            return;
        }
        if (t.state.isTerminal()) {
            LOG.debug("Ignored {} for task {}: it is already {}", status.state(), status.taskId(), t.state);
            return;
        }
        if (t.killRequested && t.killReason != TaskStatus.Reason.KILLED_BY_USER
                && (status.state() == TaskState.KILLED || status.state() == TaskState.KILLING)) {
            // NOTE: the executor knows only that it was asked to kill; the framework is told why.
            stamped = stamped.toBuilder().setReason(Wire.toProto(t.killReason)).build();
        }
        enqueue(t, stamped);
    }

    /** A change of state the agent itself reports. */
    void update(TaskRecord t, TaskState state, TaskStatus.Reason reason, String message) {
        TaskStatus.Builder b = TaskStatus.builder(t.key.taskId(), state, TaskStatus.Source.AGENT, agent.loop().now())
                .message(message).uuid(UUID.randomUUID())
                .agentId(agent.currentAgentId().orElse(t.info == null ? null : t.info.agentId()));
        if (reason != null) {
            b.reason(reason);
        }
        t.executor.ifPresent(e -> b.executorId(e.executorId()));
        enqueue(t, Wire.toProto(b.build()));
    }

    private void enqueue(TaskRecord t, org.allot.protocol.proto.TaskStatus status) {
        TaskState state = Wire.fromProto(status.getState());
        t.state = state;
        t.latest = status;
        LOG.info("Task {} of framework {} is {}{}", t.key.taskId(), t.key.frameworkId(), state,
                status.getMessage().isEmpty() ? "" : ": " + status.getMessage());
        agent.updates().add(t.key, StatusUpdate.newBuilder().setFrameworkId(t.key.frameworkId().value())
                .setStatus(status).build());
        if (state.isTerminal()) {
            t.executor.flatMap(agent.executors()::get).ifPresent(e -> {
                e.tasks.remove(t.key);
                if (!e.shuttingDown && !e.tasks.isEmpty()) {
                    updateLimits(e);
                }
            });
        }
    }

    void acknowledge(TaskKey key, ByteString uuid) {
        TaskRecord t = tasks.get(key);
        List<StatusUpdate> pending = agent.updates().pending(key);
        boolean last = t != null && t.state.isTerminal() && pending.size() == 1
                && pending.get(0).getStatus().getUuid().equals(uuid);
        if (last) {
            // NOTE: the task's record goes before its last update's, so a crash in between leaves an
            // update to resend (and acknowledge again), never a task without news taken for lost.
            agent.checkpointer().removeTask(key);
        }
        if (t == null || !agent.updates().acknowledge(key, uuid)) {
            LOG.debug("Ignored a stale acknowledgement for task {} of framework {}", key.taskId(), key.frameworkId());
            return;
        }
        if (last) {
            tasks.remove(key);
            forgetFrameworkIfUnused(key.frameworkId());
        }
    }

    private void forgetFrameworkIfUnused(FrameworkId fid) {
        boolean used = tasks.keySet().stream().anyMatch(k -> k.frameworkId().equals(fid))
                || agent.executors().hasFramework(fid);
        if (!used && frameworks.remove(fid) != null) {
            agent.checkpointer().removeFramework(fid);
        }
    }

    private static String userOf(org.allot.protocol.proto.FrameworkInfo fw) {
        return fw.getUser().isBlank() ? System.getProperty("user.name", "nobody") : fw.getUser();
    }
}
