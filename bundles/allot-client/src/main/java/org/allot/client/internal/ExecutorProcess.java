package org.allot.client.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.allot.api.AgentInfo;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkInfo;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.client.Executor;
import org.allot.client.ExecutorDriver;
import org.allot.client.Status;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolClient;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolException;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.ExecutorRegistered;
import org.allot.protocol.proto.FrameworkMessage;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.RegisterExecutor;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.StatusUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.ByteString;

/**
 * The machinery behind {@link org.allot.client.AllotExecutorDriver}: one loopback connection to the
 * agent, registration, and the executor's status updates.
 *
 * <p>As in the scheduler driver, MINA threads only hand events to a single dispatcher thread, which
 * makes every {@link Executor} callback in order; a connector thread makes the blocking connect. An
 * executor whose agent goes away is shut down (there is no agent to run tasks for), and the driver
 * ends {@link Status#DRIVER_ABORTED}; a {@code Teardown} from the agent ends it
 * {@link Status#DRIVER_STOPPED}.
 */
public final class ExecutorProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorProcess.class);

    /** Connection attempts before the executor gives up on its agent: about 12 s with the default backoff. */
    private static final int MAX_CONNECT_ATTEMPTS = 6;

    private final ExecutorDriver driver;
    private final Executor executor;
    private final ExecutorEnvironment env;
    private final ProtocolConfig config;

    private final Object lifecycle = new Object();
    private volatile Status status = Status.DRIVER_NOT_STARTED;
    private final CountDownLatch ended = new CountDownLatch(1);
    private ProtocolClient client;
    private ExecutorService dispatcher;
    private ScheduledExecutorService connector;
    /** Connector thread only. */
    private final Backoff backoff = Backoff.defaults();

    /** Written on the dispatcher; read by driver calls. */
    private volatile Connection connection;
    /** Updates sent and not yet acknowledged by the agent, by uuid. */
    private final Map<UUID, TaskId> unacknowledged = new ConcurrentHashMap<>();

    public ExecutorProcess(ExecutorDriver driver, Executor executor, ExecutorEnvironment env, ProtocolConfig config) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.env = Objects.requireNonNull(env, "env");
        this.config = Objects.requireNonNull(config, "config");
    }

    public ExecutorEnvironment environment() {
        return env;
    }

    public Status status() {
        return status;
    }

    public Status start() {
        synchronized (lifecycle) {
            if (status != Status.DRIVER_NOT_STARTED) {
                return status;
            }
            status = Status.DRIVER_RUNNING;
            dispatcher = Executors.newSingleThreadExecutor(daemon("allot-executor-" + env.executorId()));
            connector = Executors.newSingleThreadScheduledExecutor(daemon("allot-executor-connector-"
                    + env.executorId()));
            client = new ProtocolClient(config, new Handler());
        }
        LOG.info("Starting executor {} of framework {} with agent {} at {}", env.executorId(), env.frameworkId(),
                env.agentId(), env.agentEndpoint());
        onConnector(this::connectOnce, Duration.ZERO);
        return Status.DRIVER_RUNNING;
    }

    public Status stop() {
        return end(Status.DRIVER_STOPPED);
    }

    public Status abort() {
        return end(Status.DRIVER_ABORTED);
    }

    public Status join() {
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return status;
    }

    private Status end(Status to) {
        ProtocolClient c;
        synchronized (lifecycle) {
            if (status == Status.DRIVER_NOT_STARTED) {
                status = to;
                ended.countDown();
                return to;
            }
            if (status != Status.DRIVER_RUNNING) {
                return status;
            }
            status = to;
            c = client;
        }
        Connection current = connection;
        if (current != null) {
            current.close();
        }
        connector.shutdownNow();
        c.close();
        dispatcher.shutdown();
        if (!unacknowledged.isEmpty()) {
            LOG.warn("Executor {} ends with {} status update(s) the agent has not acknowledged", env.executorId(),
                    unacknowledged.size());
        }
        LOG.info("Executor driver {} {}", env.executorId(), to == Status.DRIVER_STOPPED ? "stopped" : "aborted");
        ended.countDown();
        return to;
    }

    // ------------------------------------------------------------------------------------------
    // Connector thread

    private void connectOnce() {
        if (status != Status.DRIVER_RUNNING) {
            return;
        }
        Hello hello = Hello.newBuilder().setRole(Role.EXECUTOR).setPrincipal(env.executorId().value()).build();
        try {
            Connection c = client.connect(env.agentEndpoint().host(), env.agentEndpoint().port(), hello);
            onDispatcher(() -> connected(c));
        } catch (ProtocolException | RuntimeException e) {
            if (status != Status.DRIVER_RUNNING) {
                return;
            }
            Duration delay = backoff.nextDelay();
            if (backoff.failures() >= MAX_CONNECT_ATTEMPTS) {
                String message = "cannot reach agent " + env.agentId() + " at " + env.agentEndpoint() + " after "
                        + backoff.failures() + " attempts: " + e.getMessage();
                onDispatcher(() -> fail(message));
                return;
            }
            LOG.warn("Cannot reach agent at {} (attempt {}): {}; retrying in {} ms", env.agentEndpoint(),
                    backoff.failures(), e.getMessage(), delay.toMillis());
            onConnector(this::connectOnce, delay);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Dispatcher thread

    private void connected(Connection c) {
        if (status != Status.DRIVER_RUNNING) {
            c.close();
            return;
        }
        if (!c.isOpen()) {
            fail("agent " + env.agentId() + " at " + env.agentEndpoint() + " closed the connection right after the"
                    + " handshake");
            return;
        }
        connection = c;
        c.send(Envelope.newBuilder().setRegisterExecutor(RegisterExecutor.newBuilder()
                .setFrameworkId(env.frameworkId().value()).setExecutorId(env.executorId().value())).build());
        LOG.info("Connected to agent {} at {}; registering executor {}", env.agentId(), env.agentEndpoint(),
                env.executorId());
    }

    private void closed(Connection c, String reason) {
        if (c != connection) {
            return;
        }
        connection = null;
        if (status != Status.DRIVER_RUNNING) {
            return;
        }
        LOG.warn("Lost the connection to agent {}: {}; shutting the executor down", env.agentId(), reason);
        callback("shutdown", () -> executor.shutdown(driver));
        abort();
    }

    private void received(Connection c, Envelope envelope) {
        if (status != Status.DRIVER_RUNNING || c != connection) {
            return;
        }
        try {
            switch (envelope.getMessageCase()) {
                case EXECUTOR_REGISTERED -> {
                    ExecutorRegistered r = envelope.getExecutorRegistered();
                    ExecutorInfo executorInfo = Wire.fromProto(r.getExecutor());
                    FrameworkInfo frameworkInfo = Wire.fromProto(r.getFramework());
                    AgentInfo agentInfo = Wire.fromProto(r.getAgent());
                    LOG.info("Executor {} registered with agent {}", env.executorId(), env.agentId());
                    callback("registered", () -> executor.registered(driver, executorInfo, frameworkInfo, agentInfo));
                }
                case RUN_TASK -> {
                    TaskInfo task = Wire.fromProto(envelope.getRunTask().getTask());
                    LOG.debug("Launching task {}", task.id());
                    callback("launchTask", () -> executor.launchTask(driver, task));
                }
                case KILL_TASK -> {
                    TaskId task = TaskId.of(envelope.getKillTask().getTaskId());
                    callback("killTask", () -> executor.killTask(driver, task));
                }
                case FRAMEWORK_MESSAGE -> {
                    byte[] data = envelope.getFrameworkMessage().getData().toByteArray();
                    callback("frameworkMessage", () -> executor.frameworkMessage(driver, data));
                }
                case ACKNOWLEDGE -> acknowledged(envelope.getAcknowledge().getUuid());
                case TEARDOWN -> {
                    LOG.info("Agent {} shuts executor {} down: {}", env.agentId(), env.executorId(),
                            envelope.getTeardown().getReason());
                    callback("shutdown", () -> executor.shutdown(driver));
                    stop();
                }
                case ERROR -> fail("agent " + env.agentId() + " refused executor " + env.executorId() + ": "
                        + envelope.getError().getCode() + ": " + envelope.getError().getReason());
                default -> LOG.warn("Agent {} sent a {} message, which an executor does not expect; ignored",
                        env.agentId(), envelope.getMessageCase());
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignored a bad {} message from agent {}: {}", envelope.getMessageCase(), env.agentId(),
                    e.getMessage());
        }
    }

    private void acknowledged(ByteString uuid) {
        if (uuid.size() != 16) {
            LOG.warn("Agent {} acknowledged an update with a {}-byte uuid; a uuid has 16 bytes", env.agentId(),
                    uuid.size());
            return;
        }
        var buf = uuid.asReadOnlyByteBuffer();
        UUID id = new UUID(buf.getLong(), buf.getLong());
        TaskId task = unacknowledged.remove(id);
        LOG.debug("Agent acknowledged update {} of task {}", id, task);
    }

    private void fail(String message) {
        if (status != Status.DRIVER_RUNNING) {
            return;
        }
        LOG.error("Aborting executor driver {}: {}", env.executorId(), message);
        abort();
        try {
            executor.error(driver, message);
        } catch (RuntimeException e) {
            LOG.error("Executor callback error threw", e);
        }
    }

    private void callback(String name, Runnable call) {
        if (status != Status.DRIVER_RUNNING) {
            return;
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("Executor callback {} of {} threw; the driver carries on", name, env.executorId(), e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Driver calls (any thread)

    public Status sendStatusUpdate(TaskStatus s) {
        Objects.requireNonNull(s, "status");
        if (s.state() == TaskState.STAGING) {
            throw new IllegalArgumentException("executor " + env.executorId() + " cannot report task " + s.taskId()
                    + " as STAGING: only the master stages tasks; report STARTING or RUNNING");
        }
        if (status != Status.DRIVER_RUNNING) {
            return status;
        }
        UUID uuid = UUID.randomUUID();
        TaskStatus.Builder b = TaskStatus.builder(s.taskId(), s.state(), TaskStatus.Source.EXECUTOR, s.timestamp())
                .message(s.message()).agentId(s.agentId().orElse(env.agentId())).executorId(env.executorId())
                .uuid(uuid).data(s.data());
        s.reason().ifPresent(b::reason);
        TaskStatus update = b.build();
        Connection c = connection;
        if (c == null || !c.send(Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder()
                .setFrameworkId(env.frameworkId().value()).setStatus(Wire.toProto(update))).build())) {
            LOG.warn("Not connected to agent {}: status update {} of task {} dropped", env.agentId(), s.state(),
                    s.taskId());
            return status;
        }
        unacknowledged.put(uuid, s.taskId());
        LOG.debug("Sent status update {}", update);
        return status;
    }

    public Status sendFrameworkMessage(byte[] data) {
        ByteString bytes = ByteString.copyFrom(Objects.requireNonNull(data, "data"));
        if (status != Status.DRIVER_RUNNING) {
            return status;
        }
        Connection c = connection;
        if (c == null || !c.send(Envelope.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder()
                .setFrameworkId(env.frameworkId().value()).setExecutorId(env.executorId().value())
                .setAgentId(env.agentId().value()).setData(bytes)).build())) {
            LOG.warn("Not connected to agent {}: framework message of {} bytes dropped", env.agentId(), data.length);
        }
        return status;
    }

    // ------------------------------------------------------------------------------------------
    // Threads

    private void onDispatcher(Runnable task) {
        try {
            dispatcher.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("Driver ended; dropped an event");
        }
    }

    private void onConnector(Runnable task, Duration delay) {
        try {
            connector.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Driver ended; no further connection attempt");
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private final class Handler implements MessageHandler {
        @Override
        public void onMessage(Connection c, Envelope envelope) {
            onDispatcher(() -> received(c, envelope));
        }

        @Override
        public void onClose(Connection c, String reason) {
            onDispatcher(() -> closed(c, reason));
        }
    }
}
