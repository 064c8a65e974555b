package org.allot.agent.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Future;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.agent.AgentHealth;
import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.Messages;
import org.allot.protocol.ProtocolServer;
import org.allot.protocol.Wire;
import org.allot.protocol.link.Backoff;
import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.link.MasterDetector;
import org.allot.protocol.link.MasterLink;
import org.allot.protocol.loop.EventLoop;
import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.proto.Acknowledge;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.ExecutorRegistered;
import org.allot.protocol.proto.ReregisterAgent;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.ByteString;

/**
 * The agent's core: registers this machine's resources with the master and wires its rooms
 * together, each with one job:
 * <ul>
 * <li>{@link MasterLink} (allot-protocol): the connection to the leading master, reconnecting with backoff;</li>
 * <li>{@link Decoder}: envelopes into {@link Inbound} records, refusing what is invalid;</li>
 * <li>{@link Tasks}: launching, killing and reporting tasks;</li>
 * <li>{@link StatusUpdateManager}: reliable, in-order, checkpointed status updates per task;</li>
 * <li>{@link Containerizer}: containers through a launcher and an ordered list of isolators;</li>
 * <li>{@link ExecutorRegistry}: custom executors and their connections;</li>
 * <li>{@link Checkpointer}: one durable record per change, read back by {@link Recovery}.</li>
 * </ul>
 *
 * <p>Plain Java, usable without OSGi:
 * <pre>
 *   Agent agent = new Agent(AgentConfig.builder().master("127.0.0.1:5050").port(0).build(),
 *           IsolationRegistry.of(new PosixLauncher(), new PosixIsolator()), new ThreadEventLoop("allot-agent"));
 *   agent.start();
 *   ...
 *   agent.stop();
 * </pre>
 *
 * <h2>Threading</h2>
 * Every change of state runs on the {@link EventLoop}: network threads decode and enqueue, process
 * exits and timers post to the loop, the link's connector thread makes the blocking connects, and
 * launchers and isolators complete their stages on their own threads, and the containerizer posts
 * each completion back to the loop.
 * {@link #start}, {@link #stop} and the getters may be called from any thread but the loop.
 */
public final class Agent {

    /** The software version sent with (re)registration. */
    public static final String VERSION = "0.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final java.time.Duration RECONNECT_INITIAL = java.time.Duration.ofMillis(250);

    private final AgentConfig config;
    private final EventLoop loop;
    private final Checkpointer checkpointer;
    private final Sandboxes sandboxes;
    private final Containerizer containerizer;
    private final ExecutorRegistry executors;
    private final StatusUpdateManager updates;
    private final Tasks tasks;
    private final IsolationRegistry registry;
    private final HealthKeeper healthKeeper;

    private ProtocolServer server;
    private MasterLink link;
    private MasterDetector detector;
    private volatile int boundPort;
    private volatile AgentId publishedId;

    // ----- state owned by the loop -----
    private AgentInfo info;
    private Optional<AgentId> agentId = Optional.empty();
    private Connection master;
    private boolean registered;
    private boolean stopping;
    private EpochFence fence;
    /** The master id the current connection's master gave on registration, for the fencing log. */
    private String masterId = "";

    public Agent(AgentConfig config, IsolationRegistry isolation, EventLoop loop) {
        this.config = config;
        this.loop = loop;
        this.checkpointer = new Checkpointer(config.workDir());
        this.sandboxes = new Sandboxes(config.workDir());
        this.tasks = new Tasks(this);
        this.registry = isolation;
        this.healthKeeper = new HealthKeeper(this, isolation);
        this.containerizer = new Containerizer(isolation, config.isolation(), loop, config.workDir().resolve("run"),
                config.killGrace(), tasks::containerEnded);
        this.executors = new ExecutorRegistry(loop, config.killGrace(), e -> containerizer.get(e.container)
                .ifPresent(containerizer::destroy));
        this.updates = new StatusUpdateManager(loop, config.statusRetryInterval(), config.statusRetryMax(),
                checkpointer, this::sendUpdate);
    }

    /** With a {@link ThreadEventLoop} named {@code allot-agent}. */
    public Agent(AgentConfig config, IsolationRegistry isolation) {
        this(config, isolation, new ThreadEventLoop("allot-agent"));
    }

    // =============================================================================================
    // Lifecycle

    /**
     * Reads the checkpoint, binds the agent's port, recovers checkpointed containers and status
     * updates and starts connecting to the master (in the background, retrying with backoff).
     *
     * @throws IOException if the work dir or the port cannot be used (the message names which)
     */
    public void start() throws IOException {
        Files.createDirectories(config.workDir());
        LegacyCheckpoint.migrate(config.workDir(), checkpointer);
        Checkpointer.Recovered state = checkpointer.load();
        String hostname = config.hostname().orElseGet(Agent::localHostname);
        server = new ProtocolServer(config.protocol(), Role.AGENT, "agent@" + hostname, new ExecutorSide());
        InetSocketAddress bound = server.bind(config.host(), config.port());
        boundPort = bound.getPort();
        Resources resources = ResourceDetector.offered(config, Path.of("/proc/meminfo"));
        AgentInfo self = new AgentInfo(Optional.empty(), hostname, boundPort, resources, config.attributes());
        detector = config.masterDetector();
        link = MasterLink.builder(Role.AGENT, "agent@" + hostname)
                .detector(detector)
                .loop(loop).listener(new MasterSide()).protocol(config.protocol())
                .backoff(new Backoff(min(RECONNECT_INITIAL, config.reconnectMax()), config.reconnectMax()))
                .threadName("allot-agent-connector").build();
        loop.call(() -> {
            info = self;
            fence = new EpochFence(config.workDir(), loop::now);
            agentId = state.agentId();
            publishedId = agentId.orElse(null);
            new Recovery(this).recover(state);
            registry.listen(healthKeeper);
            healthKeeper.checkIsolation();
            LOG.info("Agent started on {} with {} {}; work dir {}; master {}", bound, resources,
                    config.attributes().isEmpty() ? "" : "and attributes " + config.attributes(), config.workDir(),
                    config.masterSetting());
            return null;
        });
        link.start();
    }

    /**
     * A clean stop: stops reporting, closes the connections and the event loop, and leaves every
     * container running and checkpointed, with the unacknowledged status updates, for the next
     * agent on the same work dir, which re-adopts them (as Mesos does on an agent upgrade). The
     * master keeps the tasks while the agent re-registers within its re-register timeout. To end
     * the tasks, {@link #drain} the agent instead.
     */
    public void stop() {
        int running = abandon();
        LOG.info("Agent stopped; {} container(s) keep running, checkpointed in {} for the next agent", running,
                config.workDir());
    }

    /**
     * Kills every container (waiting for the isolator's cleanups), closes the connections and stops
     * the event loop. Unacknowledged status updates stay in the checkpoint for the next agent. For a
     * drain that timed out, a change of work dir, and tests.
     */
    void stopAndKillContainers() {
        try {
            List<Future<?>> cleanups = loop.call(() -> {
                stopping = true;
                updates.stop();
                return containerizer.killAll();
            });
            Containerizer.awaitCleanups(cleanups);
            loop.call(() -> {
                containerizer.clear().forEach(checkpointer::removeContainer);
                return null;
            });
        } catch (IllegalStateException e) {
            LOG.debug("Agent loop already stopped: {}", e.getMessage());
        }
        closeNetwork();
        LOG.info("Agent stopped");
    }

    HealthKeeper healthKeeper() {
        return healthKeeper;
    }

    /**
     * Stops without touching containers or the checkpoint, as if the agent process had died; a new
     * agent on the same work dir recovers the containers and resends the unacknowledged updates.
     * Returns how many containers it left.
     */
    int abandon() {
        int running = 0;
        try {
            running = loop.call(() -> {
                stopping = true;
                updates.stop();
                containerizer.abandon();
                return containerizer.all().size();
            });
        } catch (IllegalStateException e) {
            LOG.debug("Agent loop already stopped: {}", e.getMessage());
        }
        closeNetwork();
        return running;
    }

    private void closeNetwork() {
        registry.unlisten(healthKeeper);
        containerizer.shutdown();
        if (link != null) {
            link.close();
        }
        if (detector != null) {
            detector.close();
        }
        if (server != null) {
            server.close();
        }
        loop.shutdown();
    }

    /** The isolation of new containers. */
    Isolation isolation() {
        return loop.call(containerizer::isolation);
    }

    /** Sets the isolation of new containers, e.g. after a configuration change; running ones keep theirs. */
    void isolation(Isolation next) {
        loop.execute(() -> {
            containerizer.setIsolation(next);
            healthKeeper.checkIsolation();
        });
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
        return loop.call(updates::size);
    }

    public Path workDir() {
        return config.workDir();
    }

    /** The sandbox of a command task. */
    public Path taskSandbox(FrameworkId frameworkId, TaskId taskId) {
        return sandboxes.task(frameworkId, taskId);
    }

    /** The sandbox of a custom executor. */
    public Path executorSandbox(FrameworkId frameworkId, ExecutorId executorId) {
        return sandboxes.executor(frameworkId, executorId);
    }

    // =============================================================================================
    // For the rooms (loop only)

    AgentConfig config() {
        return config;
    }

    EventLoop loop() {
        return loop;
    }

    Checkpointer checkpointer() {
        return checkpointer;
    }

    Sandboxes sandboxes() {
        return sandboxes;
    }

    Containerizer containerizer() {
        return containerizer;
    }

    ExecutorRegistry executors() {
        return executors;
    }

    StatusUpdateManager updates() {
        return updates;
    }

    Tasks tasks() {
        return tasks;
    }

    Optional<AgentId> currentAgentId() {
        return agentId;
    }

    boolean stopping() {
        return stopping;
    }

    /** Sends to the master if registered; false (nothing sent) otherwise. */
    boolean sendToMaster(Envelope message) {
        if (master == null || !registered || stopping) {
            return false;
        }
        master.send(message);
        return true;
    }

    private void sendUpdate(StatusUpdate update) {
        sendToMaster(Envelope.newBuilder().setStatusUpdate(update).build());
    }

    // =============================================================================================
    // Master side

    /** The link's listener: registers on each new connection and routes the master's messages. */
    private final class MasterSide implements MasterLink.Listener, Inbound.MasterHandler {

        @Override
        public void onConnected(Connection c, MasterAddress address) {
            if (stopping) {
                return;
            }
            master = c;
            registered = false;
            fence.seen(address.epoch());
            LOG.info("Connected to master {} at {}", c.peerPrincipal(), address);
            c.send(agentId.isEmpty() ? Messages.registerAgent(info, VERSION)
                    : Envelope.newBuilder().setReregisterAgent(reregistration(agentId.get())).build());
        }

        @Override
        public void onMessage(Connection c, Envelope envelope) {
            if (c == master && !stopping && fence.admits(envelope.getMasterEpoch(), envelope.getMessageCase().name())) {
                Decoder.fromMaster(envelope).route(this);
            }
        }

        @Override
        public void onDisconnected(CloseReason reason, String detail) {
            master = null;
            registered = false;
            if (!stopping) {
                LOG.warn("Lost the connection to the master: {}; reconnecting", detail);
            }
        }

        @Override
        public void registered(Inbound.Registered m) {
            if (agentId.isPresent() && !agentId.get().equals(m.agentId())) {
                LOG.warn("The master {} gave agent id {} instead of {}; using the new one", m.masterId(), m.agentId(),
                        agentId.get());
            }
            agentId = Optional.of(m.agentId());
            publishedId = m.agentId();
            registered = true;
            masterId = m.masterId();
            link.resetBackoff();
            LOG.info("{} with master {} as agent {}", m.reregistered() ? "Re-registered" : "Registered", m.masterId(),
                    m.agentId());
            checkpointer.saveAgentId(m.agentId());
            updates.resendAll();
            healthKeeper.send();
        }

        @Override
        public void runTask(Inbound.RunTask m) {
            if (healthKeeper.draining()) {
                tasks.refuseWhileDraining(m);
            } else {
                fence.launched(fence.newest(), masterId, m.frameworkId().value(), m.task().id().value());
                tasks.run(m);
            }
        }

        @Override
        public void invalidTask(Inbound.InvalidTask m) {
            tasks.refuse(m);
        }

        @Override
        public void killTask(Inbound.KillTask m) {
            tasks.kill(m.task(), m.reason(), m.message());
        }

        @Override
        public void teardown(Inbound.Teardown m) {
            tasks.teardown(m.frameworkId(), m.reason());
        }

        @Override
        public void acknowledge(Inbound.Acknowledge m) {
            tasks.acknowledge(m.task(), m.uuid());
        }

        @Override
        public void messageToExecutor(Inbound.MessageToExecutor m) {
            Optional<ExecutorRecord> e = executors.get(m.executor());
            if (e.isEmpty()) {
                LOG.warn("Dropped a framework message for executor '{}' of framework {}: it does not run here",
                        m.executor().executorId(), m.executor().frameworkId());
                return;
            }
            executors.send(e.get(), Envelope.newBuilder().setFrameworkMessage(m.raw()).build());
        }

        @Override
        public void resendUpdates(Inbound.ResendUpdates m) {
            int sent = updates.resend(m.frameworkId());
            LOG.info("Resent the oldest unacknowledged update of {} task(s) of framework {}: {}", sent,
                    m.frameworkId(), m.reason());
        }

        /**
         * An Error before AgentRegistered/AgentReregistered on this connection means the master
         * refused the (re)registration: staying connected would leave the agent unregistered for
         * good, so it closes the connection and the link reconnects with backoff. Later Errors are
         * only logged.
         */
        @Override
        public void masterError(Inbound.MasterError m) {
            if (registered) {
                LOG.warn("The master {} reported an error: {} {}", master.peerPrincipal(), m.code(), m.reason());
                return;
            }
            LOG.warn("The master {} refused the {}registration of this agent: {} {}; reconnecting with backoff",
                    master.peerPrincipal(), agentId.isPresent() ? "re-" : "", m.code(), m.reason());
            master.close();
        }

        @Override
        public void refused(Inbound.Refused m) {
            LOG.warn("Ignored {} from the master {}: {}", m.kind(), master.peerPrincipal(), m.reason());
        }
    }

    private ReregisterAgent reregistration(AgentId id) {
        ReregisterAgent.Builder b = ReregisterAgent.newBuilder().setAgent(Wire.toProto(info.withId(id)))
                .setVersion(VERSION);
        Set<FrameworkId> used = new TreeSet<>();
        for (TaskRecord t : tasks.all()) {
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
        for (ExecutorRecord e : executors.all()) {
            b.addExecutors(e.proto);
            used.add(e.key.frameworkId());
        }
        for (FrameworkId f : used) {
            tasks.framework(f).ifPresent(b::addFrameworks);
        }
        return b.build();
    }

    // =============================================================================================
    // Executor side

    /** Routes one executor's decoded messages; one per message, bound to its connection. */
    private final class FromExecutor implements Inbound.ExecutorHandler {
        private final Connection c;

        FromExecutor(Connection c) {
            this.c = c;
        }

        @Override
        public void registerExecutor(Inbound.RegisterExecutor m) {
            executors.register(c, m.executor(), e -> Envelope.newBuilder().setExecutorRegistered(
                    ExecutorRegistered.newBuilder().setExecutor(e.proto)
                            .setFramework(tasks.framework(e.key.frameworkId()).orElseGet(() ->
                                    org.allot.protocol.proto.FrameworkInfo.newBuilder()
                                            .setFrameworkId(e.key.frameworkId().value()).build()))
                            .setAgent(Wire.toProto(agentId.map(info::withId).orElse(info)))).build());
        }

        @Override
        public void executorStatus(Inbound.ExecutorStatus m) {
            registeredExecutor(m).ifPresent(e -> {
                ByteString uuid = m.raw().getUuid().isEmpty() ? uuidBytes(UUID.randomUUID()) : m.raw().getUuid();
                c.send(Envelope.newBuilder().setAcknowledge(Acknowledge.newBuilder()
                        .setFrameworkId(e.key.frameworkId().value()).setAgentId(agentId.map(AgentId::value).orElse(""))
                        .setTaskId(m.status().taskId().value()).setUuid(uuid)).build());
                tasks.fromExecutor(e, m.status(), m.raw().toBuilder().setUuid(uuid)
                        .setAgentId(agentId.map(AgentId::value).orElse(m.raw().getAgentId()))
                        .setExecutorId(e.key.executorId().value())
                        .setSource(org.allot.protocol.proto.TaskStatus.Source.SOURCE_EXECUTOR).build());
            });
        }

        @Override
        public void messageFromExecutor(Inbound.MessageFromExecutor m) {
            registeredExecutor(m).ifPresent(e -> {
                // NOTE: without an agent id the agent is not registered, so sendToMaster would refuse too.
                if (agentId.isEmpty() || !sendToMaster(Messages.frameworkMessage(e.key.frameworkId(),
                        e.key.executorId(), agentId.get(), m.data()))) {
                    LOG.warn("Dropped a framework message from executor '{}': not registered with a master",
                            e.key.executorId());
                }
            });
        }

        @Override
        public void refused(Inbound.Refused m) {
            LOG.warn("Ignored {} from executor {}: {}", m.kind(), c.peerPrincipal(), m.reason());
        }

        private Optional<ExecutorRecord> registeredExecutor(Inbound m) {
            Optional<ExecutorRecord> e = executors.on(c);
            if (e.isEmpty()) {
                LOG.warn("Executor {} sent {} before RegisterExecutor; closing it", c.peerPrincipal(),
                        m.getClass().getSimpleName());
                c.closeWithError(Error.Code.PROTOCOL_VIOLATION, "send RegisterExecutor first");
            }
            return e;
        }
    }

    /** Network threads: decode at the edge, hand the record to the loop. */
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
            Inbound.FromExecutor m = Decoder.fromExecutor(envelope);
            loop.execute(() -> {
                if (!stopping) {
                    m.route(new FromExecutor(connection));
                }
            });
        }

        @Override
        public void onClose(Connection connection, CloseReason reason, String detail) {
            loop.execute(() -> {
                if (!stopping) {
                    executors.closed(connection, detail);
                }
            });
        }
    }

    // =============================================================================================
    // Helpers

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static ByteString uuidBytes(UUID u) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }
}
