package org.allot.master.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.AllocatorStatus;
import org.allot.api.operator.ClusterState;
import org.allot.api.operator.MasterMetrics;
import org.allot.api.operator.MasterStatus;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.Operator;
import org.allot.api.operator.RoleView;
import org.allot.api.operator.TaskView;
import org.allot.election.LeaderContender;
import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.Messages;
import org.allot.protocol.ProtocolServer;
import org.allot.protocol.loop.EventLoop;
import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.filter.OfferFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master: a thin router in front of the master core's rooms. It owns the network server and
 * the life cycle, decodes each message at the edge ({@link Decoder}), and hands it on the event loop
 * to the room whose job it is: {@link AgentRoom}, {@link FrameworkRoom}, {@link TaskRoom}, the
 * {@link OfferBook} and the {@link AllocationLoop}; every message out leaves through the
 * {@link Outbound} port. Only a {@link Leadership leading} core acts; otherwise every message is
 * refused with "not the leader". Plain Java; {@link MasterComponent} wraps it for OSGi.
 *
 * <h2>Threading</h2>
 * All state belongs to the {@link EventLoop}. Network threads only decode a message and queue it;
 * timers and operator calls run on the loop too. A message that fails (bad content, unknown
 * framework, wrong role, a bug) is answered with an {@code Error} and logged, and the loop carries on.
 */
public final class Master implements Operator {

    private static final Logger LOG = LoggerFactory.getLogger(Master.class);

    private final EventLoop loop;
    private final Core core;
    private final OfferBook offers;
    private final AllocationLoop allocation;
    private final RevocationRoom revocations;
    private final FrameworkRoom frameworks;
    private final AgentRoom agents;
    private final TaskRoom tasks;
    private final Reconciliation reconciliation;
    private final OperatorViews views;
    private final NetworkEdge handler;
    private final ElectionRoom election;
    private final Election.Factory elections;
    private Election candidacy;
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
        this(config, loop, initialAllocator, filters, Outbound.direct());
    }

    /** As above, with the outbound port given (tests record what is sent). */
    Master(MasterConfig config, EventLoop loop, Allocator initialAllocator, Collection<OfferFilter> filters,
           Outbound out) {
        this(config, loop, initialAllocator, filters, out, config.election().zk()
                .map(url -> Election.zooKeeper(url, config.election())).orElse(null));
    }

    /** As above, with the election given (tests contend without ZooKeeper); null: standalone. */
    Master(MasterConfig config, EventLoop loop, Allocator initialAllocator, Collection<OfferFilter> filters,
           Outbound out, Election.Factory elections) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.elections = elections;
        // NOTE: the run prefix makes framework and agent ids unique across master restarts, so a
        // scheduler of a previous run cannot be confused with a new framework that got the same number.
        String masterId = "m" + Long.toString(loop.now().toEpochMilli(), 36) + UUID.randomUUID().toString().substring(0, 4);
        EpochStamp stamp = new EpochStamp(out);
        this.core = new Core(masterId, config, loop, stamp);
        this.offers = new OfferBook(core);
        this.revocations = new RevocationRoom(core);
        this.allocation = new AllocationLoop(core, offers, revocations);
        this.election = new ElectionRoom(core, allocation, offers, revocations, stamp);
        core.agentWatcher = election;
        core.afterRecovery = election::afterRecovery;
        this.frameworks = new FrameworkRoom(core, offers);
        this.agents = new AgentRoom(core, offers, frameworks);
        this.tasks = new TaskRoom(core, offers, revocations);
        this.reconciliation = new Reconciliation(core, election::mayStillReregister, election::afterRecovery);
        this.views = new OperatorViews(core);
        this.handler = new NetworkEdge(loop, this::dispatch, core::refuse, this::connectionClosed);
        loop.execute(() -> {
            allocation.setRevocationDelay(config.revocationDelay());
            allocation.setRevocationNotice(config.revocationNotice());
            if (initialAllocator != null) {
                allocation.use(initialAllocator);
            }
            filters.forEach(f -> allocation.addFilter(f, 0));
        });
    }

    // ------------------------------------------------------------------------------------------
    // Life cycle

    /**
     * Binds the server on the configured host and port, and leads (standalone).
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        startLoop();
        MasterConfig config = core.config();
        ProtocolServer s = new ProtocolServer(config.protocolConfig(), Role.MASTER, "master@" + config.host(), handler);
        try {
            boundPort = s.bind(config.host(), config.port()).getPort();
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException("master cannot listen on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage() + "; pick a free port or port 0", e);
        }
        server = s;
        LOG.info("Master {} listening on {}:{} with allocator '{}'", core.masterId, config.host(), boundPort,
                activeAllocator().isEmpty() ? "(none yet)" : activeAllocator());
        if (elections != null) {
            contend(MasterAddress.of(config.host(), boundPort).hostPort());
        }
    }

    /**
     * Contends for the leadership as the master serving at {@code hostPort}: it stays STANDBY
     * (answering peers with the leader's address) until elected. Tests call it without a server.
     */
    synchronized void contend(String hostPort) {
        if (candidacy != null || elections == null) {
            return;
        }
        LeaderContender.Listener listener = new LeaderContender.Listener() {
            @Override
            public void elected(long epoch, Optional<Set<String>> expectedAgents) {
                loop.execute(() -> election.elected(epoch, expectedAgents));
            }

            @Override
            public void suspended() {
                loop.execute(election::suspended);
            }

            @Override
            public void defeated(String why) {
                loop.execute(() -> election.defeated(why));
            }
        };
        candidacy = elections.start(core.masterId, hostPort, listener);
        loop.execute(() -> election.election(candidacy));
    }

    /**
     * Leads and starts the allocation loop without a network server: for tests and embedders feeding
     * {@link #handler()}. A standalone master goes straight to LEADING.
     */
    public void startLoop() {
        if (elections != null) {
            return; // the election decides when it leads
        }
        loop.call(() -> {
            if (core.leadership.state() == Leadership.State.STANDBY) {
                core.leadership.moveTo(Leadership.State.LEADING);
                allocation.start();
            }
            return null;
        });
    }

    /**
     * Stops leading without stopping: the registry is dropped, nothing more is sent, every message
     * is refused with "not the leader" until the core leads again. The election drives this.
     */
    void stepDown() {
        loop.call(() -> {
            election.defeated("asked to step down");
            return null;
        });
    }

    /** The core, for tests that look inside (on the test's manual loop). */
    Core core() {
        return core;
    }

    /**
     * Closes the server (every peer sees its connection close), stops the timers and shuts the
     * event loop down, so that no thread (holding the bundle's class loader) outlives the master.
     * A stopped master cannot be started again; build a new one. Not from the event loop itself.
     */
    public synchronized void stop() {
        if (candidacy != null) {
            candidacy.close(); // a standby takes over at once
            candidacy = null;
        }
        ProtocolServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        try {
            loop.call(() -> {
                if (core.leadership.state() != Leadership.State.STOPPED) {
                    core.leadership.moveTo(Leadership.State.STOPPED);
                }
                allocation.stop();
                offers.cancelTimers();
                revocations.clear();
                return null;
            });
        } catch (IllegalStateException e) {
            LOG.debug("Event loop already stopped", e);
        }
        // NOTE: the master owns its loop from construction; shutting it down twice is harmless.
        loop.shutdown();
        boundPort = -1;
        LOG.info("Master {} stopped", core.masterId);
    }

    /**
     * Applies new settings that need no new server: allocation interval, offer timeout, default
     * refuse, agent re-register timeout (for agents disconnecting from now on), revocation delay and notice. Host, port and
     * transport settings are kept (they need a new master; see {@link MasterComponent}). Any thread.
     */
    public void reconfigure(MasterConfig next) {
        loop.call(() -> {
            MasterConfig current = core.config();
            core.config(current.toBuilder().allocationInterval(next.allocationInterval())
                    .offerTimeout(next.offerTimeout()).defaultRefuse(next.defaultRefuse())
                    .agentReregisterTimeout(next.agentReregisterTimeout())
                    .revocationDelay(next.revocationDelay()).revocationNotice(next.revocationNotice()).build());
            allocation.setRevocationDelay(next.revocationDelay());
            allocation.setRevocationNotice(next.revocationNotice());
            if (!current.allocationInterval().equals(next.allocationInterval())) {
                allocation.intervalChanged();
            }
            LOG.info("Master {} reconfigured: {}", core.masterId, core.config());
            return null;
        });
    }

    /** The settings in force. */
    public MasterConfig config() {
        return core.config();
    }

    /** The port bound by {@link #start()}, or -1 when not listening. */
    public int port() {
        return boundPort;
    }

    /** This master run's id, sent in AgentRegistered and Subscribed. */
    public String masterId() {
        return core.masterId;
    }

    /** The handler the protocol server calls; tests feed messages through it without a network. */
    public MessageHandler handler() {
        return handler;
    }

    // ------------------------------------------------------------------------------------------
    // Plugins: each call is queued on the loop, behind the messages before it. Any thread.

    /** Makes {@code next} the allocator (null: none, no offers). Offers and tasks are untouched. */
    public void setAllocator(Allocator next) {
        loop.execute(() -> allocation.use(next));
    }

    /** Makes {@code a} selectable by name ({@link #useAllocator}); does not switch to it. */
    public void addAvailableAllocator(Allocator a) {
        loop.execute(() -> allocation.addAvailable(a));
    }

    /**
     * {@code a} is going away: forgotten, and if it is still active the master has none; whoever
     * binds allocators sets the replacement first ({@link MasterComponent} does).
     */
    public void removeAvailableAllocator(Allocator a) {
        loop.execute(() -> allocation.removeAvailable(a));
    }

    /** Adds an offer filter; higher rankings are asked first. */
    public void addFilter(OfferFilter filter, int ranking) {
        Objects.requireNonNull(filter, "filter");
        loop.execute(() -> allocation.addFilter(filter, ranking));
    }

    /** Removes an offer filter; a pass follows (it may have held offers back). */
    public void removeFilter(OfferFilter filter) {
        loop.execute(() -> allocation.removeFilter(filter));
    }

    // ------------------------------------------------------------------------------------------
    // Network -> loop

    /** Runs one decoded message on the loop; whatever it throws stays here. */
    private void dispatch(Connection c, Inbound m) {
        try {
            if (!c.isOpen()) {
                LOG.debug("Dropped {} from {}: its connection closed meanwhile", m.getClass().getSimpleName(),
                        Core.describe(c));
                return;
            }
            if (!core.leadership.serving()) {
                core.out.send(c, Messages.notLeader(core.leadership.notLeaderReason(), election.leader()));
                return;
            }
            core.metrics.received(m);
            route(c, m);
        } catch (PeerError e) {
            core.refuse(c, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Master failed to handle {} from {}", m.getClass().getSimpleName(), Core.describe(c), e);
            core.out.send(c, Messages.error(Error.Code.INTERNAL_ERROR, "the master failed to handle "
                    + m.getClass().getSimpleName() + ": " + e));
        }
    }

    private void route(Connection c, Inbound m) {
        if (m instanceof Inbound.RegisterAgent r) {
            agents.register(c, r);
        } else if (m instanceof Inbound.ReregisterAgent r) {
            agents.reregister(c, r);
        } else if (m instanceof Inbound.StatusUpdate u) {
            tasks.statusUpdate(agents.require(c, "StatusUpdate"), u);
        } else if (m instanceof Inbound.ExecutorLost e) {
            tasks.executorLost(agents.require(c, "ExecutorLost"), e);
        } else if (m instanceof Inbound.AgentHealth h) {
            agents.health(agents.require(c, "AgentHealth"), h.health());
        } else if (m instanceof Inbound.AgentFrameworkMessage fm) {
            agents.require(c, "FrameworkMessage");
            tasks.forwardToScheduler(fm.frameworkId(), fm.raw());
        } else if (m instanceof Inbound.Subscribe s) {
            frameworks.subscribe(c, s);
        } else if (m instanceof Inbound.Accept a) {
            FrameworkEntry f = frameworks.require(c, a.frameworkId());
            if (!core.leadership.leading()) {
                election.voidLaunches(f, a);
                return;
            }
            tasks.accept(f, a);
        } else if (m instanceof Inbound.Decline d) {
            offers.decline(frameworks.require(c, d.frameworkId()), d.offerIds(),
                    d.refuse().orElse(core.config().defaultRefuse()));
        } else if (m instanceof Inbound.Revive r) {
            frameworks.revive(frameworks.require(c, r.frameworkId()));
        } else if (m instanceof Inbound.Suppress s) {
            frameworks.suppress(frameworks.require(c, s.frameworkId()));
        } else if (m instanceof Inbound.Kill k) {
            tasks.kill(frameworks.require(c, k.frameworkId()), k);
        } else if (m instanceof Inbound.Acknowledge a) {
            tasks.acknowledge(frameworks.require(c, a.frameworkId()), a);
        } else if (m instanceof Inbound.Reconcile r) {
            reconciliation.reconcile(frameworks.require(c, r.frameworkId()), r);
        } else if (m instanceof Inbound.SchedulerFrameworkMessage fm) {
            frameworks.require(c, fm.frameworkId());
            tasks.messageToAgent(fm);
        } else if (m instanceof Inbound.UpdateOfferConstraints u) {
            frameworks.updateConstraints(frameworks.require(c, u.frameworkId()), u.constraints());
        } else if (m instanceof Inbound.Teardown t) {
            frameworks.remove(frameworks.require(c, t.frameworkId()),
                    "torn down by its scheduler" + (t.reason().isBlank() ? "" : ": " + t.reason()));
        }
    }

    private void connectionClosed(Connection c, CloseReason reason, String detail) {
        if (!core.leadership.serving()) {
            return;
        }
        AgentId agentId = core.registry.agentConnections.remove(c);
        if (agentId != null) {
            AgentEntry agent = core.registry.agents.get(agentId);
            if (agent != null && agent.connection == c) {
                agents.connectionClosed(agent, reason == CloseReason.HEARTBEAT_TIMEOUT, detail);
            }
            return;
        }
        FrameworkId frameworkId = core.registry.frameworkConnections.remove(c);
        if (frameworkId != null) {
            FrameworkEntry f = core.registry.frameworks.get(frameworkId);
            if (f != null && f.connection == c) {
                frameworks.connectionClosed(f, detail);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Operator: each call runs on the loop and sees one consistent state.

    @Override
    public List<AgentView> agents() {
        return loop.call(views::agents);
    }

    @Override
    public List<FrameworkView> frameworks() {
        return loop.call(views::frameworks);
    }

    @Override
    public List<TaskView> tasks() {
        return loop.call(views::tasks);
    }

    @Override
    public List<OfferView> offers() {
        return loop.call(views::offers);
    }

    @Override
    public ClusterState state() {
        // The loop only copies references; the views are built here, on the caller's thread.
        return loop.call(() -> views.captureState(boundPort >= 0,
                allocation.active().map(Allocator::name).orElse(""), allocation.availableNames())).build();
    }

    @Override
    public MasterStatus status() {
        return loop.call(() -> views.status(boundPort >= 0, allocation.active().map(Allocator::name).orElse("")));
    }

    @Override
    public MasterMetrics metrics() {
        return loop.call(() -> core.metrics.snapshot(core.registry.frameworks.keySet(), handler.queued()));
    }

    @Override
    public void teardown(FrameworkId id) {
        Objects.requireNonNull(id, "id");
        loop.call(() -> {
            FrameworkEntry f = core.registry.frameworks.get(id);
            if (f == null) {
                String removed = core.registry.removedFrameworks.get(id);
                throw new java.util.NoSuchElementException("framework " + id + (removed != null
                        ? " was removed already (" + removed + ")" : " is unknown to this master"));
            }
            String why = "torn down by the operator";
            if (f.connected() && core.leadership.serving()) {
                // NOTE: closed, not just told: the driver re-subscribes, hears that the framework
                // was removed, and reports that to its scheduler as an error (Mesos does the same).
                core.out.closeWithError(f.connection, Error.Code.REFUSED, "framework " + id + " was " + why
                        + "; its tasks are killed and it cannot subscribe again");
            }
            frameworks.remove(f, why);
            return null;
        });
    }

    @Override
    public List<String> allocators() {
        return loop.call(allocation::availableNames);
    }

    @Override
    public String activeAllocator() {
        return loop.call(() -> allocation.active().map(Allocator::name).orElse(""));
    }

    @Override
    public void useAllocator(String name) {
        loop.call(() -> {
            allocation.use(name);
            return null;
        });
    }

    @Override
    public void setWeight(String role, double weight) {
        AllocationLoop.checkWeight(role, weight);
        loop.call(() -> {
            allocation.setWeight(role, weight);
            return null;
        });
    }

    /**
     * The allocators this master can use and the active one. Outside OSGi whoever builds the master
     * chooses (the launcher gives it DRF); {@link MasterComponent} answers with its own reasons.
     */
    @Override
    public AllocatorStatus allocatorStatus() {
        return loop.call(() -> {
            List<String> names = allocation.availableNames();
            java.util.Optional<String> active = allocation.active().map(Allocator::name);
            return new AllocatorStatus(names, active, active.isPresent() ? "it is the allocator this master was given"
                    : names.isEmpty() ? AllocatorChoice.NONE_AVAILABLE : "none is chosen; choose one of " + names);
        });
    }

    @Override
    public List<RoleView> roles() {
        return loop.call(() -> OperatorViews.roles(allocation.roles()));
    }

    @Override
    public void setPriority(String role, int priority) {
        AllocationLoop.checkRole(role);
        loop.call(() -> {
            allocation.setPriority(role, priority);
            return null;
        });
    }

    /** {@inheritDoc} Refused while the master has no agents big enough, as any guarantee then exceeds the cluster. */
    @Override
    public void setGuarantee(String role, Resources guarantee) {
        RoleConfig.checkGuarantee(guarantee);
        loop.call(() -> {
            allocation.setGuarantee(role, guarantee);
            return null;
        });
    }

    /**
     * Sets a guarantee read from saved settings without checking it against the cluster, which at
     * start has no agents yet (the check is the operator's, when the guarantee is first set).
     */
    public void restoreGuarantee(String role, Resources guarantee) {
        RoleConfig.checkGuarantee(guarantee);
        loop.call(() -> {
            allocation.restoreGuarantee(role, guarantee);
            return null;
        });
    }

    @Override
    public void removeGuarantee(String role) {
        AllocationLoop.checkRole(role);
        loop.call(() -> {
            allocation.removeGuarantee(role);
            return null;
        });
    }

    /**
     * Applies role settings from configuration (a launcher's {@code --set role.prod.weight=2}, the
     * OSGi master's PID): each weight, priority and guarantee in {@code next} is set, and each one in
     * {@code previous} but not in {@code next} goes back to its default. Guarantees are restored
     * without the cluster check ({@link #restoreGuarantee}).
     */
    public void applyRoles(RoleConfig previous, RoleConfig next) {
        loop.call(() -> {
            previous.weights().keySet().stream().filter(r -> !next.weights().containsKey(r))
                    .forEach(r -> allocation.setWeight(r, 1.0));
            previous.priorities().keySet().stream().filter(r -> !next.priorities().containsKey(r))
                    .forEach(r -> allocation.setPriority(r, 0));
            previous.guarantees().keySet().stream().filter(r -> !next.guarantees().containsKey(r))
                    .forEach(allocation::removeGuarantee);
            next.weights().forEach((r, w) -> {
                if (!w.equals(previous.weights().get(r))) {
                    allocation.setWeight(r, w);
                }
            });
            next.priorities().forEach((r, p) -> {
                if (!p.equals(previous.priorities().get(r))) {
                    allocation.setPriority(r, p);
                }
            });
            next.guarantees().forEach((r, g) -> {
                if (!g.equals(previous.guarantees().get(r))) {
                    allocation.restoreGuarantee(r, g);
                }
            });
            return null;
        });
    }
}
