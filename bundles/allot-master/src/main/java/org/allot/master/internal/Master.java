package org.allot.master.internal;

import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.loop.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Offer;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.Operator;
import org.allot.api.operator.TaskView;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolServer;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;
import org.allot.master.internal.allocation.AllocationEngine;
import org.allot.master.internal.allocation.ResourceMath;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.Revocation;
import org.allot.spi.allocation.TaskRef;
import org.allot.spi.filter.OfferFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master: the registry of agents, frameworks, offers and tasks, the allocation loop, offer
 * timeouts, launch validation and message routing. Plain Java; {@link MasterComponent} wraps it
 * for OSGi.
 *
 * <h2>Threading</h2>
 * All state belongs to the {@link EventLoop}. Network threads only decode a message
 * ({@link Decoder}) and queue it; timers and operator calls run on the loop too. A message that
 * fails (bad content, unknown framework, wrong role, a bug) is answered with an {@code Error} or a
 * status update and logged, and the loop carries on.
 *
 * <h2>Accounting</h2>
 * The {@link AllocationEngine} keeps the allocation books (free, offered, used; declines) and runs
 * the allocation policy; the master tells it every move: offers it makes come booked from
 * {@link AllocationEngine#pass}, and the master reports launches, recovered offers, ended tasks and
 * adopted tasks. The registry's own per-agent {@code allocated} map is for the operator views and
 * for re-adding a re-registered agent.
 */
public final class Master implements Operator {

    private static final Logger LOG = LoggerFactory.getLogger(Master.class);
    private static final int CLOSED_OFFERS_KEPT = 10_000;
    private static final int REMOVED_KEPT = 10_000;
    /** How the protocol reports a peer it declared lost (see MessageHandler#onClose). */
    static final String HEARTBEAT_TIMEOUT_REASON = "heartbeat timeout";

    private volatile MasterConfig config;
    private final EventLoop loop;
    private final String masterId;
    private final MessageHandler handler = new NetworkHandler();

    // Plugins.
    private final AllocationEngine engine;
    private final Map<String, Allocator> allocators = new TreeMap<>();
    private final List<RankedFilter> filters = new ArrayList<>();
    private long filterSeq;
    private final Map<String, Double> weights = new TreeMap<>();

    // The registry.
    private final Map<AgentId, AgentEntry> agents = new TreeMap<>();
    private final Map<FrameworkId, FrameworkEntry> frameworks = new TreeMap<>();
    private final Map<OfferId, OfferEntry> offers = new LinkedHashMap<>();
    private final Map<Connection, AgentId> agentConnections = new IdentityHashMap<>();
    private final Map<Connection, FrameworkId> frameworkConnections = new IdentityHashMap<>();
    /** Why an offer is no longer outstanding, for launches that name it afterwards. */
    private final Map<OfferId, ClosedOffer> closedOffers = bounded(CLOSED_OFFERS_KEPT);
    /** Frameworks removed in this run, and why; they may not re-subscribe with their old id. */
    private final Map<FrameworkId, String> removedFrameworks = bounded(REMOVED_KEPT);
    /** Tasks declared lost with their removed agent; killed if the agent comes back with them. */
    private final Map<AgentId, Set<TaskKey>> lostTasks = bounded(REMOVED_KEPT);

    private long nextAgent;
    private long nextFramework;
    private long nextOffer;
    private boolean allocationQueued;
    private boolean running;
    private EventLoop.Timer intervalTimer;
    private ProtocolServer server;
    private volatile int boundPort = -1;

    /**
     * @param config           settings
     * @param loop             the event loop that owns the state ({@link ThreadEventLoop} in production);
     *                         the master owns it from now on and shuts it down in {@link #stop()}
     * @param initialAllocator the allocation policy to start with; null for none yet (no offers until one is set)
     * @param filters          offer filters to start with, all of ranking 0
     */
    public Master(MasterConfig config, EventLoop loop, Allocator initialAllocator, Collection<OfferFilter> filters) {
        this.config = Objects.requireNonNull(config, "config");
        this.loop = Objects.requireNonNull(loop, "loop");
        // NOTE: the run prefix makes framework and agent ids unique across master restarts, so a
        // scheduler of a previous run cannot be confused with a new framework that got the same number.
        this.masterId = "m" + Long.toString(loop.now().toEpochMilli(), 36)
                + UUID.randomUUID().toString().substring(0, 4);
        this.engine = new AllocationEngine(loop, this::tasksOn, this::requestAllocation);
        if (initialAllocator != null) {
            allocators.put(initialAllocator.name(), initialAllocator);
        }
        for (OfferFilter f : filters) {
            this.filters.add(new RankedFilter(f, 0, filterSeq++));
        }
        // NOTE: before the loop runs anything for this master, so from the constructor's thread.
        engine.setFilters(rankedFilters());
        engine.usePolicy(initialAllocator);
    }

    // ------------------------------------------------------------------------------------------
    // Life cycle

    /**
     * Binds the server on the configured host and port and starts the allocation loop.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        startLoop();
        ProtocolServer s = new ProtocolServer(config.protocolConfig(), Role.MASTER, "master@" + config.host(), handler);
        try {
            boundPort = s.bind(config.host(), config.port()).getPort();
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException("master cannot listen on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage() + "; pick a free port or port 0", e);
        }
        server = s;
        LOG.info("Master {} listening on {}:{}", masterId, config.host(), boundPort);
    }

    /** Starts the allocation timer without a network server: for tests and embedders feeding {@link #handler()}. */
    public void startLoop() {
        loop.call(() -> {
            if (!running) {
                running = true;
                scheduleInterval();
            }
            return null;
        });
    }

    /**
     * Closes the server (every peer sees its connection close), stops the timers and shuts the
     * event loop down, so that no thread (holding the bundle's class loader) outlives the master.
     * A stopped master cannot be started again; build a new one. Not from the event loop itself.
     */
    public synchronized void stop() {
        ProtocolServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        try {
            loop.call(() -> {
                running = false;
                if (intervalTimer != null) {
                    intervalTimer.cancel();
                }
                for (OfferEntry o : offers.values()) {
                    if (o.timeout != null) {
                        o.timeout.cancel();
                    }
                }
                return null;
            });
        } catch (IllegalStateException e) {
            LOG.debug("Event loop already stopped", e);
        }
        // NOTE: the master owns its loop from construction (see the constructor); shutting it down
        // twice, e.g. by an embedder that also does, is harmless.
        loop.shutdown();
        boundPort = -1;
        LOG.info("Master {} stopped", masterId);
    }

    /**
     * Applies new settings that need no new server: allocation interval, offer timeout, default
     * refuse, agent re-register timeout (for agents disconnecting from now on). Host, port and transport settings are kept (they need a new master; see
     * {@link MasterComponent}). Any thread.
     */
    public void reconfigure(MasterConfig next) {
        loop.call(() -> {
            MasterConfig current = config;
            config = current.toBuilder().allocationInterval(next.allocationInterval())
                    .offerTimeout(next.offerTimeout()).defaultRefuse(next.defaultRefuse())
                    .agentReregisterTimeout(next.agentReregisterTimeout()).build();
            if (running && !current.allocationInterval().equals(next.allocationInterval())) {
                intervalTimer.cancel();
                scheduleInterval();
            }
            LOG.info("Master {} reconfigured: {}", masterId, config);
            return null;
        });
    }

    /** The settings in force. */
    public MasterConfig config() {
        return config;
    }

    /** The port bound by {@link #start()}, or -1 when not listening. */
    public int port() {
        return boundPort;
    }

    /** This master run's id, sent in AgentRegistered and Subscribed. */
    public String masterId() {
        return masterId;
    }

    /** The allocation books; tests read them on the loop's thread. */
    AllocationEngine allocationEngine() {
        return engine;
    }

    /** The handler the protocol server calls; tests feed messages through it without a network. */
    public MessageHandler handler() {
        return handler;
    }

    // ------------------------------------------------------------------------------------------
    // Plugins

    /**
     * Makes {@code next} the allocator: the current one is paused and dropped, {@code next} is reset
     * and resumed, and sees the books at its first pass. Offers and tasks are untouched. Null leaves the master without
     * one (no offers). Any thread; the swap is queued on the event loop, behind the messages before it.
     */
    public void setAllocator(Allocator next) {
        loop.execute(() -> swapAllocator(next));
    }

    /** Makes {@code a} selectable by {@link #useAllocator}; does not switch to it. Any thread. */
    public void addAvailableAllocator(Allocator a) {
        loop.execute(() -> allocators.put(a.name(), a));
    }

    /**
     * The allocator is going away: forgotten, and if it is the active one, replaced by another
     * available one (the first by name), or by none. Any thread.
     */
    public void removeAvailableAllocator(Allocator a) {
        loop.execute(() -> {
            allocators.remove(a.name(), a);
            replaceIfActive(a);
        });
    }

    /**
     * The allocator configuration chose is no longer chosen (its service went away or no longer
     * matches the target). It stays selectable while it is available; only if it is the active one
     * is it replaced, by another available one (the first by name) or by none. An allocator the
     * operator switched to with {@link #useAllocator} stays active. Any thread.
     */
    public void releaseAllocator(Allocator a) {
        loop.execute(() -> replaceIfActive(a));
    }

    private void replaceIfActive(Allocator a) {
        if (engine.policy().orElse(null) != a) {
            return;
        }
        Allocator next = allocators.values().stream().filter(x -> x != a).findFirst().orElse(null);
        swapAllocator(next);
    }

    /** Adds an offer filter with ranking 0. Any thread. */
    public void addFilter(OfferFilter filter) {
        addFilter(filter, 0);
    }

    /** Adds an offer filter; higher rankings are asked first. Any thread. */
    public void addFilter(OfferFilter filter, int ranking) {
        Objects.requireNonNull(filter, "filter");
        loop.execute(() -> {
            filters.add(new RankedFilter(filter, ranking, filterSeq++));
            filters.sort(RankedFilter.ORDER);
            engine.setFilters(rankedFilters());
            LOG.info("Added offer filter '{}' (ranking {})", filter.name(), ranking);
        });
    }

    /** Removes an offer filter and runs an allocation pass (it may have held offers back). Any thread. */
    public void removeFilter(OfferFilter filter) {
        loop.execute(() -> {
            if (filters.removeIf(r -> r.filter == filter)) {
                LOG.info("Removed offer filter '{}'", filter.name());
                engine.setFilters(rankedFilters());
            }
        });
    }

    private void swapAllocator(Allocator next) {
        if (next != null) {
            allocators.put(next.name(), next);
        }
        engine.usePolicy(next);
    }

    private List<OfferFilter> rankedFilters() {
        return filters.stream().map(RankedFilter::filter).collect(Collectors.toList());
    }

    /** The registry's view of what a framework holds (used and offered), agent by agent, summed. */
    private Resources allocatedTo(FrameworkId f) {
        Resources sum = Resources.empty();
        for (AgentEntry agent : agents.values()) {
            Resources r = agent.allocated.get(f);
            if (r != null) {
                sum = sum.add(r);
            }
        }
        return sum;
    }

    /** The engine's {@link org.allot.master.internal.allocation.TaskIndex}: live tasks on an agent. */
    private Collection<TaskRef> tasksOn(AgentId agentId) {
        List<TaskRef> on = new ArrayList<>();
        for (FrameworkEntry f : frameworks.values()) {
            for (TaskEntry t : f.tasks.values()) {
                if (t.agentId.equals(agentId)) {
                    on.add(new TaskRef(f.id, t.info.id(), t.resources));
                }
            }
        }
        return on;
    }

    // ------------------------------------------------------------------------------------------
    // Network -> loop

    /** Decodes on the network thread and queues the message; never blocks. */
    private final class NetworkHandler implements MessageHandler {

        @Override
        public void onOpen(Connection connection) {
            Role role = connection.peerRole();
            if (role != Role.AGENT && role != Role.SCHEDULER) {
                LOG.warn("Refused {}: the master serves agents and schedulers only", describe(connection));
                connection.closeWithError(Error.Code.PROTOCOL_VIOLATION,
                        "the master serves agents and schedulers; role " + role + " has nothing to say to it");
            }
        }

        @Override
        public void onMessage(Connection connection, Envelope envelope) {
            Inbound message;
            try {
                message = Decoder.decode(connection.peerRole(), envelope);
            } catch (Decoder.WrongRole e) {
                refuse(connection, Error.Code.PROTOCOL_VIOLATION, e.getMessage());
                return;
            } catch (RuntimeException e) {
                refuse(connection, Error.Code.REFUSED,
                        "invalid " + envelope.getMessageCase() + ": " + e.getMessage());
                return;
            }
            loop.execute(() -> dispatch(connection, message));
        }

        @Override
        public void onClose(Connection connection, String reason) {
            loop.execute(() -> connectionClosed(connection, reason));
        }
    }

    private static void refuse(Connection connection, Error.Code code, String reason) {
        LOG.warn("Refused a message from {}: {}", describe(connection), reason);
        connection.send(Envelope.newBuilder()
                .setError(Error.newBuilder().setCode(code).setReason(reason)).build());
    }

    private static String describe(Connection c) {
        return c.peerRole() + " '" + c.peerPrincipal() + "' (connection " + c.id() + ", " + c.remoteAddress() + ")";
    }

    /** Runs one decoded message on the loop; whatever it throws stays here. */
    private void dispatch(Connection c, Inbound m) {
        try {
            if (!c.isOpen()) {
                LOG.debug("Dropped {} from {}: its connection closed meanwhile", m.getClass().getSimpleName(),
                        describe(c));
                return;
            }
            route(c, m);
        } catch (PeerError e) {
            refuse(c, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Master failed to handle {} from {}", m.getClass().getSimpleName(), describe(c), e);
            c.send(error(Error.Code.INTERNAL_ERROR, "the master failed to handle "
                    + m.getClass().getSimpleName() + ": " + e));
        }
    }

    private void route(Connection c, Inbound m) {
        if (m instanceof Inbound.RegisterAgent) {
            registerAgent(c, (Inbound.RegisterAgent) m);
        } else if (m instanceof Inbound.ReregisterAgent) {
            reregisterAgent(c, (Inbound.ReregisterAgent) m);
        } else if (m instanceof Inbound.StatusUpdate) {
            statusUpdate(c, (Inbound.StatusUpdate) m);
        } else if (m instanceof Inbound.ExecutorLost) {
            requireAgent(c, "ExecutorLost");
            forwardToScheduler(((Inbound.ExecutorLost) m).frameworkId(), ((Inbound.ExecutorLost) m).raw());
        } else if (m instanceof Inbound.AgentFrameworkMessage) {
            requireAgent(c, "FrameworkMessage");
            Inbound.AgentFrameworkMessage fm = (Inbound.AgentFrameworkMessage) m;
            forwardToScheduler(fm.frameworkId(), fm.raw());
        } else if (m instanceof Inbound.Subscribe) {
            subscribe(c, (Inbound.Subscribe) m);
        } else if (m instanceof Inbound.Accept) {
            accept(c, (Inbound.Accept) m);
        } else if (m instanceof Inbound.Decline) {
            decline(c, (Inbound.Decline) m);
        } else if (m instanceof Inbound.Revive) {
            revive(framework(c, ((Inbound.Revive) m).frameworkId()));
        } else if (m instanceof Inbound.Suppress) {
            suppress(framework(c, ((Inbound.Suppress) m).frameworkId()));
        } else if (m instanceof Inbound.Kill) {
            kill(c, (Inbound.Kill) m);
        } else if (m instanceof Inbound.Acknowledge) {
            acknowledge(c, (Inbound.Acknowledge) m);
        } else if (m instanceof Inbound.Reconcile) {
            reconcile(c, (Inbound.Reconcile) m);
        } else if (m instanceof Inbound.SchedulerFrameworkMessage) {
            Inbound.SchedulerFrameworkMessage fm = (Inbound.SchedulerFrameworkMessage) m;
            framework(c, fm.frameworkId());
            AgentEntry agent = agents.get(fm.agentId());
            if (agent == null) {
                throw new PeerError("FrameworkMessage names agent " + fm.agentId()
                        + ", which is not registered; the message was dropped");
            }
            if (!agent.connected()) {
                throw new PeerError("FrameworkMessage names agent " + fm.agentId()
                        + ", which is disconnected until it re-registers; the message was dropped");
            }
            agent.connection.send(fm.raw());
        } else if (m instanceof Inbound.UpdateOfferConstraints) {
            Inbound.UpdateOfferConstraints u = (Inbound.UpdateOfferConstraints) m;
            FrameworkEntry f = framework(c, u.frameworkId());
            f.constraints = u.constraints();
            engine.setConstraints(f.id, f.constraints);
            LOG.info("Framework {} changed its offer constraints", f.describe());
            requestAllocation();
        } else if (m instanceof Inbound.Teardown) {
            Inbound.Teardown t = (Inbound.Teardown) m;
            FrameworkEntry f = framework(c, t.frameworkId());
            removeFramework(f, "torn down by its scheduler" + (t.reason().isBlank() ? "" : ": " + t.reason()));
        } else {
            throw new IllegalStateException("no route for " + m);
        }
    }

    private AgentEntry requireAgent(Connection c, String what) {
        AgentId id = agentConnections.get(c);
        if (id == null) {
            throw new PeerError(Error.Code.PROTOCOL_VIOLATION, what + " from an agent that has not registered on"
                    + " this connection; send RegisterAgent or ReregisterAgent first");
        }
        return agents.get(id);
    }

    /** The framework a scheduler message names, which must be subscribed on this very connection. */
    private FrameworkEntry framework(Connection c, FrameworkId id) {
        FrameworkEntry f = frameworks.get(id);
        if (f == null) {
            String removed = removedFrameworks.get(id);
            throw new PeerError(removed != null ? "framework " + id + " was removed (" + removed + ")"
                    : "unknown framework id " + id + ": subscribe first and use the id from Subscribed");
        }
        if (f.connection != c) {
            throw new PeerError("framework " + id + " is not subscribed on this connection; send Subscribe"
                    + " with its framework_id first");
        }
        return f;
    }

    private void connectionClosed(Connection c, String reason) {
        AgentId agentId = agentConnections.remove(c);
        if (agentId != null) {
            AgentEntry agent = agents.get(agentId);
            if (agent != null && agent.connection == c) {
                if (reason != null && reason.startsWith(HEARTBEAT_TIMEOUT_REASON)) {
                    removeAgent(agent, reason);
                } else {
                    disconnectAgent(agent, reason);
                }
            }
            return;
        }
        FrameworkId frameworkId = frameworkConnections.remove(c);
        if (frameworkId != null) {
            FrameworkEntry f = frameworks.get(frameworkId);
            if (f != null && f.connection == c) {
                deactivateFramework(f, reason);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Agents

    private void registerAgent(Connection c, Inbound.RegisterAgent m) {
        AgentId existing = agentConnections.get(c);
        if (existing != null) {
            // A retried RegisterAgent whose answer was slow: answer again with the same id.
            c.send(Envelope.newBuilder().setAgentRegistered(org.allot.protocol.proto.AgentRegistered.newBuilder()
                    .setAgentId(existing.value()).setMasterId(masterId)).build());
            return;
        }
        AgentId id = AgentId.of("a-" + masterId + "-" + (++nextAgent));
        AgentInfo info = m.agent().withId(id);
        AgentEntry agent = new AgentEntry(id, info, c);
        agents.put(id, agent);
        agentConnections.put(c, id);
        c.send(Envelope.newBuilder().setAgentRegistered(org.allot.protocol.proto.AgentRegistered.newBuilder()
                .setAgentId(id.value()).setMasterId(masterId)).build());
        LOG.info("Added agent {} with {}", agent.describe(), info.resources());
        engine.addAgent(id, info, info.resources(), Map.of());
        requestAllocation();
    }

    private void reregisterAgent(Connection c, Inbound.ReregisterAgent m) {
        AgentId id = m.agent().requireId();
        AgentEntry known = agents.get(id);
        // Frameworks the agent runs tasks for that this master has not seen (it may have just
        // failed over): recover them, disconnected, until their schedulers re-subscribe.
        for (FrameworkInfo info : m.frameworks()) {
            FrameworkId fid = info.id().orElseThrow();
            if (!frameworks.containsKey(fid) && !removedFrameworks.containsKey(fid)) {
                FrameworkEntry f = new FrameworkEntry(fid, info, OfferConstraints.none(), null);
                frameworks.put(fid, f);
                f.disconnectedAt = loop.now();
                engine.addFramework(fid, info, false);
                startFailoverTimer(f, "its scheduler has not re-subscribed since the agent " + id + " reported it");
                LOG.info("Recovered framework {} from agent {}; waiting for its scheduler", f.describe(), id);
            }
        }
        AgentEntry agent;
        // A connected agent keeps its books in the engine (offers included); adopted and lost tasks
        // are moved there one by one. A disconnected or new one is added afterwards.
        boolean inEngine = known != null && known.connected();
        if (known != null) {
            // Still known: disconnected and within its re-register timeout, or it reconnected before its
            // old connection was seen to close. Its tasks are kept.
            agent = known;
            if (agent.connected()) {
                if (agent.connection != c) {
                    agentConnections.remove(agent.connection);
                    agent.connection.closeWithError(Error.Code.PROTOCOL_VIOLATION,
                            "agent " + id + " re-registered on another connection");
                }
            }
            if (agent.reregisterTimer != null) {
                agent.reregisterTimer.cancel();
                agent.reregisterTimer = null;
            }
            agent.info = m.agent();
            agent.connection = c;
        } else {
            agent = new AgentEntry(id, m.agent(), c);
            agents.put(id, agent);
        }
        agentConnections.put(c, id);
        int adopted = adoptReportedTasks(agent, m.tasks());
        if (known != null) {
            loseUnreportedTasks(agent, m.tasks());
        }
        c.send(agentReregistered(id));
        // The Teardown of a framework removed while the agent was away: its executors too must go.
        for (FrameworkInfo info : m.frameworks()) {
            FrameworkId fid = info.id().orElseThrow();
            String removed = removedFrameworks.get(fid);
            if (removed != null) {
                c.send(Envelope.newBuilder().setTeardown(org.allot.protocol.proto.Teardown.newBuilder()
                        .setFrameworkId(fid.value()).setReason("framework " + fid + " was removed: " + removed)).build());
            }
        }
        for (Map.Entry<FrameworkId, TaskId> kill : agent.pendingKills) {
            FrameworkEntry f = frameworks.get(kill.getKey());
            TaskEntry t = f == null ? null : f.tasks.get(kill.getValue());
            if (t != null && t.agentId.equals(id)) {
                c.send(killTask(kill.getKey(), kill.getValue()));
            }
        }
        agent.pendingKills.clear();
        LOG.info("{} agent {} with {} and {} running tasks ({} adopted)", known != null ? "Reconnected" : "Re-added",
                agent.describe(), agent.total(), runningOn(id), adopted);
        if (inEngine) {
            engine.updateAgent(id, agent.info, agent.total());
        } else {
            engine.addAgent(id, agent.info, agent.total(), Map.copyOf(agent.allocated));
        }
        requestAllocation();
    }

    /**
     * Takes over the tasks a re-registering agent reports that the master does not track on it, and
     * kills those it must not run: of an unknown or removed framework, declared lost when the agent
     * was removed, or whose id the framework uses for another live task. Returns how many it adopted.
     */
    private int adoptReportedTasks(AgentEntry agent, List<Inbound.ReportedTask> reported) {
        Set<TaskKey> lost = lostTasks.get(agent.id);
        int adopted = 0;
        for (Inbound.ReportedTask t : reported) {
            TaskKey key = new TaskKey(t.frameworkId(), t.task().id());
            FrameworkEntry f = frameworks.get(t.frameworkId());
            if (t.state().isTerminal()) {
                continue; // the agent still delivers its terminal update; nothing runs
            }
            TaskEntry tracked = f == null ? null : f.tasks.get(t.task().id());
            if (tracked != null && tracked.agentId.equals(agent.id)) {
                continue; // kept while the agent was away
            }
            if (f == null || (lost != null && lost.contains(key)) || tracked != null) {
                String why = f == null ? "its framework " + t.frameworkId() + " is unknown or removed"
                        : tracked != null ? "the framework already runs a task with that id"
                        : "the master declared it lost when the agent was removed";
                LOG.warn("Killing task {} of framework {} on re-registered agent {}: {}", t.task().id(),
                        t.frameworkId(), agent.id, why);
                agent.connection.send(killTask(t.frameworkId(), t.task().id()));
                // Its coming TASK_KILLED is about this copy, not the task the framework knows: the
                // master acknowledges and drops it (see statusUpdate).
                lostTasks.computeIfAbsent(agent.id, k -> new HashSet<>()).add(key);
                continue;
            }
            Resources res = t.task().resources().add(t.task().executor().map(ExecutorInfo::resources)
                    .orElse(Resources.empty()));
            TaskStatus status = masterStatus(t.task().id(), t.state(), null, "re-registered with agent " + agent.id,
                    agent.id);
            f.tasks.put(t.task().id(), new TaskEntry(f.id, agent.id, t.task(), res, t.state(), status));
            agent.allocate(f.id, res);
            engine.addUsed(f.id, agent.id, res); // ignored unless the agent is still in the engine
            adopted++;
        }
        return adopted;
    }

    /**
     * Tasks the master has on a re-registering agent that the agent does not report (e.g. it
     * restarted and could not recover them) will never send an update: TASK_LOST, resources freed.
     * NOTE: the engine ignores the release unless the agent is still in it (it was connected);
     * otherwise the caller adds the agent with what it uses now.
     */
    private void loseUnreportedTasks(AgentEntry agent, List<Inbound.ReportedTask> reported) {
        Set<TaskKey> reportedKeys = reported.stream().map(t -> new TaskKey(t.frameworkId(), t.task().id()))
                .collect(Collectors.toSet());
        for (FrameworkEntry f : frameworks.values()) {
            List<TaskEntry> missing = f.tasks.values().stream()
                    .filter(t -> t.agentId.equals(agent.id) && !reportedKeys.contains(new TaskKey(f.id, t.info.id())))
                    .collect(Collectors.toList());
            for (TaskEntry t : missing) {
                f.tasks.remove(t.info.id());
                agent.release(f.id, t.resources);
                engine.release(f.id, agent.id, t.resources);
                TaskStatus status = masterStatus(t.info.id(), TaskState.LOST, TaskStatus.Reason.AGENT_RESTARTED,
                        "task " + t.info.id() + " is lost: agent " + agent.describe()
                                + " re-registered without it (it was " + t.state + ")", agent.id);
                f.completed.put(t.info.id(), status);
                LOG.info("Task {} of framework {} is lost: agent {} re-registered without it", t.info.id(),
                        f.describe(), agent.describe());
                sendMasterUpdate(f, status);
            }
        }
    }

    private long runningOn(AgentId id) {
        return frameworks.values().stream().flatMap(f -> f.tasks.values().stream())
                .filter(t -> t.agentId.equals(id)).count();
    }

    /**
     * The agent's connection closed, but not for a heartbeat timeout: it may be restarting. Its
     * offers are rescinded and it gets no more until it re-registers; its tasks are kept. If it
     * does not re-register within the re-register timeout it is removed.
     */
    private void disconnectAgent(AgentEntry agent, String reason) {
        String why = "agent " + agent.describe() + " disconnected (" + reason + ")";
        for (OfferId oid : List.copyOf(agent.offers)) {
            OfferEntry o = offers.get(oid);
            if (o != null) {
                closeOffer(o, "rescinded at " + loop.now() + " because " + why, true);
                recoverOffer(o.offer.frameworkId(), agent.id, o.offer.resources());
                sendToScheduler(o.offer.frameworkId(), rescind(oid, why));
            }
        }
        agent.connection = null;
        engine.removeAgent(agent.id);
        Duration timeout = config.agentReregisterTimeout();
        LOG.info("Agent {} disconnected ({}); its tasks are kept while it may re-register, for {}",
                agent.describe(), reason, seconds(timeout));
        agent.reregisterTimer = loop.schedule(timeout, () -> {
            if (agents.get(agent.id) == agent && !agent.connected()) {
                removeAgent(agent, "it disconnected (" + reason + ") and did not re-register within "
                        + seconds(timeout));
            }
        });
        requestAllocation();
    }

    private Envelope agentReregistered(AgentId id) {
        return Envelope.newBuilder().setAgentReregistered(org.allot.protocol.proto.AgentReregistered.newBuilder()
                .setAgentId(id.value()).setMasterId(masterId)).build();
    }

    /** The agent is gone: its tasks are lost, its offers rescinded, frameworks told. */
    private void removeAgent(AgentEntry agent, String why) {
        agents.remove(agent.id);
        boolean inEngine = agent.connected(); // a disconnected agent was removed from it already
        if (agent.reregisterTimer != null) {
            agent.reregisterTimer.cancel();
            agent.reregisterTimer = null;
        }
        String reason = "agent " + agent.describe() + " was removed: " + why;
        LOG.info("Removed agent {}: {}", agent.describe(), why);
        for (OfferId oid : List.copyOf(agent.offers)) {
            OfferEntry o = offers.get(oid);
            if (o != null) {
                closeOffer(o, "rescinded at " + loop.now() + " because " + reason, true);
                sendToScheduler(o.offer.frameworkId(), rescind(oid, reason));
            }
        }
        Set<TaskKey> lost = new HashSet<>();
        for (FrameworkEntry f : frameworks.values()) {
            List<TaskEntry> onAgent = f.tasks.values().stream().filter(t -> t.agentId.equals(agent.id))
                    .collect(Collectors.toList());
            for (TaskEntry t : onAgent) {
                f.tasks.remove(t.info.id());
                TaskStatus status = masterStatus(t.info.id(), TaskState.LOST, TaskStatus.Reason.AGENT_REMOVED,
                        "task " + t.info.id() + " is lost: " + reason, agent.id);
                f.completed.put(t.info.id(), status);
                lost.add(new TaskKey(f.id, t.info.id()));
                sendMasterUpdate(f, status);
            }
        }
        if (!lost.isEmpty()) {
            lostTasks.computeIfAbsent(agent.id, k -> new HashSet<>()).addAll(lost);
        }
        Envelope agentLost = Envelope.newBuilder().setAgentLost(org.allot.protocol.proto.AgentLost.newBuilder()
                .setAgentId(agent.id.value()).setReason(reason)).build();
        for (FrameworkEntry f : frameworks.values()) {
            if (f.connected()) {
                f.connection.send(agentLost);
            }
        }
        if (inEngine) {
            engine.removeAgent(agent.id);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Frameworks

    private void subscribe(Connection c, Inbound.Subscribe m) {
        FrameworkInfo info = m.framework();
        FrameworkId existingOnConnection = frameworkConnections.get(c);
        if (existingOnConnection != null && !info.id().equals(Optional.of(existingOnConnection))) {
            throw new PeerError(Error.Code.PROTOCOL_VIOLATION, "this connection is already subscribed as framework "
                    + existingOnConnection + "; open another connection for another framework");
        }
        if (info.id().isEmpty()) {
            FrameworkId id = FrameworkId.of("f-" + masterId + "-" + (++nextFramework));
            FrameworkEntry f = new FrameworkEntry(id, info.withId(id), m.constraints(), c);
            frameworks.put(id, f);
            frameworkConnections.put(c, id);
            c.send(subscribed(id));
            LOG.info("Added framework {}", f.describe());
            engine.addFramework(id, f.info, true);
            engine.setConstraints(id, f.constraints);
            requestAllocation();
            return;
        }
        FrameworkId id = info.id().get();
        String removed = removedFrameworks.get(id);
        if (removed != null) {
            throw new PeerError("framework " + id + " was removed (" + removed
                    + "); subscribe without a framework_id to start anew");
        }
        FrameworkEntry f = frameworks.get(id);
        if (f == null) {
            // A framework of an earlier master run re-subscribing after a master failover.
            f = new FrameworkEntry(id, info, m.constraints(), c);
            frameworks.put(id, f);
            frameworkConnections.put(c, id);
            c.send(subscribed(id));
            LOG.info("Re-added framework {} after master failover", f.describe());
            engine.addFramework(id, f.info, true);
            engine.setConstraints(id, f.constraints);
            requestAllocation();
            return;
        }
        if (f.connection != null && f.connection != c) {
            Connection old = f.connection;
            frameworkConnections.remove(old);
            rescindAll(f, "framework " + id + " failed over to a new scheduler connection", false);
            old.closeWithError(Error.Code.REFUSED, "framework " + id + " re-subscribed on another connection");
        }
        boolean wasDisconnected = f.connection == null;
        f.connection = c;
        f.info = info;
        f.constraints = m.constraints();
        f.disconnectedAt = null;
        if (f.failoverTimer != null) {
            f.failoverTimer.cancel();
            f.failoverTimer = null;
        }
        frameworkConnections.put(c, id);
        c.send(subscribed(id));
        for (Envelope e : f.pending) {
            c.send(e);
        }
        f.pending.clear();
        LOG.info("Framework {} re-subscribed with {} running tasks", f.describe(), f.tasks.size());
        engine.updateFramework(id, info);
        engine.setConstraints(id, f.constraints);
        if (wasDisconnected) {
            engine.activateFramework(id);
        }
        requestAllocation();
    }

    private Envelope subscribed(FrameworkId id) {
        return Envelope.newBuilder().setSubscribed(org.allot.protocol.proto.Subscribed.newBuilder()
                .setFrameworkId(id.value()).setMasterId(masterId)
                .setHeartbeatIntervalMillis((int) Math.min(Integer.MAX_VALUE, config.heartbeatInterval().toMillis())))
                .build();
    }

    private void deactivateFramework(FrameworkEntry f, String why) {
        f.connection = null;
        f.disconnectedAt = loop.now();
        rescindAll(f, "the scheduler of framework " + f.id + " disconnected", false);
        engine.deactivateFramework(f.id);
        Duration timeout = f.info.failoverTimeout();
        LOG.info("Framework {} disconnected ({}); its tasks keep running for its failover timeout of {}",
                f.describe(), why, seconds(timeout));
        if (timeout.isZero()) {
            removeFramework(f, "its scheduler disconnected (" + why + ") and its failover timeout is 0 s");
        } else {
            startFailoverTimer(f, "its scheduler disconnected (" + why + ")");
        }
    }

    private void startFailoverTimer(FrameworkEntry f, String why) {
        Duration timeout = f.info.failoverTimeout();
        f.failoverTimer = loop.schedule(timeout, () -> {
            if (frameworks.get(f.id) == f && !f.connected()) {
                removeFramework(f, why + " and did not re-subscribe within its failover timeout of "
                        + seconds(timeout));
            }
        });
    }

    /** Removes a framework: offers rescinded, agents told to kill its tasks and executors. */
    private void removeFramework(FrameworkEntry f, String why) {
        frameworks.remove(f.id);
        removedFrameworks.put(f.id, why + ", at " + loop.now());
        if (f.failoverTimer != null) {
            f.failoverTimer.cancel();
        }
        if (f.connection != null) {
            frameworkConnections.remove(f.connection);
        }
        for (OfferId oid : List.copyOf(f.offers)) {
            OfferEntry o = offers.get(oid);
            if (o != null) {
                // NOTE: not recovered one by one: engine.removeFramework below drops all the framework holds.
                closeOffer(o, "rescinded at " + loop.now() + " because framework " + f.id + " was removed", true);
            }
        }
        Envelope teardown = Envelope.newBuilder().setTeardown(org.allot.protocol.proto.Teardown.newBuilder()
                .setFrameworkId(f.id.value()).setReason("framework " + f.id + " was removed: " + why)).build();
        for (AgentEntry agent : agents.values()) {
            agent.allocated.remove(f.id);
            // NOTE: a disconnected agent misses the Teardown; it gets one when it re-registers
            // reporting the framework (see reregisterAgent).
            if (agent.connected()) {
                agent.connection.send(teardown);
            }
        }
        LOG.info("Removed framework {} with {} tasks: {}", f.describe(), f.tasks.size(), why);
        f.tasks.clear();
        engine.removeFramework(f.id);
        requestAllocation();
    }

    private void revive(FrameworkEntry f) {
        engine.revive(f.id);
        LOG.debug("Framework {} revived offers", f.describe());
        requestAllocation();
    }

    private void suppress(FrameworkEntry f) {
        engine.suppress(f.id);
        LOG.debug("Framework {} suppressed offers", f.describe());
    }

    // ------------------------------------------------------------------------------------------
    // Allocation

    /** Queues one allocation pass unless one is queued already: many changes, one pass. */
    private void requestAllocation() {
        if (!allocationQueued && running) {
            allocationQueued = true;
            loop.execute(() -> {
                allocationQueued = false;
                allocate(false);
            });
        }
    }

    private void scheduleInterval() {
        intervalTimer = loop.schedule(config.allocationInterval(), () -> {
            if (running) {
                allocate(true);
                scheduleInterval();
            }
        });
    }

    /** One pass of the engine; its plan becomes offers (already booked) and kills. */
    private void allocate(boolean full) {
        if (!running) {
            return;
        }
        Plan plan = engine.pass(full);
        if (plan.isEmpty()) {
            return;
        }
        Instant now = loop.now();
        Map<FrameworkId, List<Offer>> made = new TreeMap<>();
        for (Allocation p : plan.offers()) {
            made.computeIfAbsent(p.frameworkId(), k -> new ArrayList<>()).add(makeOffer(p, now));
        }
        made.forEach((fid, list) -> {
            org.allot.protocol.proto.Offers.Builder b = org.allot.protocol.proto.Offers.newBuilder();
            list.forEach(o -> b.addOffers(Wire.toProto(o)));
            frameworks.get(fid).connection.send(Envelope.newBuilder().setOffers(b).build());
        });
        for (Revocation r : plan.revocations()) {
            AgentEntry agent = agents.get(r.agentId());
            LOG.info("Revoking task {} of framework {} on agent {}: {}", r.taskId(), r.frameworkId(), r.agentId(),
                    r.reason());
            agent.connection.send(killTask(r.frameworkId(), r.taskId()));
        }
    }

    private Offer makeOffer(Allocation p, Instant now) {
        AgentEntry agent = agents.get(p.agentId());
        FrameworkEntry f = frameworks.get(p.frameworkId());
        OfferId id = OfferId.of("o-" + (++nextOffer));
        Offer offer = new Offer(id, f.id, agent.id, agent.info.hostname(), p.resources(), agent.info.attributes());
        OfferEntry entry = new OfferEntry(offer, now);
        offers.put(id, entry);
        agent.offers.add(id);
        f.offers.add(id);
        agent.allocate(f.id, p.resources());
        entry.timeout = loop.schedule(config.offerTimeout(), () -> offerTimedOut(id));
        return offer;
    }

    // ------------------------------------------------------------------------------------------
    // Offers: timeout, rescind, decline, accept

    private void offerTimedOut(OfferId id) {
        OfferEntry o = offers.get(id);
        if (o == null) {
            return;
        }
        String reason = "offer " + id + " was not answered within the offer timeout of "
                + seconds(config.offerTimeout()) + "; its resources go back to the pool";
        LOG.info("Rescinding offer {} of framework {}: not answered within {}", id, o.offer.frameworkId(),
                seconds(config.offerTimeout()));
        closeOffer(o, "rescinded at " + loop.now() + " (offer timeout " + seconds(config.offerTimeout()) + ")", true);
        recoverOffer(o.offer.frameworkId(), o.offer.agentId(), o.offer.resources());
        sendToScheduler(o.offer.frameworkId(), rescind(id, reason));
        requestAllocation();
    }

    /** Rescinds every outstanding offer of {@code f} and recovers its resources. */
    private void rescindAll(FrameworkEntry f, String reason, boolean tell) {
        for (OfferId oid : List.copyOf(f.offers)) {
            OfferEntry o = offers.get(oid);
            if (o != null) {
                closeOffer(o, "rescinded at " + loop.now() + " because " + reason, true);
                recoverOffer(f.id, o.offer.agentId(), o.offer.resources());
                if (tell) {
                    sendToScheduler(f.id, rescind(oid, reason));
                }
            }
        }
        requestAllocation();
    }

    /**
     * Takes an offer out of the registry. Its resources stay allocated on the agent's books; the
     * caller either recovers them or keeps them for launched tasks.
     */
    private void closeOffer(OfferEntry o, String how, boolean rescinded) {
        OfferId id = o.offer.id();
        offers.remove(id);
        if (o.timeout != null) {
            o.timeout.cancel();
        }
        AgentEntry agent = agents.get(o.offer.agentId());
        if (agent != null) {
            agent.offers.remove(id);
        }
        FrameworkEntry f = frameworks.get(o.offer.frameworkId());
        if (f != null) {
            f.offers.remove(id);
        }
        closedOffers.put(id, new ClosedOffer("offer " + id + " was " + how, rescinded));
    }

    /** Offered resources return to the pool: declined, rescinded, timed out, left unused. */
    private void recoverOffer(FrameworkId f, AgentId a, Resources r) {
        AgentEntry agent = agents.get(a);
        if (agent != null && !r.isEmpty()) {
            agent.release(f, r);
            engine.recoverOffered(f, a, r);
        }
    }

    /** Used resources return to the pool: a task ended. */
    private void releaseUsed(FrameworkId f, AgentId a, Resources r) {
        AgentEntry agent = agents.get(a);
        if (agent != null && !r.isEmpty()) {
            agent.release(f, r);
            engine.release(f, a, r);
        }
    }

    private void decline(Connection c, Inbound.Decline m) {
        FrameworkEntry f = framework(c, m.frameworkId());
        Duration refuse = m.refuse().orElse(config.defaultRefuse());
        List<String> problems = new ArrayList<>();
        for (OfferId id : m.offerIds()) {
            OfferEntry o = offers.get(id);
            if (o == null || !o.offer.frameworkId().equals(f.id)) {
                problems.add(o == null ? describeMissingOffer(id).message : "offer " + id + " was not made to " + f.id);
                continue;
            }
            closeOffer(o, "declined at " + loop.now(), false);
            recoverOffer(f.id, o.offer.agentId(), o.offer.resources());
            engine.decline(f.id, o.offer.agentId(), o.offer.resources(), refuse);
        }
        // Before the error below: what was declined goes to others in this pass, not the next interval.
        requestAllocation();
        if (!problems.isEmpty()) {
            // Usually a race with a rescind, so nothing is wrong; still tell the scheduler what was ignored.
            throw new PeerError("Decline ignored for: " + String.join("; ", problems));
        }
    }

    private ClosedOffer describeMissingOffer(OfferId id) {
        ClosedOffer closed = closedOffers.get(id);
        return closed != null ? closed : new ClosedOffer("offer " + id
                + " is unknown to this master (never made, or made by a previous master)", false);
    }

    private void accept(Connection c, Inbound.Accept m) {
        FrameworkEntry f = framework(c, m.frameworkId());
        Duration refuse = m.refuse().orElse(config.defaultRefuse());

        // 1. The offers: each outstanding, made to this framework, all on one agent.
        List<OfferEntry> own = new ArrayList<>();
        String offerProblem = null;
        TaskStatus.Reason offerReason = TaskStatus.Reason.INVALID_OFFERS;
        Set<OfferId> named = new HashSet<>();
        for (OfferId id : m.offerIds()) {
            OfferEntry o = offers.get(id);
            if (!named.add(id)) {
                offerProblem = offerProblem != null ? offerProblem : "offer " + id + " is named twice in the Accept";
            } else if (o == null) {
                ClosedOffer closed = describeMissingOffer(id);
                if (offerProblem == null) {
                    offerProblem = closed.message;
                    offerReason = closed.rescinded ? TaskStatus.Reason.OFFER_RESCINDED : TaskStatus.Reason.INVALID_OFFERS;
                }
            } else if (!o.offer.frameworkId().equals(f.id)) {
                offerProblem = offerProblem != null ? offerProblem
                        : "offer " + id + " was made to another framework, not to " + f.id;
            } else {
                own.add(o);
            }
        }
        if (m.offerIds().isEmpty()) {
            offerProblem = "the Accept names no offers; launch tasks on the offers you were sent";
        }
        Set<AgentId> agentIds = own.stream().map(o -> o.offer.agentId()).collect(Collectors.toCollection(TreeSet::new));
        if (offerProblem == null && agentIds.size() > 1) {
            offerProblem = "offers " + ids(own) + " are on different agents " + agentIds
                    + "; launch on offers of one agent at a time";
        }
        if (offerProblem != null) {
            LOG.warn("Refused a launch of {} tasks by framework {}: {}", m.launches().size(), f.describe(), offerProblem);
            boolean partitionAware = f.info.hasCapability("PARTITION_AWARE");
            for (Inbound.Launch l : m.launches()) {
                sendMasterUpdate(f, masterStatus(l.taskId(), partitionAware ? TaskState.DROPPED : TaskState.LOST,
                        offerReason, "task " + l.taskId() + " was not launched: " + offerProblem, null));
            }
            // The framework's own valid offers are used up by the failed launch; their resources return.
            for (OfferEntry o : own) {
                closeOffer(o, "used at " + loop.now() + " by an Accept that was refused (" + offerProblem + ")", false);
                recoverOffer(f.id, o.offer.agentId(), o.offer.resources());
            }
            requestAllocation();
            return;
        }

        // 2. The tasks: unique ids, on the offers' agent, each fitting, all together fitting.
        AgentEntry agent = agents.get(agentIds.iterator().next());
        Resources offered = ResourceMath.sum(own.stream().map(o -> o.offer.resources()).collect(Collectors.toList()));
        String offerNames = (own.size() == 1 ? "offer " : "offers ") + ids(own);
        String has = own.size() == 1 ? " has " : " have ";
        Resources remaining = offered;
        Set<TaskId> seen = new HashSet<>();
        Set<String> executorsInUse = new HashSet<>();
        for (TaskEntry t : f.tasks.values()) {
            if (t.agentId.equals(agent.id)) {
                t.info.executor().ifPresent(e -> executorsInUse.add(e.id().value()));
            }
        }
        List<TaskEntry> launched = new ArrayList<>();
        for (Inbound.Launch l : m.launches()) {
            TaskId tid = l.taskId();
            boolean duplicate = !seen.add(tid);
            String error = null;
            TaskStatus.Reason reason = TaskStatus.Reason.TASK_INVALID;
            Resources need = Resources.empty();
            if (l.task().isEmpty()) {
                error = l.invalidReason();
            } else if (duplicate) {
                error = "task id " + tid + " appears more than once in this Accept; task ids must be unique";
            } else if (f.tasks.containsKey(tid)) {
                error = "task id " + tid + " is already used by a live task of framework " + f.id
                        + "; pick a new id or wait until that task ends";
            } else {
                TaskInfo task = l.task().get();
                need = task.resources();
                Optional<ExecutorInfo> exec = task.executor();
                if (exec.isPresent() && !executorsInUse.contains(exec.get().id().value())) {
                    need = need.add(exec.get().resources());
                }
                if (!task.agentId().equals(agent.id)) {
                    error = "task " + tid + " names agent " + task.agentId() + " but " + offerNames + " are on agent "
                            + agent.id;
                } else if (!offered.contains(need)) {
                    reason = TaskStatus.Reason.RESOURCES_INSUFFICIENT;
                    error = "task " + tid + " asks " + need + " but " + offerNames + has + offered;
                } else if (!remaining.contains(need)) {
                    reason = TaskStatus.Reason.RESOURCES_INSUFFICIENT;
                    error = "task " + tid + " asks " + need + " but only " + remaining + " of " + offerNames
                            + " is left after the tasks before it in this Accept";
                } else {
                    exec.ifPresent(e -> executorsInUse.add(e.id().value()));
                }
            }
            if (error != null) {
                LOG.warn("Refused task {} of framework {}: {}", tid, f.describe(), error);
                sendMasterUpdate(f, masterStatus(tid, TaskState.ERROR, reason, error, agent.id));
                continue;
            }
            remaining = remaining.subtract(need);
            TaskInfo task = l.task().get();
            TaskStatus staging = masterStatus(tid, TaskState.STAGING, null, "launched on " + offerNames, agent.id);
            launched.add(new TaskEntry(f.id, agent.id, task, need, TaskState.STAGING, staging));
        }

        // 3. Book it: offers used, tasks staged and sent, the rest back to the pool with a filter.
        for (OfferEntry o : own) {
            closeOffer(o, "already used by an Accept at " + loop.now(), false);
        }
        org.allot.protocol.proto.FrameworkInfo frameworkProto = Wire.toProto(f.info);
        for (TaskEntry t : launched) {
            f.tasks.put(t.info.id(), t);
            agent.connection.send(Envelope.newBuilder().setRunTask(org.allot.protocol.proto.RunTask.newBuilder()
                    .setFramework(frameworkProto).setTask(Wire.toProto(t.info, f.id))).build());
            LOG.debug("Launching task {} of framework {} on agent {} with {}", t.info.id(), f.id, agent.id,
                    t.resources);
        }
        engine.launched(f.id, agent.id, offered.subtract(remaining));
        if (!remaining.isEmpty()) {
            recoverOffer(f.id, agent.id, remaining);
            engine.decline(f.id, agent.id, remaining, refuse);
        }
        requestAllocation();
    }

    private static String ids(List<OfferEntry> list) {
        return list.stream().map(o -> o.offer.id().value()).collect(Collectors.joining(","));
    }

    // ------------------------------------------------------------------------------------------
    // Tasks

    private void statusUpdate(Connection c, Inbound.StatusUpdate m) {
        AgentEntry agent = requireAgent(c, "StatusUpdate");
        FrameworkEntry f = frameworks.get(m.frameworkId());
        TaskStatus status = m.status();
        if (f == null) {
            // NOTE: nobody will ever acknowledge it, and the agent retries until someone does: the
            // master does, so that an ordinary framework teardown does not leave endless retries.
            String removed = removedFrameworks.get(m.frameworkId());
            acknowledgeForScheduler(agent, m);
            if (removed != null) {
                LOG.debug("Acknowledged and dropped a {} update for task {} of removed framework {} ({})",
                        status.state(), status.taskId(), m.frameworkId(), removed);
            } else {
                // A framework this master never heard of: the agent should know, once.
                String reason = "status update for task " + status.taskId() + " names framework " + m.frameworkId()
                        + ", which is not registered; the master acknowledged and dropped it";
                LOG.info("{} from {}", reason, describe(c));
                c.send(error(Error.Code.REFUSED, reason));
            }
            return;
        }
        TaskEntry t = f.tasks.get(status.taskId());
        Set<TaskKey> lost = lostTasks.get(agent.id);
        boolean trackedHere = t != null && t.agentId.equals(agent.id);
        if (!trackedHere && lost != null && lost.contains(new TaskKey(f.id, status.taskId()))) {
            // The framework got TASK_LOST when the agent was removed, and the task was killed when the
            // agent came back: a later update (TASK_KILLED, usually) would contradict what it was told.
            acknowledgeForScheduler(agent, m);
            if (status.state().isTerminal()) {
                lost.remove(new TaskKey(f.id, status.taskId()));
            }
            LOG.debug("Acknowledged and dropped a {} update for task {} of framework {}: the master declared it lost"
                    + " (or killed that copy) on agent {}", status.state(), status.taskId(), f.id, agent.id);
            return;
        }
        if (trackedHere) {
            t.state = status.state();
            t.latest = status;
            if (status.state().isTerminal()) {
                f.tasks.remove(status.taskId());
                f.completed.put(status.taskId(), status);
                releaseUsed(f.id, agent.id, t.resources);
                requestAllocation();
            }
        } else {
            LOG.debug("Forwarding a status update for task {} the master does not track on agent {}",
                    status.taskId(), agent.id);
        }
        // Forwarded as it came, uuid included; the agent retries until the scheduler acknowledges.
        if (f.connected()) {
            f.connection.send(m.raw());
        }
    }

    /** Acknowledges an agent's update in the scheduler's stead: same task and uuid, so its retries stop. */
    private void acknowledgeForScheduler(AgentEntry agent, Inbound.StatusUpdate m) {
        org.allot.protocol.proto.TaskStatus status = m.raw().getStatusUpdate().getStatus();
        if (status.getUuid().isEmpty()) {
            return; // nothing to acknowledge: the agent does not retry it
        }
        agent.connection.send(Envelope.newBuilder().setAcknowledge(org.allot.protocol.proto.Acknowledge.newBuilder()
                .setFrameworkId(m.frameworkId().value()).setAgentId(agent.id.value())
                .setTaskId(status.getTaskId()).setUuid(status.getUuid())).build());
    }

    private void acknowledge(Connection c, Inbound.Acknowledge m) {
        framework(c, m.frameworkId());
        AgentEntry agent = agents.get(m.agentId());
        if (agent == null) {
            throw new PeerError("Acknowledge for task " + m.taskId() + " names agent " + m.agentId()
                    + ", which is not registered; the agent re-sends the update when it comes back");
        }
        if (!agent.connected()) {
            LOG.debug("Dropped an acknowledgement for task {} to disconnected agent {}; it re-sends the update"
                    + " when it re-registers", m.taskId(), agent.id);
            return;
        }
        agent.connection.send(m.raw());
    }

    private void kill(Connection c, Inbound.Kill m) {
        FrameworkEntry f = framework(c, m.frameworkId());
        TaskEntry t = f.tasks.get(m.taskId());
        AgentEntry agent = t == null ? null : agents.get(t.agentId);
        if (t == null || agent == null) {
            TaskStatus done = f.completed.get(m.taskId());
            String why = done != null ? "task " + m.taskId() + " already ended as " + done.state()
                    : "task " + m.taskId() + " is not known to the master: it never launched or ended long ago";
            sendMasterUpdate(f, masterStatus(m.taskId(), TaskState.LOST, TaskStatus.Reason.TASK_UNKNOWN,
                    "cannot kill: " + why, t == null ? null : t.agentId));
            return;
        }
        if (!agent.connected()) {
            agent.pendingKills.add(Map.entry(f.id, t.info.id()));
            LOG.info("Kill of task {} of framework {} waits for disconnected agent {} to re-register",
                    t.info.id(), f.id, agent.id);
            return;
        }
        agent.connection.send(killTask(f.id, t.info.id()));
        LOG.debug("Killing task {} of framework {} on agent {}", t.info.id(), f.id, agent.id);
    }

    private void reconcile(Connection c, Inbound.Reconcile m) {
        FrameworkEntry f = framework(c, m.frameworkId());
        List<TaskId> ids = m.taskIds().isEmpty() ? List.copyOf(f.tasks.keySet()) : m.taskIds();
        for (TaskId id : ids) {
            TaskEntry t = f.tasks.get(id);
            TaskStatus done = f.completed.get(id);
            TaskStatus answer;
            if (t != null) {
                answer = masterStatus(id, t.state, TaskStatus.Reason.RECONCILIATION,
                        "latest state known to the master" + (t.latest.message().isEmpty() ? ""
                                : ": " + t.latest.message()), t.agentId);
            } else if (done != null) {
                answer = masterStatus(id, done.state(), TaskStatus.Reason.RECONCILIATION,
                        "the task ended" + (done.message().isEmpty() ? "" : ": " + done.message()),
                        done.agentId().orElse(null));
            } else {
                answer = masterStatus(id, TaskState.UNKNOWN, TaskStatus.Reason.RECONCILIATION,
                        "task " + id + " is not known to the master", null);
            }
            f.connection.send(statusEnvelope(f.id, answer));
        }
    }

    private Envelope killTask(FrameworkId f, TaskId t) {
        return Envelope.newBuilder().setKillTask(org.allot.protocol.proto.KillTask.newBuilder()
                .setFrameworkId(f.value()).setTaskId(t.value())).build();
    }

    private TaskStatus masterStatus(TaskId task, TaskState state, TaskStatus.Reason reason, String message,
                                    AgentId agent) {
        TaskStatus.Builder b = TaskStatus.builder(task, state, TaskStatus.Source.MASTER, loop.now()).message(message);
        if (reason != null) {
            b.reason(reason);
        }
        if (agent != null) {
            b.agentId(agent);
        }
        return b.build();
    }

    private static Envelope statusEnvelope(FrameworkId f, TaskStatus s) {
        return Envelope.newBuilder().setStatusUpdate(org.allot.protocol.proto.StatusUpdate.newBuilder()
                .setFrameworkId(f.value()).setStatus(Wire.toProto(s))).build();
    }

    /** A master-made update: sent now, or kept until the scheduler re-subscribes. */
    private void sendMasterUpdate(FrameworkEntry f, TaskStatus s) {
        Envelope e = statusEnvelope(f.id, s);
        if (f.connected()) {
            f.connection.send(e);
        } else if (f.pending.size() < FrameworkEntry.PENDING_KEPT) {
            f.pending.add(e);
        } else {
            LOG.warn("Dropped an update for task {} of disconnected framework {}: {} updates already wait",
                    s.taskId(), f.describe(), FrameworkEntry.PENDING_KEPT);
        }
    }

    private void sendToScheduler(FrameworkId id, Envelope e) {
        FrameworkEntry f = frameworks.get(id);
        if (f != null && f.connected()) {
            f.connection.send(e);
        }
    }

    private void forwardToScheduler(FrameworkId id, Envelope e) {
        FrameworkEntry f = frameworks.get(id);
        if (f == null) {
            throw new PeerError(e.getMessageCase() + " names framework " + id + ", which is not registered");
        }
        if (f.connected()) {
            f.connection.send(e);
        }
    }

    private static Envelope rescind(OfferId id, String reason) {
        return Envelope.newBuilder().setRescindOffer(org.allot.protocol.proto.RescindOffer.newBuilder()
                .setOfferId(id.value()).setReason(reason)).build();
    }

    private static Envelope error(Error.Code code, String reason) {
        return Envelope.newBuilder().setError(Error.newBuilder().setCode(code).setReason(reason)).build();
    }

    // ------------------------------------------------------------------------------------------
    // Operator

    @Override
    public List<AgentView> agents() {
        return loop.call(() -> agents.values().stream()
                .map(a -> new AgentView(a.id, a.info.hostname(), a.info.port(), a.total(), a.allocatedTotal(),
                        a.info.attributes(), a.connection != null))
                .collect(Collectors.toUnmodifiableList()));
    }

    @Override
    public List<FrameworkView> frameworks() {
        return loop.call(() -> {
            List<FrameworkView> views = new ArrayList<>();
            for (FrameworkEntry f : frameworks.values()) {
                Resources offered = ResourceMath.sum(f.offers.stream().map(id -> offers.get(id).offer.resources())
                        .collect(Collectors.toList()));
                views.add(new FrameworkView(f.id, f.info.name(), f.info.role(), f.info.principal(), f.connected(),
                        allocatedTo(f.id), offered, engine.dominantShare(f.id), f.tasks.size()));
            }
            return List.copyOf(views);
        });
    }

    @Override
    public List<TaskView> tasks() {
        return loop.call(() -> {
            List<TaskView> views = new ArrayList<>();
            for (FrameworkEntry f : frameworks.values()) {
                for (TaskEntry t : f.tasks.values()) {
                    views.add(new TaskView(t.info.id(), f.id, t.agentId, t.state, t.resources, t.info.name()));
                }
            }
            return List.copyOf(views);
        });
    }

    @Override
    public List<OfferView> offers() {
        return loop.call(() -> offers.values().stream()
                .map(o -> new OfferView(o.offer.id(), o.offer.frameworkId(), o.offer.agentId(), o.offer.resources(),
                        o.created))
                .collect(Collectors.toUnmodifiableList()));
    }

    @Override
    public List<String> allocators() {
        return loop.call(() -> {
            Set<String> names = new TreeSet<>(allocators.keySet());
            engine.policy().ifPresent(a -> names.add(a.name()));
            return List.copyOf(names);
        });
    }

    @Override
    public String activeAllocator() {
        return loop.call(() -> engine.policy().map(Allocator::name).orElse(""));
    }

    @Override
    public void useAllocator(String name) {
        loop.call(() -> {
            Allocator a = allocators.get(name);
            if (a == null) {
                throw new IllegalArgumentException("unknown allocator '" + name + "'; known: " + allocators.keySet());
            }
            swapAllocator(a);
            return null;
        });
    }

    @Override
    public void setWeight(String role, double weight) {
        if (role == null || role.isBlank() || role.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid role '" + role + "': give a role name without whitespace");
        }
        if (!Double.isFinite(weight) || weight <= 0) {
            throw new IllegalArgumentException("invalid weight " + weight + " for role " + role
                    + ": it must be finite and positive");
        }
        loop.call(() -> {
            weights.put(role, weight);
            engine.updateWeights(Map.copyOf(weights));
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }

    private static <K, V> Map<K, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    private record TaskKey(FrameworkId frameworkId, TaskId taskId) {
    }

    private record ClosedOffer(String message, boolean rescinded) {
    }

    private record RankedFilter(OfferFilter filter, int ranking, long seq) {
        static final Comparator<RankedFilter> ORDER = Comparator.comparingInt(RankedFilter::ranking).reversed()
                .thenComparingLong(RankedFilter::seq);
    }
}
