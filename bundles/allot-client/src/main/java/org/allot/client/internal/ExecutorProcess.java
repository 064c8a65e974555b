package org.allot.client.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
import org.allot.protocol.Messages;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolException;
import org.allot.protocol.Wire;
import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.link.StandaloneDetector;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.ExecutorRegistered;
import org.allot.protocol.proto.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.ByteString;

/**
 * The machinery behind {@link org.allot.client.AllotExecutorDriver}: one loopback connection to the
 * agent, registration, and the executor's status updates.
 *
 * <p>As in the scheduler driver ({@link DriverProcess}), MINA threads only hand events to a single
 * dispatcher thread, which makes every {@link Executor} callback in order; the link's connector thread
 * makes the blocking connects to the agent's fixed address (a {@link StandaloneDetector}). An
 * executor whose agent goes away is shut down (there is no agent to run tasks for), and the driver
 * ends {@link Status#DRIVER_ABORTED}; a {@code Teardown} from the agent ends it
 * {@link Status#DRIVER_STOPPED}.
 */
public final class ExecutorProcess extends DriverProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorProcess.class);

    /** Connection attempts before the executor gives up on its agent: about 12 s with the default backoff. */
    private static final int MAX_CONNECT_ATTEMPTS = 6;

    private final ExecutorDriver driver;
    private final Executor executor;
    private final ExecutorEnvironment env;

    /** Updates sent and not yet acknowledged by the agent, by uuid. */
    private final Map<UUID, TaskId> unacknowledged = new ConcurrentHashMap<>();

    public ExecutorProcess(ExecutorDriver driver, Executor executor, ExecutorEnvironment env, ProtocolConfig config) {
        super(LOG, "executor " + Objects.requireNonNull(env, "env").executorId(), "agent " + env.agentId(),
                new StandaloneDetector(env.agentEndpoint()), Role.EXECUTOR, env.executorId().value(), config,
                Duration.ZERO);
        this.driver = Objects.requireNonNull(driver, "driver");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.env = env;
    }

    public ExecutorEnvironment environment() {
        return env;
    }

    public Status start() {
        return start("executor", env.executorId().toString());
    }

    public Status stop() {
        return end(Status.DRIVER_STOPPED, null);
    }

    @Override
    void starting() {
        LOG.info("Starting executor {} of framework {} with agent {} at {}", env.executorId(), env.frameworkId(),
                env.agentId(), env.agentEndpoint());
    }

    @Override
    void onEnd() {
        if (!unacknowledged.isEmpty()) {
            LOG.warn("Executor {} ends with {} status update(s) the agent has not acknowledged", env.executorId(),
                    unacknowledged.size());
        }
    }

    // ------------------------------------------------------------------------------------------
    // Dispatcher thread

    @Override
    void connectFailed(MasterAddress agent, ProtocolException e, int failures) {
        if (failures >= MAX_CONNECT_ATTEMPTS) {
            fail("cannot reach agent " + env.agentId() + " at " + agent + " after " + failures + " attempts: "
                    + e.getMessage());
        }
    }

    @Override
    void connected(Connection c, MasterAddress agent) {
        c.send(Messages.registerExecutor(env.frameworkId(), env.executorId()));
        LOG.info("Connected to agent {} at {}; registering executor {}", env.agentId(), env.agentEndpoint(),
                env.executorId());
    }

    @Override
    void lost(String reason) {
        LOG.warn("Lost the connection to agent {}: {}; shutting the executor down", env.agentId(), reason);
        callback("shutdown", () -> executor.shutdown(driver));
        abort();
    }

    @Override
    void received(Connection c, Envelope envelope) {
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

    @Override
    void errorCallback(String message) {
        executor.error(driver, message);
    }

    // ------------------------------------------------------------------------------------------
    // Driver calls (any thread)

    public Status sendStatusUpdate(TaskStatus s) {
        Objects.requireNonNull(s, "status");
        if (s.state() == TaskState.STAGING) {
            throw new IllegalArgumentException("executor " + env.executorId() + " cannot report task " + s.taskId()
                    + " as STAGING: only the master stages tasks; report STARTING or RUNNING");
        }
        if (!running()) {
            return status();
        }
        UUID uuid = UUID.randomUUID();
        TaskStatus.Builder b = TaskStatus.builder(s.taskId(), s.state(), TaskStatus.Source.EXECUTOR, s.timestamp())
                .message(s.message()).agentId(s.agentId().orElse(env.agentId())).executorId(env.executorId())
                .uuid(uuid).data(s.data());
        s.reason().ifPresent(b::reason);
        TaskStatus update = b.build();
        Connection c = connection();
        if (c == null || !c.send(Messages.statusUpdate(env.frameworkId(), update))) {
            LOG.warn("Not connected to agent {}: status update {} of task {} dropped", env.agentId(), s.state(),
                    s.taskId());
            return status();
        }
        unacknowledged.put(uuid, s.taskId());
        LOG.debug("Sent status update {}", update);
        return status();
    }

    public Status sendFrameworkMessage(byte[] data) {
        ByteString bytes = ByteString.copyFrom(Objects.requireNonNull(data, "data"));
        if (!running()) {
            return status();
        }
        Connection c = connection();
        if (c == null || !c.send(Messages.frameworkMessage(env.frameworkId(), env.executorId(), env.agentId(),
                bytes))) {
            LOG.warn("Not connected to agent {}: framework message of {} bytes dropped", env.agentId(), data.length);
        }
        return status();
    }
}
