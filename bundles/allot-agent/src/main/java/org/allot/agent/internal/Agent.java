package org.allot.agent.internal;

import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.loop.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolClient;
import org.allot.protocol.ProtocolException;
import org.allot.protocol.ProtocolServer;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Acknowledge;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.ExecutorLost;
import org.allot.protocol.proto.ExecutorRegistered;
import org.allot.protocol.proto.FrameworkMessage;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.KillTask;
import org.allot.protocol.proto.RegisterAgent;
import org.allot.protocol.proto.ReregisterAgent;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.RunTask;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.Task;
import org.allot.protocol.proto.Teardown;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.ContainerLimitation;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.Isolator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.ByteString;

/**
 * The agent: registers this machine's resources with the master, runs tasks (shell commands through
 * its built-in command executor, or custom executors it starts and talks to over loopback) in
 * containers made by an {@link Isolator}, delivers status updates reliably, and checkpoints what it
 * runs to its work dir so a restarted agent recovers it.
 *
 * <p>Plain Java, usable without OSGi:
 * <pre>
 *   Agent agent = new Agent(AgentConfig.builder().master("127.0.0.1:5050").port(0).build(),
 *           new PosixIsolator(), new ThreadEventLoop("allot-agent"));
 *   agent.start();
 *   ...
 *   agent.stop();
 * </pre>
 *
 * <h2>Threading</h2>
 * Every change of state runs on the {@link EventLoop}: network threads only enqueue messages,
 * process exits and timers post to the loop, and blocking connects run on a connector thread.
 * The isolator's {@link Isolator#cleanup cleanup}, which may wait seconds for processes to die, runs
 * on a few cleanup threads owned by the agent and posts its end back to the loop; a container's
 * task or executor is reported ended only after that (so a terminal status still means "nothing
 * of it runs"). Calls about one container never overlap; calls about different containers may.
 */
public final class Agent {

    /** The software version sent with (re)registration. */
    public static final String VERSION = "0.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final Duration RECONNECT_INITIAL = Duration.ofMillis(250);
    private static final Duration MONITOR_INTERVAL = Duration.ofSeconds(1);
    private static final int EXIT_UNKNOWN = Integer.MIN_VALUE;
    private static final int CLEANUP_THREADS = 4;
    /** How long {@link #stop()} waits for the cleanups of all containers together. */
    private static final Duration STOP_CLEANUP_WAIT = Duration.ofSeconds(60);

    private final AgentConfig config;
    private final Isolator isolator;
    private final EventLoop loop;
    private final Checkpoint checkpoint;

    private ProtocolServer server;
    private ProtocolClient client;
    private ExecutorService connector;
    /** Runs the isolator's blocking cleanups off the loop; shut down on stop. */
    private final ThreadPoolExecutor cleaners;
    /** Isolator cleanups submitted and not yet returned; {@link #stop} waits for them. */
    private final Set<CompletableFuture<Void>> cleanupsInFlight = ConcurrentHashMap.newKeySet();
    private volatile int boundPort;
    private volatile AgentId publishedId;

    // ----- state owned by the loop -----
    private AgentInfo info;
    private Optional<AgentId> agentId = Optional.empty();
    private Connection master;
    private boolean registered;
    private boolean connecting;
    private boolean stopping;
    private int failedConnects;
    private Duration reconnectDelay = RECONNECT_INITIAL;
    private EventLoop.Timer monitor;
    private final Map<FrameworkId, org.allot.protocol.proto.FrameworkInfo> frameworks = new LinkedHashMap<>();
    private final Map<TaskKey, TaskRecord> tasks = new LinkedHashMap<>();
    private final Map<ExecutorKey, ExecutorRecord> executors = new LinkedHashMap<>();
    private final Map<ContainerId, ContainerRecord> containers = new LinkedHashMap<>();
    private final Map<Connection, ExecutorKey> executorConnections = new HashMap<>();

    public Agent(AgentConfig config, Isolator isolator, EventLoop loop) {
        this.config = config;
        this.isolator = isolator;
        this.loop = loop;
        this.checkpoint = new Checkpoint(config.workDir());
        AtomicInteger cleanerCount = new AtomicInteger();
        this.cleaners = new ThreadPoolExecutor(CLEANUP_THREADS, CLEANUP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "allot-agent-cleanup-" + cleanerCount.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        cleaners.allowCoreThreadTimeOut(true);
    }

    /** With a {@link ThreadEventLoop} named {@code allot-agent}. */
    public Agent(AgentConfig config, Isolator isolator) {
        this(config, isolator, new ThreadEventLoop("allot-agent"));
    }

    // =============================================================================================
    // Lifecycle

    /**
     * Reads the checkpoint, binds the agent's port, recovers checkpointed containers and starts
     * connecting to the master (in the background, retrying with backoff).
     *
     * @throws IOException if the work dir or the port cannot be used (the message names which)
     */
    public void start() throws IOException {
        Files.createDirectories(config.workDir());
        Checkpoint.State state = checkpoint.load();
        String hostname = config.hostname().orElseGet(Agent::localHostname);
        server = new ProtocolServer(config.protocol(), Role.AGENT, "agent@" + hostname, new ExecutorSide());
        InetSocketAddress bound = server.bind(config.host(), config.port());
        boundPort = bound.getPort();
        Resources resources = ResourceDetector.detect(config, Path.of("/proc/meminfo"));
        AgentInfo self = new AgentInfo(Optional.empty(), hostname, boundPort, resources, config.attributes());
        client = new ProtocolClient(config.protocol(), new MasterSide());
        connector = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "allot-agent-connector");
            t.setDaemon(true);
            return t;
        });
        loop.call(() -> {
            info = self;
            agentId = state.agentId();
            publishedId = agentId.orElse(null);
            recover(state);
            LOG.info("Agent started on {} with {} {}; work dir {}; master {}:{}", bound, resources,
                    config.attributes().isEmpty() ? "" : "and attributes " + config.attributes(), config.workDir(),
                    config.masterHost(), config.masterPort());
            monitor = loop.schedule(MONITOR_INTERVAL, this::monitor);
            connect();
            return null;
        });
    }

    /** Kills every container (waiting for the isolator's cleanups), closes the connections and stops the event loop. */
    public void stop() {
        try {
            loop.call(() -> {
                stopping = true;
                if (monitor != null) {
                    monitor.cancel();
                }
                List<ContainerRecord> all = new ArrayList<>(containers.values());
                all.stream().filter(c -> !c.exited).forEach(this::terminateTree);
                all.forEach(this::cleanupContainer);
                if (!all.isEmpty()) {
                    LOG.info("Killing {} container(s) on stop", all.size());
                }
                return null;
            });
            // Every cleanup under way, also those of failed launches, not only the ones started here.
            awaitCleanups(List.copyOf(cleanupsInFlight));
            loop.call(() -> {
                containers.clear();
                saveCheckpoint();
                return null;
            });
        } catch (IllegalStateException e) {
            LOG.debug("Agent loop already stopped: {}", e.getMessage());
        }
        closeNetwork();
        LOG.info("Agent stopped");
    }

    private static void awaitCleanups(List<Future<?>> cleanups) {
        long deadline = System.nanoTime() + STOP_CLEANUP_WAIT.toNanos();
        for (Future<?> f : cleanups) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("Container cleanups did not end within {} s of stop; stopping anyway",
                        STOP_CLEANUP_WAIT.toSeconds());
                return;
            } catch (ExecutionException e) {
                LOG.debug("A container cleanup failed on stop: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Stops without touching containers or the checkpoint, as if the agent process had died; a new
     * agent on the same work dir recovers the containers. For tests of recovery.
     */
    void abandon() {
        try {
            loop.call(() -> {
                stopping = true;
                return null;
            });
        } catch (IllegalStateException e) {
            // already stopped
        }
        closeNetwork();
    }

    private void closeNetwork() {
        cleaners.shutdownNow();
        if (connector != null) {
            connector.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        loop.shutdown();
    }

    /** The port the agent listens on for its executors; valid after {@link #start()}. */
    public int port() {
        return boundPort;
    }

    /** The id the master assigned, if registered (or recovered from the checkpoint). */
    public Optional<AgentId> agentId() {
        return Optional.ofNullable(publishedId);
    }

    /** Status updates not yet acknowledged by the master, over all tasks; for tests and operators. */
    int unacknowledgedUpdates() {
        return loop.call(() -> tasks.values().stream().mapToInt(t -> t.stream.pending.size()).sum());
    }

    public Path workDir() {
        return config.workDir();
    }

    /** The sandbox of a command task. */
    public Path taskSandbox(FrameworkId frameworkId, TaskId taskId) {
        return config.workDir().resolve("frameworks").resolve(frameworkId.value()).resolve("tasks").resolve(taskId.value());
    }

    /** The sandbox of a custom executor. */
    public Path executorSandbox(FrameworkId frameworkId, ExecutorId executorId) {
        return config.workDir().resolve("frameworks").resolve(frameworkId.value()).resolve("executors")
                .resolve(executorId.value());
    }

    // =============================================================================================
    // Master connection

    private void connect() {
        if (stopping || master != null || connecting) {
            return;
        }
        connecting = true;
        Hello hello = Hello.newBuilder().setRole(Role.AGENT).setPrincipal("agent@" + info.hostname()).build();
        try {
            connector.execute(() -> {
                try {
                    Connection c = client.connect(config.masterHost(), config.masterPort(), hello);
                    loop.execute(() -> onMasterConnected(c));
                } catch (ProtocolException | RuntimeException e) {
                    loop.execute(() -> onConnectFailed(e));
                }
            });
        } catch (RejectedExecutionException e) {
            connecting = false;
        }
    }

    private void onConnectFailed(Exception e) {
        connecting = false;
        if (stopping) {
            return;
        }
        failedConnects++;
        if (failedConnects == 1) {
            LOG.warn("Cannot reach the master at {}:{}: {}; retrying with backoff up to {} s (further failures"
                    + " are logged at DEBUG)", config.masterHost(), config.masterPort(), e.getMessage(),
                    config.reconnectMax().toSeconds());
        } else {
            LOG.debug("Attempt {} to reach the master at {}:{} failed: {}", failedConnects, config.masterHost(),
                    config.masterPort(), e.getMessage());
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        Duration delay = reconnectDelay;
        reconnectDelay = min(reconnectDelay.multipliedBy(2), config.reconnectMax());
        loop.schedule(delay, this::connect);
    }

    private void onMasterConnected(Connection c) {
        connecting = false;
        if (stopping || !c.isOpen()) {
            c.close();
            if (!stopping) {
                scheduleReconnect();
            }
            return;
        }
        master = c;
        registered = false;
        LOG.info("Connected to master {} at {}:{}{}", c.peerPrincipal(), config.masterHost(), config.masterPort(),
                failedConnects > 0 ? " after " + failedConnects + " failed attempt(s)" : "");
        failedConnects = 0;
        if (agentId.isEmpty()) {
            c.send(Envelope.newBuilder().setRegisterAgent(RegisterAgent.newBuilder()
                    .setAgent(Wire.toProto(info)).setVersion(VERSION)).build());
        } else {
            c.send(Envelope.newBuilder().setReregisterAgent(reregistration(agentId.get())).build());
        }
    }

    private ReregisterAgent reregistration(AgentId id) {
        ReregisterAgent.Builder b = ReregisterAgent.newBuilder().setAgent(Wire.toProto(info.withId(id))).setVersion(VERSION);
        Set<FrameworkId> used = new java.util.TreeSet<>();
        for (TaskRecord t : tasks.values()) {
            if (t.proto == null) {
                continue; // an answer about a task this agent never knew
            }
            Task.Builder tb = Task.newBuilder().setFrameworkId(t.key.frameworkId().value()).setInfo(t.proto)
                    .setState(Wire.toProto(t.state));
            if (t.latest != null) {
                tb.setLatestStatus(t.latest);
            }
            b.addTasks(tb);
            used.add(t.key.frameworkId());
        }
        for (ExecutorRecord e : executors.values()) {
            b.addExecutors(e.proto);
            used.add(e.key.frameworkId());
        }
        for (FrameworkId f : used) {
            Optional.ofNullable(frameworks.get(f)).ifPresent(b::addFrameworks);
        }
        return b.build();
    }

    private void onMasterClosed(Connection c, String reason) {
        if (c != master) {
            return;
        }
        master = null;
        registered = false;
        if (!stopping) {
            LOG.warn("Lost the connection to the master: {}; reconnecting", reason);
            scheduleReconnect();
        }
    }

    private void onMasterMessage(Connection c, Envelope e) {
        if (c != master || stopping) {
            return;
        }
        switch (e.getMessageCase()) {
            case AGENT_REGISTERED:
                onRegistered(e.getAgentRegistered().getAgentId(), e.getAgentRegistered().getMasterId(), false);
                break;
            case AGENT_REREGISTERED:
                onRegistered(e.getAgentReregistered().getAgentId(), e.getAgentReregistered().getMasterId(), true);
                break;
            case RUN_TASK:
                runTask(e.getRunTask());
                break;
            case KILL_TASK:
                killTask(e.getKillTask().getFrameworkId(), e.getKillTask().getTaskId());
                break;
            case TEARDOWN:
                teardown(e.getTeardown().getFrameworkId(), e.getTeardown().getReason());
                break;
            case ACKNOWLEDGE:
                acknowledge(e.getAcknowledge());
                break;
            case FRAMEWORK_MESSAGE:
                frameworkMessageToExecutor(e.getFrameworkMessage());
                break;
            case ERROR:
                onMasterError(c, e.getError());
                break;
            default:
                LOG.warn("Ignored {} from the master {}: an agent does not expect it", e.getMessageCase(),
                        c.peerPrincipal());
        }
    }

    /**
     * An Error before AgentRegistered/AgentReregistered on this connection means the master refused the
     * (re)registration: staying connected would leave the agent unregistered for good, so it closes the
     * connection and reconnects with backoff. Later Errors are only logged.
     */
    private void onMasterError(Connection c, Error error) {
        if (registered) {
            LOG.warn("The master {} reported an error: {} {}", c.peerPrincipal(), error.getCode(), error.getReason());
            return;
        }
        LOG.warn("The master {} refused the {}registration of this agent: {} {}; reconnecting in {} ms",
                c.peerPrincipal(), agentId.isPresent() ? "re-" : "", error.getCode(), error.getReason(),
                reconnectDelay.toMillis());
        master = null;
        c.close();
        scheduleReconnect();
    }

    private void onRegistered(String id, String masterId, boolean reregistered) {
        AgentId newId;
        try {
            newId = AgentId.of(id);
        } catch (IllegalArgumentException ex) {
            LOG.warn("The master {} sent an invalid agent id: {}", masterId, ex.getMessage());
            return;
        }
        if (agentId.isPresent() && !agentId.get().equals(newId)) {
            LOG.warn("The master {} gave agent id {} instead of {}; using the new one", masterId, newId, agentId.get());
        }
        agentId = Optional.of(newId);
        publishedId = newId;
        registered = true;
        reconnectDelay = RECONNECT_INITIAL;
        LOG.info("{} with master {} as agent {}", reregistered ? "Re-registered" : "Registered", masterId, newId);
        saveCheckpoint();
        for (TaskRecord t : tasks.values()) {
            t.stream.resend();
        }
    }

    // =============================================================================================
    // Tasks

    private void runTask(RunTask run) {
        org.allot.protocol.proto.FrameworkInfo fw = run.getFramework();
        FrameworkId fid;
        TaskInfo task;
        try {
            fid = FrameworkId.of(fw.getFrameworkId());
            task = Wire.fromProto(run.getTask());
        } catch (IllegalArgumentException ex) {
            LOG.warn("Ignored RunTask from the master: {}", ex.getMessage());
            return;
        }
        frameworks.put(fid, fw);
        TaskKey key = new TaskKey(fid, task.id());
        TaskRecord existing = tasks.get(key);
        if (existing != null) {
            LOG.warn("Ignored RunTask for task {} of framework {}: it is already known here ({})", task.id(), fid,
                    existing.state);
            return;
        }
        org.allot.protocol.proto.TaskInfo proto = run.getTask();
        TaskRecord t = new TaskRecord(key, task, proto, task.executor().map(e -> new ExecutorKey(fid, e.id())));
        tasks.put(key, t);
        LOG.info("Launching task {} of framework {} with {}", task.id(), fid, task.resources());
        if (task.command().isPresent()) {
            launchCommandTask(t, fw, task.command().get());
        } else {
            launchExecutorTask(t, fw, task.executor().get());
        }
    }

    private void launchCommandTask(TaskRecord t, org.allot.protocol.proto.FrameworkInfo fw, CommandInfo command) {
        update(t, TaskState.STARTING, TaskStatus.Source.AGENT, null, "");
        Path sandbox = taskSandbox(t.key.frameworkId(), t.key.taskId());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ALLOT_FRAMEWORK_ID", t.key.frameworkId().value());
        env.put("ALLOT_TASK_ID", t.key.taskId().value());
        env.put("ALLOT_SANDBOX", sandbox.toString());
        agentId.ifPresent(id -> env.put("ALLOT_AGENT_ID", id.value()));
        try {
            ContainerRecord c = launchContainer(sandbox, t.info.resources(), userOf(fw), command, env, t.key.frameworkId());
            c.task = t.key;
            t.container = c.id;
            saveCheckpoint();
            update(t, TaskState.RUNNING, TaskStatus.Source.AGENT, null, "");
        } catch (LaunchException ex) {
            afterFailedLaunch(ex, () -> failLaunch(t, ex));
        }
    }

    private void launchExecutorTask(TaskRecord t, org.allot.protocol.proto.FrameworkInfo fw, ExecutorInfo executorInfo) {
        ExecutorKey key = t.executor.orElseThrow();
        ExecutorRecord e = executors.get(key);
        if (e != null && (e.shuttingDown || executorEnded(e))) {
            update(t, TaskState.LOST, TaskStatus.Source.AGENT, TaskStatus.Reason.EXECUTOR_TERMINATED,
                    "executor '" + key.executorId() + "' is " + (e.shuttingDown ? "shutting down" : "ending")
                            + "; relaunch the task");
            return;
        }
        if (e == null) {
            Path sandbox = executorSandbox(key.frameworkId(), key.executorId());
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ALLOT_AGENT_ENDPOINT", "127.0.0.1:" + boundPort);
            env.put("ALLOT_FRAMEWORK_ID", key.frameworkId().value());
            env.put("ALLOT_EXECUTOR_ID", key.executorId().value());
            env.put("ALLOT_AGENT_ID", agentId.map(AgentId::value).orElse(t.info.agentId().value()));
            env.put("ALLOT_SANDBOX", sandbox.toString());
            Resources limits = executorInfo.resources().add(t.info.resources());
            try {
                ContainerRecord c = launchContainer(sandbox, limits, userOf(fw), executorInfo.command(), env,
                        key.frameworkId());
                e = new ExecutorRecord(key, Wire.toProto(executorInfo, key.frameworkId()), executorInfo, c.id);
                c.executor = key;
                executors.put(key, e);
                LOG.info("Started executor '{}' of framework {} (pid {})", key.executorId(), key.frameworkId(), c.pid);
            } catch (LaunchException ex) {
                afterFailedLaunch(ex, () -> failLaunch(t, ex));
                return;
            }
        }
        e.tasks.add(t.key);
        if (e.tasks.size() > 1) {
            updateLimits(e);
        }
        saveCheckpoint();
        sendToExecutor(e, Envelope.newBuilder().setRunTask(RunTask.newBuilder().setFramework(fw).setTask(t.proto)).build());
    }

    /** Its process ended and its container is being cleaned up; it is forgotten once that is done. */
    private boolean executorEnded(ExecutorRecord e) {
        ContainerRecord c = containers.get(e.container);
        return c == null || c.exited;
    }

    private void failLaunch(TaskRecord t, LaunchException ex) {
        if (!t.state.isTerminal()) {
            update(t, TaskState.FAILED, TaskStatus.Source.AGENT, TaskStatus.Reason.CONTAINER_LAUNCH_FAILED,
                    ex.getMessage());
        }
    }

    private void updateLimits(ExecutorRecord e) {
        ContainerRecord container = containers.get(e.container);
        if (container == null || container.cleanedUp) {
            return; // ending: no more isolator calls about it
        }
        Resources limits = e.info.resources();
        for (TaskKey k : e.tasks) {
            TaskRecord t = tasks.get(k);
            if (t != null && !t.state.isTerminal()) {
                limits = limits.add(t.info.resources());
            }
        }
        try {
            isolator.update(e.container, limits);
            container.limits = limits;
        } catch (RuntimeException ex) {
            LOG.warn("Isolator {} could not update the limits of executor '{}' to {}: {}", isolator.name(),
                    e.key.executorId(), limits, ex.getMessage());
        }
    }

    private void killTask(String frameworkId, String taskId) {
        TaskKey key;
        try {
            key = new TaskKey(FrameworkId.of(frameworkId), TaskId.of(taskId));
        } catch (IllegalArgumentException ex) {
            LOG.warn("Ignored KillTask from the master: {}", ex.getMessage());
            return;
        }
        TaskRecord t = tasks.get(key);
        if (t == null) {
            LOG.warn("Kill of unknown task {} of framework {}: answering TASK_LOST", taskId, frameworkId);
            TaskRecord ghost = new TaskRecord(key, null, null, Optional.empty());
            tasks.put(key, ghost);
            update(ghost, TaskState.LOST, TaskStatus.Source.AGENT, TaskStatus.Reason.TASK_UNKNOWN,
                    "task " + taskId + " is not known on this agent");
            return;
        }
        if (t.state.isTerminal() || t.killRequested) {
            LOG.debug("Kill of task {} ignored: it is {}{}", taskId, t.state, t.killRequested ? " and being killed" : "");
            return;
        }
        ContainerRecord ended = t.container == null ? null : containers.get(t.container);
        if (t.executor.isEmpty() && ended != null && ended.exited) {
            LOG.debug("Kill of task {} ignored: its command already ended; its status follows the cleanup", taskId);
            return;
        }
        t.killRequested = true;
        LOG.info("Killing task {} of framework {}", taskId, frameworkId);
        org.allot.protocol.proto.FrameworkInfo fw = frameworks.get(key.frameworkId());
        if (fw != null && fw.getCapabilitiesList().contains(
                org.allot.protocol.proto.FrameworkInfo.Capability.TASK_KILLING_STATE)) {
            update(t, TaskState.KILLING, TaskStatus.Source.AGENT, TaskStatus.Reason.KILLED_BY_USER, "");
        }
        if (t.executor.isPresent()) {
            ExecutorRecord e = executors.get(t.executor.get());
            if (e == null) {
                update(t, TaskState.KILLED, TaskStatus.Source.AGENT, TaskStatus.Reason.KILLED_BY_USER, "");
            } else if (e.connection == null && e.removeQueuedRun(key.taskId())) {
                update(t, TaskState.KILLED, TaskStatus.Source.AGENT, TaskStatus.Reason.TASK_KILLED_DURING_LAUNCH,
                        "killed before executor '" + e.key.executorId() + "' registered");
            } else {
                sendToExecutor(e, Envelope.newBuilder().setKillTask(KillTask.newBuilder()
                        .setFrameworkId(frameworkId).setTaskId(taskId)).build());
            }
            return;
        }
        ContainerRecord c = t.container == null ? null : containers.get(t.container);
        if (c == null) {
            update(t, TaskState.KILLED, TaskStatus.Source.AGENT, TaskStatus.Reason.KILLED_BY_USER, "");
            return;
        }
        destroy(c);
    }

    private void teardown(String frameworkId, String reason) {
        FrameworkId fid;
        try {
            fid = FrameworkId.of(frameworkId);
        } catch (IllegalArgumentException ex) {
            LOG.warn("Ignored Teardown from the master: {}", ex.getMessage());
            return;
        }
        LOG.info("Tearing down framework {}: {}", fid, reason.isEmpty() ? "asked by the master" : reason);
        for (TaskRecord t : new ArrayList<>(tasks.values())) {
            if (t.key.frameworkId().equals(fid) && t.executor.isEmpty() && !t.state.isTerminal()) {
                killTask(frameworkId, t.key.taskId().value());
            }
        }
        for (ExecutorRecord e : new ArrayList<>(executors.values())) {
            if (e.key.frameworkId().equals(fid)) {
                shutdownExecutor(e, reason);
            }
        }
    }

    // =============================================================================================
    // Status updates: one in-order, acknowledged stream per task

    private void update(TaskRecord t, TaskState state, TaskStatus.Source source, TaskStatus.Reason reason, String message) {
        TaskStatus.Builder b = TaskStatus.builder(t.key.taskId(), state, source, loop.now()).message(message)
                .uuid(UUID.randomUUID()).agentId(agentId.orElse(t.info == null ? null : t.info.agentId()));
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
        t.stream.add(StatusUpdate.newBuilder().setFrameworkId(t.key.frameworkId().value()).setStatus(status).build());
        if (state.isTerminal()) {
            onTaskTerminal(t);
        }
    }

    private void acknowledge(Acknowledge ack) {
        TaskKey key;
        try {
            key = new TaskKey(FrameworkId.of(ack.getFrameworkId()), TaskId.of(ack.getTaskId()));
        } catch (IllegalArgumentException ex) {
            LOG.warn("Ignored Acknowledge from the master: {}", ex.getMessage());
            return;
        }
        TaskRecord t = tasks.get(key);
        if (t == null || !t.stream.acknowledge(ack.getUuid())) {
            LOG.debug("Ignored a stale acknowledgement for task {} of framework {}", key.taskId(), key.frameworkId());
            return;
        }
        forgetIfDone(t);
    }

    private void onTaskTerminal(TaskRecord t) {
        t.executor.map(executors::get).ifPresent(e -> {
            e.tasks.remove(t.key);
            if (!e.shuttingDown && !e.tasks.isEmpty()) {
                updateLimits(e);
            }
        });
        saveCheckpoint();
    }

    /** Drops a terminal task once its last update is acknowledged, and its framework once unused. */
    private void forgetIfDone(TaskRecord t) {
        if (t.state.isTerminal() && t.stream.isEmpty()) {
            tasks.remove(t.key);
            FrameworkId fid = t.key.frameworkId();
            boolean used = tasks.keySet().stream().anyMatch(k -> k.frameworkId().equals(fid))
                    || executors.keySet().stream().anyMatch(k -> k.frameworkId().equals(fid));
            if (!used) {
                frameworks.remove(fid);
            }
            saveCheckpoint();
        }
    }

    private boolean canSendToMaster() {
        return master != null && registered && !stopping;
    }

    /**
     * The updates of one task not yet acknowledged, oldest first. Only the oldest is on the wire;
     * it is resent every interval (doubling up to the maximum) and after each re-registration.
     */
    private final class StatusStream {
        private final Deque<StatusUpdate> pending = new ArrayDeque<>();
        private EventLoop.Timer retry;
        private Duration interval = config.statusRetryInterval();

        void add(StatusUpdate update) {
            pending.add(update);
            if (pending.size() == 1) {
                interval = config.statusRetryInterval();
                transmit();
            }
        }

        boolean isEmpty() {
            return pending.isEmpty();
        }

        boolean acknowledge(ByteString uuid) {
            StatusUpdate head = pending.peek();
            if (head == null || !head.getStatus().getUuid().equals(uuid)) {
                return false;
            }
            pending.poll();
            cancel();
            interval = config.statusRetryInterval();
            if (!pending.isEmpty()) {
                transmit();
            }
            return true;
        }

        /** Sends the head now (after a re-registration) and restarts the retry interval. */
        void resend() {
            if (!pending.isEmpty()) {
                cancel();
                interval = config.statusRetryInterval();
                transmit();
            }
        }

        void cancel() {
            if (retry != null) {
                retry.cancel();
                retry = null;
            }
        }

        private void transmit() {
            StatusUpdate head = pending.peek();
            if (head == null || stopping) {
                return;
            }
            if (canSendToMaster()) {
                master.send(Envelope.newBuilder().setStatusUpdate(head).build());
            }
            cancel();
            Duration wait = interval;
            retry = loop.schedule(wait, () -> {
                retry = null;
                if (pending.peek() == head) {
                    LOG.debug("Resending {} of task {} (not acknowledged after {} ms)", head.getStatus().getState(),
                            head.getStatus().getTaskId(), wait.toMillis());
                    interval = min(interval.multipliedBy(2), config.statusRetryMax());
                    transmit();
                }
            });
        }
    }

    // =============================================================================================
    // Executors

    private void sendToExecutor(ExecutorRecord e, Envelope message) {
        if (e.connection != null && e.connection.isOpen()) {
            e.connection.send(message);
        } else {
            e.queue.add(message);
        }
    }

    private void onExecutorMessage(Connection c, Envelope e) {
        if (stopping) {
            return;
        }
        if (e.getMessageCase() == Envelope.MessageCase.REGISTER_EXECUTOR) {
            registerExecutor(c, e.getRegisterExecutor().getFrameworkId(), e.getRegisterExecutor().getExecutorId());
            return;
        }
        ExecutorKey key = executorConnections.get(c);
        ExecutorRecord ex = key == null ? null : executors.get(key);
        if (ex == null) {
            LOG.warn("Executor {} sent {} before RegisterExecutor; closing it", c.peerPrincipal(), e.getMessageCase());
            c.closeWithError(Error.Code.PROTOCOL_VIOLATION, "send RegisterExecutor first");
            return;
        }
        switch (e.getMessageCase()) {
            case STATUS_UPDATE:
                statusFromExecutor(c, ex, e.getStatusUpdate());
                break;
            case FRAMEWORK_MESSAGE:
                if (canSendToMaster()) {
                    master.send(Envelope.newBuilder().setFrameworkMessage(e.getFrameworkMessage().toBuilder()
                            .setFrameworkId(key.frameworkId().value()).setExecutorId(key.executorId().value())
                            .setAgentId(agentId.map(AgentId::value).orElse(""))).build());
                } else {
                    LOG.warn("Dropped a framework message from executor '{}': not connected to a master",
                            key.executorId());
                }
                break;
            default:
                LOG.warn("Ignored {} from executor '{}' of framework {}: an executor may not send it",
                        e.getMessageCase(), key.executorId(), key.frameworkId());
        }
    }

    private void registerExecutor(Connection c, String frameworkId, String executorId) {
        ExecutorRecord e;
        try {
            e = executors.get(new ExecutorKey(FrameworkId.of(frameworkId), ExecutorId.of(executorId)));
        } catch (IllegalArgumentException ex) {
            c.closeWithError(Error.Code.REFUSED, ex.getMessage());
            return;
        }
        if (e == null || e.shuttingDown) {
            LOG.warn("Refused executor {}: executor '{}' of framework {} is not {} on this agent", c.peerPrincipal(),
                    executorId, frameworkId, e == null ? "running" : "wanted any more");
            c.closeWithError(Error.Code.REFUSED, "executor '" + executorId + "' of framework " + frameworkId
                    + " is not running on this agent");
            return;
        }
        if (e.connection != null && e.connection != c) {
            executorConnections.remove(e.connection);
            e.connection.close();
        }
        e.connection = c;
        executorConnections.put(c, e.key);
        if (e.disconnectTimer != null) {
            e.disconnectTimer.cancel();
            e.disconnectTimer = null;
        }
        org.allot.protocol.proto.FrameworkInfo fw = frameworks.getOrDefault(e.key.frameworkId(),
                org.allot.protocol.proto.FrameworkInfo.newBuilder().setFrameworkId(frameworkId).build());
        c.send(Envelope.newBuilder().setExecutorRegistered(ExecutorRegistered.newBuilder().setExecutor(e.proto)
                .setFramework(fw).setAgent(Wire.toProto(agentId.map(info::withId).orElse(info)))).build());
        LOG.info("Executor '{}' of framework {} registered; sending it {} queued message(s)", executorId, frameworkId,
                e.queue.size());
        while (!e.queue.isEmpty()) {
            c.send(e.queue.poll());
        }
    }

    private void statusFromExecutor(Connection c, ExecutorRecord e, StatusUpdate update) {
        TaskStatus status;
        try {
            status = Wire.fromProto(update.getStatus());
        } catch (IllegalArgumentException ex) {
            LOG.warn("Ignored a status update from executor '{}' of framework {}: {}", e.key.executorId(),
                    e.key.frameworkId(), ex.getMessage());
            return;
        }
        TaskRecord t = tasks.get(new TaskKey(e.key.frameworkId(), status.taskId()));
        if (t == null || !t.executor.equals(Optional.of(e.key))) {
            LOG.warn("Ignored a status update from executor '{}' of framework {} for task {}, which it does not run",
                    e.key.executorId(), e.key.frameworkId(), status.taskId());
            return;
        }
        ByteString uuid = update.getStatus().getUuid().isEmpty() ? uuidBytes(UUID.randomUUID()) : update.getStatus().getUuid();
        c.send(Envelope.newBuilder().setAcknowledge(Acknowledge.newBuilder().setFrameworkId(e.key.frameworkId().value())
                .setAgentId(agentId.map(AgentId::value).orElse("")).setTaskId(status.taskId().value())
                .setUuid(uuid)).build());
        if (t.state.isTerminal()) {
            LOG.debug("Ignored {} for task {}: it is already {}", status.state(), status.taskId(), t.state);
            return;
        }
        enqueue(t, update.getStatus().toBuilder().setUuid(uuid)
                .setAgentId(agentId.map(AgentId::value).orElse(update.getStatus().getAgentId()))
                .setExecutorId(e.key.executorId().value())
                .setSource(org.allot.protocol.proto.TaskStatus.Source.SOURCE_EXECUTOR).build());
    }

    private void frameworkMessageToExecutor(FrameworkMessage m) {
        ExecutorRecord e;
        try {
            e = executors.get(new ExecutorKey(FrameworkId.of(m.getFrameworkId()), ExecutorId.of(m.getExecutorId())));
        } catch (IllegalArgumentException ex) {
            LOG.warn("Ignored a framework message from the master: {}", ex.getMessage());
            return;
        }
        if (e == null) {
            LOG.warn("Dropped a framework message for executor '{}' of framework {}: it does not run here",
                    m.getExecutorId(), m.getFrameworkId());
            return;
        }
        sendToExecutor(e, Envelope.newBuilder().setFrameworkMessage(m).build());
    }

    private void onExecutorClosed(Connection c, String reason) {
        ExecutorKey key = executorConnections.remove(c);
        ExecutorRecord e = key == null ? null : executors.get(key);
        if (e == null || e.connection != c) {
            return;
        }
        e.connection = null;
        if (stopping || e.shuttingDown) {
            return;
        }
        LOG.warn("Executor '{}' of framework {} disconnected ({}); killing it in {} ms unless it registers again",
                key.executorId(), key.frameworkId(), reason, config.killGrace().toMillis());
        e.disconnectTimer = loop.schedule(config.killGrace(), () -> {
            ContainerRecord cr = containers.get(e.container);
            if (e.connection == null && cr != null) {
                destroy(cr);
            }
        });
    }

    private void shutdownExecutor(ExecutorRecord e, String reason) {
        if (e.shuttingDown) {
            return;
        }
        e.shuttingDown = true;
        for (TaskKey k : e.tasks) {
            TaskRecord t = tasks.get(k);
            if (t != null) {
                t.killRequested = true;
            }
        }
        LOG.info("Shutting down executor '{}' of framework {}", e.key.executorId(), e.key.frameworkId());
        if (e.connection != null) {
            e.connection.send(Envelope.newBuilder().setTeardown(Teardown.newBuilder()
                    .setFrameworkId(e.key.frameworkId().value()).setReason(reason)).build());
        }
        ContainerRecord c = containers.get(e.container);
        if (c != null) {
            // The executor gets the kill grace to exit by itself; then its container is destroyed.
            if (e.connection == null) {
                destroy(c);
            } else {
                c.killTimer = loop.schedule(config.killGrace(), () -> {
                    if (!c.cleanedUp) {
                        LOG.info("Executor '{}' did not exit within {} ms of Teardown; killing it",
                                e.key.executorId(), config.killGrace().toMillis());
                        cleanupContainer(c);
                    }
                });
            }
        }
    }

    private void onExecutorExit(ExecutorRecord e, int exitStatus) {
        executors.remove(e.key);
        if (e.connection != null) {
            executorConnections.remove(e.connection);
            e.connection.close();
        }
        if (e.disconnectTimer != null) {
            e.disconnectTimer.cancel();
        }
        String how = exitStatus == EXIT_UNKNOWN ? "exited (status unknown: the agent restarted meanwhile)"
                : "exited with status " + exitStatus;
        LOG.info("Executor '{}' of framework {} {}", e.key.executorId(), e.key.frameworkId(), how);
        for (TaskKey k : new ArrayList<>(e.tasks)) {
            TaskRecord t = tasks.get(k);
            if (t == null || t.state.isTerminal()) {
                continue;
            }
            if (t.killRequested) {
                update(t, TaskState.KILLED, TaskStatus.Source.AGENT, e.shuttingDown
                        ? TaskStatus.Reason.FRAMEWORK_REMOVED : TaskStatus.Reason.KILLED_BY_USER,
                        "executor '" + e.key.executorId() + "' " + how);
            } else {
                update(t, TaskState.FAILED, TaskStatus.Source.AGENT, TaskStatus.Reason.EXECUTOR_TERMINATED,
                        "executor '" + e.key.executorId() + "' " + how);
            }
        }
        if (canSendToMaster()) {
            master.send(Envelope.newBuilder().setExecutorLost(ExecutorLost.newBuilder()
                    .setFrameworkId(e.key.frameworkId().value()).setExecutorId(e.key.executorId().value())
                    .setAgentId(agentId.map(AgentId::value).orElse(""))
                    .setExitStatus(exitStatus == EXIT_UNKNOWN ? -1 : exitStatus)
                    .setReason("executor " + how)).build());
        }
        saveCheckpoint();
    }

    // =============================================================================================
    // Containers

    private ContainerRecord launchContainer(Path sandbox, Resources limits, String user, CommandInfo command,
            Map<String, String> env, FrameworkId frameworkId) throws LaunchException {
        ContainerId id = ContainerId.of(UUID.randomUUID().toString());
        try {
            Files.createDirectories(sandbox);
        } catch (IOException ex) {
            throw new LaunchException(null, "cannot create the sandbox " + sandbox + ": " + ex.getMessage());
        }
        ContainerLaunch launch;
        try {
            launch = isolator.prepare(id, new ContainerConfig(limits, sandbox, user, command));
        } catch (RuntimeException ex) {
            throw new LaunchException(id, "isolator " + isolator.name() + " could not prepare the container: "
                    + ex.getMessage());
        }
        List<String> argv = new ArrayList<>(launch.argvPrefix());
        argv.addAll(command.toExecArgv());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(sandbox.toFile());
        pb.environment().putAll(command.environment());
        pb.environment().putAll(env);
        pb.environment().putAll(launch.environment());
        pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stdout").toFile()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stderr").toFile()));
        Process process;
        try {
            process = pb.start();
        } catch (IOException ex) {
            throw new LaunchException(id, "cannot start " + argv + ": " + ex.getMessage());
        }
        try {
            isolator.isolate(id, process.pid());
        } catch (RuntimeException ex) {
            process.destroyForcibly();
            throw new LaunchException(id, "isolator " + isolator.name() + " could not isolate pid " + process.pid() + ": "
                    + ex.getMessage());
        }
        ContainerRecord c = new ContainerRecord(id, process.pid(), isolator.name(), frameworkId, sandbox, limits);
        containers.put(id, c);
        process.onExit().thenAccept(p -> loop.execute(() -> onContainerExit(id, p.exitValue())));
        return c;
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    /** Starts killing a container: SIGTERM to its process tree now, the isolator's cleanup after the grace. */
    private void destroy(ContainerRecord c) {
        if (c.killTimer != null || c.cleanedUp) {
            return;
        }
        terminateTree(c);
        c.killTimer = loop.schedule(config.killGrace(), () -> {
            if (!c.cleanedUp) {
                LOG.info("Container {} outlived the kill grace of {} ms; cleaning it up", c.id,
                        config.killGrace().toMillis());
                cleanupContainer(c);
            }
        });
    }

    /** SIGTERM to the container's root process and its descendants. */
    private void terminateTree(ContainerRecord c) {
        ProcessHandle.of(c.pid).ifPresent(root -> {
            root.descendants().forEach(ProcessHandle::destroy);
            root.destroy();
        });
    }

    /**
     * Starts the isolator's cleanup, once per container, on a cleanup thread: it may block for the
     * isolator's grace while processes die. {@link #onCleanedUp} follows on the loop.
     */
    private void cleanupContainer(ContainerRecord c) {
        if (c.cleanedUp) {
            return;
        }
        c.cleanedUp = true;
        c.cleanup = offLoop(() -> safeCleanup(c.id), () -> onCleanedUp(c));
    }

    /** Runs {@code blocking} on a cleanup thread, then {@code then} on the loop; nothing once stopped. */
    private Future<?> offLoop(Runnable blocking, Runnable then) {
        try {
            // NOTE: finally, so that even an Error from the isolator reports the container ended.
            CompletableFuture<Void> cleanup = CompletableFuture.runAsync(() -> {
                try {
                    blocking.run();
                } finally {
                    loop.execute(then);
                }
            }, cleaners);
            cleanupsInFlight.add(cleanup);
            cleanup.whenComplete((ignored, error) -> cleanupsInFlight.remove(cleanup));
            return cleanup;
        } catch (RejectedExecutionException e) {
            LOG.debug("Agent is stopped; skipped a container cleanup");
            return null;
        }
    }

    /** A failed launch: clean up what the isolator prepared (off the loop), then report it. */
    private void afterFailedLaunch(LaunchException ex, Runnable report) {
        if (ex.container == null) {
            report.run();
        } else {
            offLoop(() -> safeCleanup(ex.container), report);
        }
    }

    private void safeCleanup(ContainerId id) {
        try {
            isolator.cleanup(id);
        } catch (RuntimeException ex) {
            LOG.warn("Isolator {} failed to clean up container {}: {}", isolator.name(), id, ex.getMessage());
        }
    }

    /** On the loop once the isolator's cleanup returned: nothing of the container runs any more. */
    private void onCleanedUp(ContainerRecord c) {
        c.cleanupDone = true;
        if (!c.exited && c.recovered) {
            // Not our child: nobody else will tell us it ended.
            c.exited = true;
            c.exitStatus = EXIT_UNKNOWN;
        }
        if (c.exited) {
            finishContainer(c);
        }
    }

    /** The container's root process ended; its task or executor is reported ended once it is cleaned up. */
    private void onContainerExit(ContainerId id, int exitStatus) {
        ContainerRecord c = containers.get(id);
        if (c == null || stopping || c.exited) {
            return;
        }
        c.exited = true;
        c.exitStatus = exitStatus;
        if (c.killTimer != null) {
            c.killTimer.cancel();
        }
        if (c.cleanupDone) {
            finishContainer(c);
        } else {
            cleanupContainer(c);
        }
    }

    /** Exited and cleaned up: forget the container and report its task's or executor's end. */
    private void finishContainer(ContainerRecord c) {
        if (containers.remove(c.id) == null || stopping) {
            return;
        }
        if (c.task != null) {
            TaskRecord t = tasks.get(c.task);
            if (t != null && !t.state.isTerminal()) {
                finishCommandTask(t, c, c.exitStatus);
            }
        } else if (c.executor != null) {
            ExecutorRecord e = executors.get(c.executor);
            if (e != null) {
                onExecutorExit(e, c.exitStatus);
            }
        }
        saveCheckpoint();
    }

    private void finishCommandTask(TaskRecord t, ContainerRecord c, int exitStatus) {
        if (c.limitation != null) {
            update(t, TaskState.FAILED, TaskStatus.Source.AGENT, c.limitation.reason(), c.limitation.message());
        } else if (t.killRequested) {
            update(t, TaskState.KILLED, TaskStatus.Source.AGENT, TaskStatus.Reason.KILLED_BY_USER,
                    exitStatus == EXIT_UNKNOWN ? "Command killed" : "Command killed; exit status " + exitStatus);
        } else if (exitStatus == EXIT_UNKNOWN) {
            update(t, TaskState.FAILED, TaskStatus.Source.AGENT, TaskStatus.Reason.AGENT_RESTARTED,
                    "Command ended while the agent was restarting; its exit status is unknown");
        } else if (exitStatus == 0) {
            update(t, TaskState.FINISHED, TaskStatus.Source.AGENT, null, "Command exited with status 0");
        } else {
            update(t, TaskState.FAILED, TaskStatus.Source.AGENT, TaskStatus.Reason.COMMAND_EXECUTOR_FAILED,
                    "Command exited with status " + exitStatus);
        }
    }

    /** Every second: ask the isolator for limitations, and notice recovered containers that ended. */
    private void monitor() {
        if (stopping) {
            return;
        }
        for (ContainerRecord c : new ArrayList<>(containers.values())) {
            if (c.exited || c.cleanedUp) {
                continue; // ending: no more isolator calls about it
            }
            if (c.recovered && !processAlive(c.pid)) {
                onContainerExit(c.id, EXIT_UNKNOWN);
                continue;
            }
            if (c.limitation == null) {
                try {
                    Optional<ContainerLimitation> l = isolator.limitation(c.id);
                    if (l.isPresent()) {
                        c.limitation = l.get();
                        LOG.warn("Container {} hit a limit: {}; killing it", c.id, l.get().message());
                        cleanupContainer(c);
                    }
                } catch (RuntimeException ex) {
                    LOG.debug("Isolator {} could not report limitations of {}: {}", isolator.name(), c.id, ex.toString());
                }
            }
        }
        monitor = loop.schedule(MONITOR_INTERVAL, this::monitor);
    }

    /** Alive and not a zombie (an ended process not yet reaped by its parent runs nothing). */
    private static boolean processAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 1).strip().charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    // =============================================================================================
    // Checkpoint and recovery

    private void saveCheckpoint() {
        List<Checkpoint.Container> list = new ArrayList<>();
        Map<FrameworkId, org.allot.protocol.proto.FrameworkInfo> fws = new LinkedHashMap<>();
        for (ContainerRecord c : containers.values()) {
            Optional<org.allot.protocol.proto.TaskInfo> task = Optional.empty();
            Optional<org.allot.protocol.proto.ExecutorInfo> executor = Optional.empty();
            List<org.allot.protocol.proto.TaskInfo> executorTasks = new ArrayList<>();
            if (c.task != null) {
                TaskRecord t = tasks.get(c.task);
                if (t == null) {
                    continue;
                }
                task = Optional.of(t.proto);
            } else if (c.executor != null) {
                ExecutorRecord e = executors.get(c.executor);
                if (e == null) {
                    continue;
                }
                executor = Optional.of(e.proto);
                for (TaskKey k : e.tasks) {
                    TaskRecord t = tasks.get(k);
                    if (t != null && !t.state.isTerminal()) {
                        executorTasks.add(t.proto);
                    }
                }
            }
            Optional.ofNullable(frameworks.get(c.frameworkId)).ifPresent(f -> fws.put(c.frameworkId, f));
            list.add(new Checkpoint.Container(c.id, c.pid, c.isolatorName, c.frameworkId, c.sandbox, c.limits, task,
                    executor, executorTasks));
        }
        try {
            checkpoint.save(new Checkpoint.State(agentId, fws, list));
        } catch (IOException ex) {
            LOG.warn("Cannot write the checkpoint {}: {}; a restarted agent may not recover its containers",
                    checkpoint.file(), ex.getMessage());
        }
    }

    private void recover(Checkpoint.State state) {
        frameworks.putAll(state.frameworks());
        List<ContainerState> ours = new ArrayList<>();
        List<Checkpoint.Container> adopted = new ArrayList<>();
        List<Checkpoint.Container> foreign = new ArrayList<>();
        for (Checkpoint.Container cc : state.containers()) {
            if (!cc.isolator().equals(isolator.name())) {
                LOG.warn("Container {} was launched by isolator '{}', but this agent uses '{}': leaving its processes"
                        + " alone and reporting its tasks lost", cc.id(), cc.isolator(), isolator.name());
                foreign.add(cc);
                continue;
            }
            ours.add(new ContainerState(cc.id(), cc.pid(), cc.sandbox(), cc.limits()));
            adopted.add(cc);
        }
        isolator.recover(ours);
        for (Checkpoint.Container cc : adopted) {
            ContainerRecord c = new ContainerRecord(cc.id(), cc.pid(), cc.isolator(), cc.frameworkId(), cc.sandbox(),
                    cc.limits());
            c.recovered = true;
            try {
                if (cc.task().isPresent()) {
                    TaskInfo info = Wire.fromProto(cc.task().get());
                    TaskRecord t = recoveredTask(cc.frameworkId(), info, cc.task().get(), Optional.empty());
                    t.container = c.id;
                    c.task = t.key;
                } else if (cc.executor().isPresent()) {
                    ExecutorInfo info = Wire.fromProto(cc.executor().get());
                    ExecutorKey key = new ExecutorKey(cc.frameworkId(), info.id());
                    ExecutorRecord e = new ExecutorRecord(key, cc.executor().get(), info, c.id);
                    executors.put(key, e);
                    c.executor = key;
                    for (org.allot.protocol.proto.TaskInfo tp : cc.executorTasks()) {
                        TaskRecord t = recoveredTask(cc.frameworkId(), Wire.fromProto(tp), tp, Optional.of(key));
                        e.tasks.add(t.key);
                    }
                }
            } catch (IllegalArgumentException ex) {
                LOG.warn("Checkpointed container {} names an invalid task or executor: {}", cc.id(), ex.getMessage());
            }
            containers.put(c.id, c);
            LOG.info("Recovered container {} (pid {}) of framework {}", c.id, c.pid, c.frameworkId);
        }
        for (Checkpoint.Container cc : foreign) {
            List<org.allot.protocol.proto.TaskInfo> lost = new ArrayList<>(cc.executorTasks());
            cc.task().ifPresent(lost::add);
            for (org.allot.protocol.proto.TaskInfo tp : lost) {
                try {
                    TaskRecord t = recoveredTask(cc.frameworkId(), Wire.fromProto(tp), tp, Optional.empty());
                    update(t, TaskState.LOST, TaskStatus.Source.AGENT, TaskStatus.Reason.AGENT_RESTARTED,
                            "the agent restarted with isolator '" + isolator.name() + "' and cannot manage container "
                                    + cc.id() + " of isolator '" + cc.isolator() + "'");
                } catch (IllegalArgumentException ex) {
                    LOG.warn("Checkpointed container {} names an invalid task: {}", cc.id(), ex.getMessage());
                }
            }
        }
        saveCheckpoint();
    }

    private TaskRecord recoveredTask(FrameworkId fid, TaskInfo info, org.allot.protocol.proto.TaskInfo proto,
            Optional<ExecutorKey> executor) {
        TaskRecord t = new TaskRecord(new TaskKey(fid, info.id()), info, proto, executor);
        t.state = TaskState.RUNNING;
        tasks.put(t.key, t);
        return t;
    }

    // =============================================================================================
    // Helpers and records

    private static String userOf(org.allot.protocol.proto.FrameworkInfo fw) {
        return fw.getUser().isBlank() ? System.getProperty("user.name", "nobody") : fw.getUser();
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static ByteString uuidBytes(UUID u) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }

    record TaskKey(FrameworkId frameworkId, TaskId taskId) {
    }

    record ExecutorKey(FrameworkId frameworkId, ExecutorId executorId) {
    }

    /** A task this agent runs or has not had its last update acknowledged for. */
    private final class TaskRecord {
        final TaskKey key;
        final TaskInfo info;
        final org.allot.protocol.proto.TaskInfo proto;
        final Optional<ExecutorKey> executor;
        final StatusStream stream = new StatusStream();
        TaskState state = TaskState.STAGING;
        org.allot.protocol.proto.TaskStatus latest;
        ContainerId container;
        boolean killRequested;

        TaskRecord(TaskKey key, TaskInfo info, org.allot.protocol.proto.TaskInfo proto, Optional<ExecutorKey> executor) {
            this.key = key;
            this.info = info;
            this.proto = proto;
            this.executor = executor;
        }
    }

    /** A custom executor: its process's container, its connection once registered, its tasks. */
    private static final class ExecutorRecord {
        final ExecutorKey key;
        final org.allot.protocol.proto.ExecutorInfo proto;
        final ExecutorInfo info;
        final ContainerId container;
        final Set<TaskKey> tasks = new java.util.LinkedHashSet<>();
        final Deque<Envelope> queue = new ArrayDeque<>();
        Connection connection;
        boolean shuttingDown;
        EventLoop.Timer disconnectTimer;

        ExecutorRecord(ExecutorKey key, org.allot.protocol.proto.ExecutorInfo proto, ExecutorInfo info,
                ContainerId container) {
            this.key = key;
            this.proto = proto;
            this.info = info;
            this.container = container;
        }

        /** Removes a RunTask not yet delivered; true if there was one. */
        boolean removeQueuedRun(TaskId taskId) {
            for (Iterator<Envelope> it = queue.iterator(); it.hasNext();) {
                Envelope m = it.next();
                if (m.hasRunTask() && m.getRunTask().getTask().getTaskId().equals(taskId.value())) {
                    it.remove();
                    return true;
                }
            }
            return false;
        }
    }

    /** One container: a command task's process or an executor's. */
    private static final class ContainerRecord {
        final ContainerId id;
        final long pid;
        final String isolatorName;
        final FrameworkId frameworkId;
        final Path sandbox;
        Resources limits;
        TaskKey task;
        ExecutorKey executor;
        boolean recovered;
        /** The isolator's cleanup was started ({@link #cleanup}) and has returned ({@link #cleanupDone}). */
        boolean cleanedUp;
        boolean cleanupDone;
        Future<?> cleanup;
        /** The root process ended, with {@link #exitStatus}. */
        boolean exited;
        int exitStatus = EXIT_UNKNOWN;
        EventLoop.Timer killTimer;
        ContainerLimitation limitation;

        ContainerRecord(ContainerId id, long pid, String isolatorName, FrameworkId frameworkId, Path sandbox,
                Resources limits) {
            this.id = id;
            this.pid = pid;
            this.isolatorName = isolatorName;
            this.frameworkId = frameworkId;
            this.sandbox = sandbox;
            this.limits = limits;
        }
    }

    /** A launch that failed, with a message for the framework. */
    private static final class LaunchException extends Exception {
        private static final long serialVersionUID = 1L;
        /** The container the isolator prepared, to clean up; null if it never got that far. */
        final transient ContainerId container;

        LaunchException(ContainerId container, String message) {
            super(message, null, false, false);
            this.container = container;
        }
    }

    // =============================================================================================
    // Network callbacks: decode nothing here, hand everything to the loop

    private final class MasterSide implements MessageHandler {
        @Override
        public void onMessage(Connection connection, Envelope envelope) {
            loop.execute(() -> onMasterMessage(connection, envelope));
        }

        @Override
        public void onClose(Connection connection, CloseReason reason, String detail) {
            loop.execute(() -> onMasterClosed(connection, detail));
        }
    }

    private final class ExecutorSide implements MessageHandler {
        @Override
        public void onOpen(Connection connection) {
            if (connection.peerRole() != Role.EXECUTOR) {
                LOG.warn("Refused {} {} on the agent port: only executors connect to an agent",
                        connection.peerRole(), connection.peerPrincipal());
                connection.closeWithError(Error.Code.REFUSED, "only executors connect to an agent; "
                        + connection.peerRole() + " is not one");
            }
        }

        @Override
        public void onMessage(Connection connection, Envelope envelope) {
            loop.execute(() -> onExecutorMessage(connection, envelope));
        }

        @Override
        public void onClose(Connection connection, CloseReason reason, String detail) {
            loop.execute(() -> onExecutorClosed(connection, detail));
        }
    }
}
