package org.allot.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.InverseOffer;
import org.allot.api.Offer;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.client.MasterInfo;
import org.allot.client.Scheduler;
import org.allot.client.SchedulerDriver;
import org.allot.client.Status;
import org.allot.protocol.Connection;
import org.allot.protocol.Messages;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolException;
import org.allot.protocol.Wire;
import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.link.MasterDetector;
import org.allot.protocol.link.StandaloneDetector;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.FrameworkMessage;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.Subscribed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.ByteString;

/**
 * The machinery behind {@link org.allot.client.AllotSchedulerDriver}: one connection to the master,
 * subscription and re-subscription, status update de-duplication and acknowledgement.
 *
 * <p>Three kinds of threads meet here; {@link DriverProcess} runs them. MINA's network threads
 * only hand events to the <em>dispatcher</em>, a single thread that owns the session state (current
 * connection, subscription, de-duplication) and makes every {@link Scheduler} callback, in order. The
 * link's <em>connector</em> thread makes the blocking connects to the master its
 * {@link MasterDetector} names, and a new leader means a new connection and a re-subscription. The framework's own
 * threads call the driver methods, which read the current connection (a volatile) and send on it;
 * {@link Connection#send} is thread-safe. NOTE: the driver methods send directly rather than through
 * the dispatcher so that a launch made inside {@code resourceOffers} leaves at once, not after the
 * callback returns.
 */
public final class SchedulerProcess extends DriverProcess {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerProcess.class);

    /** Updates remembered for de-duplication; see {@link StatusDedup}. */
    private static final int DEDUP_CAPACITY = 100_000;
    /** How long {@code stop()} waits for the teardown to be written before closing the client. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final SchedulerDriver driver;
    private final Scheduler scheduler;
    private final FrameworkInfo framework;
    private final boolean implicitAcknowledgements;

    /** The master of the current (or last) connection, for log lines and {@link MasterInfo}; dispatcher writes. */
    private volatile MasterAddress master;

    // Written on the dispatcher only; volatile so that driver methods on other threads read them.
    private volatile boolean subscribed;
    private volatile FrameworkId frameworkId;
    private volatile OfferConstraints constraints;
    private volatile boolean suppressed;

    // Dispatcher only.
    private boolean everRegistered;
    private final StatusDedup dedup = new StatusDedup(DEDUP_CAPACITY);

    /** The agent of each live task, so that a kill can name it. */
    private final Map<TaskId, AgentId> taskAgents = new ConcurrentHashMap<>();

    /**
     * @param driver the public driver, passed to every callback
     */
    public SchedulerProcess(SchedulerDriver driver, Scheduler scheduler, FrameworkInfo framework, String master,
            boolean implicitAcknowledgements, ProtocolConfig config) {
        this(driver, scheduler, framework, standalone(master), implicitAcknowledgements, config);
    }

    /**
     * NOTE: the client stays free of ZooKeeper: an elected cluster's detector comes from the
     * election bundle and is passed in, so a zk:// URL here gets directions rather than a parse error.
     */
    private static MasterDetector standalone(String master) {
        if (master != null && master.startsWith("zk://")) {
            throw new IllegalArgumentException("master address '" + master + "' names a ZooKeeper ensemble; make its"
                    + " detector with org.allot.election.MasterDetectors.fromUrl(\"" + master + "\") and pass it to"
                    + " the AllotSchedulerDriver constructor that takes a MasterDetector");
        }
        return StandaloneDetector.parse("master address", master);
    }

    /**
     * @param detector who leads; the driver follows it and does not close it
     */
    public SchedulerProcess(SchedulerDriver driver, Scheduler scheduler, FrameworkInfo framework,
            MasterDetector detector, boolean implicitAcknowledgements, ProtocolConfig config) {
        super(LOG, "framework '" + Objects.requireNonNull(framework, "framework").name() + "'", "the master",
                detector, Role.SCHEDULER, framework.principal().orElse(framework.name()), config, CLOSE_WAIT);
        this.driver = Objects.requireNonNull(driver, "driver");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.framework = framework;
        this.implicitAcknowledgements = implicitAcknowledgements;
        this.frameworkId = framework.id().orElse(null);
    }

    // ------------------------------------------------------------------------------------------
    // Life cycle

    public Status start() {
        return start("scheduler", framework.name().replaceAll("\\s+", "_"));
    }

    @Override
    void starting() {
        LOG.info("Starting scheduler driver for framework '{}'{} with master {} ({} acknowledgements)",
                framework.name(), frameworkId == null ? "" : " (" + frameworkId + ")", detector(),
                implicitAcknowledgements ? "implicit" : "explicit");
    }

    /** Without failover, the teardown is the last message. */
    public Status stop(boolean failover) {
        return end(Status.DRIVER_STOPPED, failover ? null : this::teardown);
    }

    private Envelope teardown() {
        FrameworkId id = frameworkId;
        if (id == null) {
            return null;
        }
        LOG.info("Tearing down framework '{}' ({})", framework.name(), id);
        return Messages.teardown(id, "framework '" + framework.name() + "' stopped by its scheduler");
    }

    // ------------------------------------------------------------------------------------------
    // Session events (dispatcher thread)

    @Override
    void connectFailed(MasterAddress peer, ProtocolException e, int failures) {
        if (e.code() == Error.Code.AUTHENTICATION_FAILED || e.code() == Error.Code.UNSUPPORTED_VERSION) {
            fail("master " + peer + " refused framework '" + framework.name() + "': " + e.code() + ": "
                    + e.getMessage());
        }
        // Anything else is worth the next attempt, which the link makes after its backoff.
    }

    @Override
    void connected(Connection c, MasterAddress peer) {
        master = peer;
        subscribed = false;
        FrameworkInfo info = frameworkId == null ? framework : framework.withId(frameworkId);
        OfferConstraints oc = constraints;
        c.send(oc == null ? Messages.subscribe(info) : Messages.subscribe(info, oc));
        LOG.info("Connected to master {} ({}); {} framework '{}'{}", masterName(), c.peerPrincipal(),
                frameworkId == null ? "subscribing" : "re-subscribing", framework.name(),
                frameworkId == null ? "" : " (" + frameworkId + ")");
    }

    @Override
    void lost(String reason) {
        boolean wasSubscribed = subscribed;
        subscribed = false;
        LOG.warn("Lost the connection to master {} for framework '{}': {}; reconnecting", masterName(),
                framework.name(), reason);
        if (wasSubscribed) {
            callback("disconnected", () -> scheduler.disconnected(driver));
        }
    }

    @Override
    void received(Connection c, Envelope envelope) {
        switch (envelope.getMessageCase()) {
            case SUBSCRIBED -> subscribed(envelope.getSubscribed());
            case OFFERS -> offers(envelope.getOffers().getOffersList());
            case RESCIND_OFFER -> {
                OfferId id = OfferId.of(envelope.getRescindOffer().getOfferId());
                LOG.debug("Offer {} rescinded: {}", id, envelope.getRescindOffer().getReason());
                callback("offerRescinded", () -> scheduler.offerRescinded(driver, id));
            }
            case STATUS_UPDATE -> statusUpdate(envelope.getStatusUpdate());
            case INVERSE_OFFERS -> inverseOffers(envelope.getInverseOffers().getInverseOffersList());
            case FRAMEWORK_MESSAGE -> {
                FrameworkMessage m = envelope.getFrameworkMessage();
                ExecutorId executor = ExecutorId.of(m.getExecutorId());
                AgentId agent = AgentId.of(m.getAgentId());
                byte[] data = m.getData().toByteArray();
                callback("frameworkMessage", () -> scheduler.frameworkMessage(driver, executor, agent, data));
            }
            case AGENT_LOST -> {
                AgentId agent = AgentId.of(envelope.getAgentLost().getAgentId());
                LOG.info("Agent {} lost: {}", agent, envelope.getAgentLost().getReason());
                callback("agentLost", () -> scheduler.agentLost(driver, agent));
            }
            case EXECUTOR_LOST -> {
                var m = envelope.getExecutorLost();
                ExecutorId executor = ExecutorId.of(m.getExecutorId());
                AgentId agent = AgentId.of(m.getAgentId());
                LOG.info("Executor {} on agent {} lost with status {}: {}", executor, agent, m.getExitStatus(),
                        m.getReason());
                callback("executorLost", () -> scheduler.executorLost(driver, executor, agent, m.getExitStatus()));
            }
            case ERROR -> error(c, envelope.getError());
            default -> LOG.warn("Master {} sent a {} message, which a scheduler does not expect; ignored", masterName(),
                    envelope.getMessageCase());
        }
    }

    private void subscribed(Subscribed s) {
        FrameworkId id = FrameworkId.of(s.getFrameworkId());
        if (frameworkId != null && !frameworkId.equals(id)) {
            LOG.warn("Master {} gave framework '{}' the id {} instead of {}; using {}", masterName(),
                    framework.name(), id, frameworkId, id);
        }
        frameworkId = id;
        subscribed = true;
        resetBackoff();
        MasterInfo info = new MasterInfo(s.getMasterId(), master.host(), master.port());
        if (suppressed) {
            send("Suppress", Messages.suppress(id));
        }
        if (!everRegistered) {
            everRegistered = true;
            LOG.info("Registered framework '{}' ({}) with {}", framework.name(), id, info);
            callback("registered", () -> scheduler.registered(driver, id, info));
        } else {
            LOG.info("Re-registered framework '{}' ({}) with {}", framework.name(), id, info);
            callback("reregistered", () -> scheduler.reregistered(driver, info));
        }
    }

    private void inverseOffers(List<org.allot.protocol.proto.InverseOffer> protos) {
        List<InverseOffer> offers = new ArrayList<>(protos.size());
        for (org.allot.protocol.proto.InverseOffer p : protos) {
            try {
                offers.add(Wire.fromProto(p));
            } catch (IllegalArgumentException e) {
                LOG.warn("Master {} sent an invalid inverse offer; ignored: {}", masterName(), e.getMessage());
            }
        }
        offers.forEach(o -> LOG.info("Master {} asks for task {} on agent {} ({}) back by {}: {}", masterName(),
                o.taskId(), o.agentId(), o.resources(), o.deadline(), o.reason()));
        if (!offers.isEmpty()) {
            callback("inverseOffers", () -> scheduler.inverseOffers(driver, List.copyOf(offers)));
        }
    }

    private void offers(List<org.allot.protocol.proto.Offer> protos) {
        List<Offer> offers = new ArrayList<>(protos.size());
        for (org.allot.protocol.proto.Offer p : protos) {
            try {
                offers.add(Wire.fromProto(p));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignored a bad offer {} from master {}: {}", p.getOfferId(), masterName(), e.getMessage());
            }
        }
        if (offers.isEmpty()) {
            return;
        }
        LOG.debug("Received {} offer(s)", offers.size());
        List<Offer> view = List.copyOf(offers);
        callback("resourceOffers", () -> scheduler.resourceOffers(driver, view));
    }

    private void statusUpdate(StatusUpdate update) {
        TaskStatus s = Wire.fromProto(update.getStatus());
        if (s.state().isTerminal()) {
            taskAgents.remove(s.taskId());
        } else {
            s.agentId().ifPresent(a -> taskAgents.put(s.taskId(), a));
        }
        if (s.uuid().isEmpty()) {
            callback("statusUpdate", () -> scheduler.statusUpdate(driver, s));
            return;
        }
        ByteString uuid = update.getStatus().getUuid();
        switch (dedup.lookup(s.taskId(), s.uuid().get())) {
            case NEW -> {
                dedup.markDelivered(s.taskId(), s.uuid().get());
                LOG.debug("Status update {}", s);
                callback("statusUpdate", () -> scheduler.statusUpdate(driver, s));
                if (implicitAcknowledgements && running()) {
                    dedup.markAcknowledged(s.taskId(), s.uuid().get());
                    acknowledge(s, uuid);
                }
            }
            case DELIVERED -> LOG.debug("Duplicate status update {} for task {}; waiting for the scheduler's "
                    + "acknowledgement", s.uuid().get(), s.taskId());
            case ACKNOWLEDGED -> {
                // The agent did not get our acknowledgement (yet): say it again, but do not bother the scheduler.
                LOG.debug("Duplicate status update {} for task {}; acknowledging it again", s.uuid().get(),
                        s.taskId());
                acknowledge(s, uuid);
            }
        }
    }

    private void error(Connection c, Error e) {
        if (e.getCode() == Error.Code.NOT_LEADER) {
            LOG.warn("Master {} is not the leader: {}; reconnecting", masterName(), e.getReason());
            c.close();
            return;
        }
        if (e.getCode() == Error.Code.FRAMEWORK_REPLACED) {
            // NOTE: not a lost connection to recover from: re-subscribing would take the framework
            // back from the scheduler that replaced this one, and the two would take turns forever.
            fail("framework '" + framework.name() + "' was replaced by another scheduler: " + e.getReason());
            return;
        }
        if (e.getCode() == Error.Code.REFUSED && subscribed) {
            // NOTE: once subscribed, REFUSED answers one message (e.g. a Decline racing the offer's
            // rescind); the session and the framework go on, as the master keeps serving too.
            LOG.warn("Master {} refused a message of framework '{}': {}", masterName(), framework.name(),
                    e.getReason());
            return;
        }
        fail("master " + masterName() + " refused framework '" + framework.name() + "': " + e.getCode() + ": "
                + e.getReason());
    }

    @Override
    void errorCallback(String message) {
        scheduler.error(driver, message);
    }

    /** The master of the current or last connection, or the detector before the first; any thread. */
    private String masterName() {
        MasterAddress m = master;
        return m != null ? m.toString() : detector().toString();
    }

    // ------------------------------------------------------------------------------------------
    // Driver calls (any thread)

    public Status launchTasks(Collection<OfferId> offerIds, Collection<TaskInfo> tasks, Double refuseSeconds) {
        List<OfferId> offers = List.copyOf(offerIds);
        List<TaskInfo> launch = List.copyOf(tasks);
        if (!running()) {
            return status();
        }
        FrameworkId id = frameworkId;
        Connection c = connection();
        if (c == null || !subscribed || id == null) {
            // As Mesos does: the launch cannot reach the master, so say at once that the tasks are lost.
            LOG.warn("Not subscribed to master {}: {} task(s) on offer(s) {} are reported TASK_LOST", masterName(),
                    launch.size(), offers);
            for (TaskInfo t : launch) {
                TaskStatus lost = TaskStatus.builder(t.id(), TaskState.LOST, TaskStatus.Source.MASTER, Instant.now())
                        .reason(TaskStatus.Reason.MASTER_DISCONNECTED).agentId(t.agentId())
                        .message("the scheduler driver is not connected to master " + masterName()
                                + "; launch the task again on a new offer")
                        .build();
                onDispatcher(() -> callback("statusUpdate", () -> scheduler.statusUpdate(driver, lost)));
            }
            return status();
        }
        Envelope accept = Messages.accept(id, offers, launch, refuse(refuseSeconds));
        launch.forEach(t -> taskAgents.put(t.id(), t.agentId()));
        LOG.debug("Launching {} task(s) on offer(s) {}", launch.size(), offers);
        c.send(accept);
        return status();
    }

    public Status declineOffer(OfferId offerId, Double refuseSeconds) {
        Objects.requireNonNull(offerId, "offerId");
        return sendWithId("Decline", id -> Messages.decline(id, List.of(offerId), refuse(refuseSeconds)));
    }

    public Status killTask(TaskId taskId) {
        Objects.requireNonNull(taskId, "taskId");
        AgentId agent = taskAgents.get(taskId);
        return sendWithId("Kill", id -> Messages.kill(id, taskId, Optional.ofNullable(agent)));
    }

    public Status reviveOffers() {
        suppressed = false;
        return sendWithId("Revive", Messages::revive);
    }

    public Status suppressOffers() {
        suppressed = true;
        return sendWithId("Suppress", Messages::suppress);
    }

    public Status acknowledgeStatusUpdate(TaskStatus s) {
        Objects.requireNonNull(s, "status");
        if (implicitAcknowledgements) {
            throw new IllegalStateException("the driver of framework '" + framework.name() + "' acknowledges status"
                    + " updates implicitly; create it with implicitAcknowledgements=false to acknowledge yourself");
        }
        if (!running() || s.uuid().isEmpty()) {
            return status();
        }
        ByteString uuid = Wire.toProto(s).getUuid();
        onDispatcher(() -> {
            dedup.markAcknowledged(s.taskId(), s.uuid().get());
            acknowledge(s, uuid);
        });
        return status();
    }

    public Status sendFrameworkMessage(ExecutorId executorId, AgentId agentId, byte[] data) {
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(agentId, "agentId");
        ByteString bytes = ByteString.copyFrom(Objects.requireNonNull(data, "data"));
        return sendWithId("FrameworkMessage", id -> Messages.frameworkMessage(id, executorId, agentId, bytes));
    }

    public Status reconcileTasks(Collection<TaskStatus> statuses) {
        List<TaskStatus> tasks = List.copyOf(statuses);
        return sendWithId("Reconcile", id -> Messages.reconcileStatuses(id, tasks));
    }

    public Status updateOfferConstraints(OfferConstraints c) {
        constraints = Objects.requireNonNull(c, "constraints");
        return sendWithId("UpdateOfferConstraints", id -> Messages.updateOfferConstraints(id, c));
    }

    /** The driver API's refusal, null for the master's default filter. */
    private static OptionalDouble refuse(Double refuseSeconds) {
        return refuseSeconds == null ? OptionalDouble.empty() : OptionalDouble.of(refuseSeconds);
    }

    private Status sendWithId(String what, Function<FrameworkId, Envelope> message) {
        if (!running()) {
            return status();
        }
        FrameworkId id = frameworkId;
        if (id == null || !subscribed) {
            LOG.warn("Not subscribed to master {}: {} of framework '{}' dropped", masterName(), what, framework.name());
            return status();
        }
        send(what, message.apply(id));
        return status();
    }

    private void send(String what, Envelope envelope) {
        Connection c = connection();
        if (c == null || !c.send(envelope)) {
            LOG.warn("Not connected to master {}: {} of framework '{}' dropped", masterName(), what, framework.name());
        }
    }

    private void acknowledge(TaskStatus s, ByteString uuid) {
        FrameworkId id = frameworkId;
        if (id == null) {
            return;
        }
        send("Acknowledge", Messages.acknowledge(id, s.agentId(), s.taskId(), uuid));
    }
}
