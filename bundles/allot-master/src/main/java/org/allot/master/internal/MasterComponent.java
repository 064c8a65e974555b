package org.allot.master.internal;

import org.allot.protocol.loop.EventLoop;
import org.allot.protocol.loop.ThreadEventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.allot.api.Resources;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.AllocatorStatus;
import org.allot.api.FrameworkId;
import org.allot.api.operator.ClusterState;
import org.allot.api.operator.MasterMetrics;
import org.allot.api.operator.MasterStatus;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.Operator;
import org.allot.api.operator.RoleView;
import org.allot.api.operator.TaskView;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.filter.OfferFilter;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master inside OSGi: configured by PID {@code org.allot.master}, using every
 * {@link OfferFilter} and the {@link Allocator} that {@link AllocatorChoice} picks among those
 * available: the operator's choice, else the highest ranked matching {@code allocator.target},
 * else the active one or the best available, so that the master is never without an allocator
 * while one is registered. It offers the {@link Operator} service, which delegates to the
 * {@link Master}. It logs the allocator the master starts with and every switch, with the reason.
 *
 * <p>Reference callbacks only hand the change to the master's event loop. A configuration change
 * of host, port or transport settings replaces the master with a new one (agents and schedulers
 * re-register with their tasks, as after a master failover); other changes apply live.
 *
 * <p>The operator's changes through the {@link Operator} service (role weights, priorities and
 * guarantees, the chosen allocator) are written to this component's own configuration through
 * Config Admin ({@code role.<name>.weight}, {@code role.<name>.priority}, {@code role.<name>.guarantee},
 * {@code allocator.use}; see {@link RoleConfig}), and read back from it at activation and on
 * modification, so they survive a restart. Without Config Admin they last until the master stops.
 */
@Component(service = Operator.class, configurationPid = "org.allot.master",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = MasterComponent.Config.class)
public final class MasterComponent implements Operator {

    private static final Logger LOG = LoggerFactory.getLogger(MasterComponent.class);

    @ObjectClassDefinition(id = "org.allot.master", name = "Allot master",
            description = "The master of an Allot cluster: where agents register and frameworks subscribe.")
    public @interface Config {

        @AttributeDefinition(description = "Address to listen on. 127.0.0.1 keeps the master local;"
                + " set a routable address or 0.0.0.0 to let other machines in.")
        String host() default MasterConfig.DEFAULT_HOST;

        @AttributeDefinition(description = "TCP port for agents and schedulers; 0 picks a free port.")
        int port() default MasterConfig.DEFAULT_PORT;

        @AttributeDefinition(description = "Milliseconds between allocation passes when nothing changes"
                + " (a change such as a new agent or a decline triggers a pass at once).")
        long allocation_interval_ms() default 1000;

        @AttributeDefinition(description = "Milliseconds an offer may stay unanswered before the master"
                + " rescinds it and offers its resources to others.")
        long offer_timeout_ms() default 30_000;

        @AttributeDefinition(description = "Milliseconds declined resources (and the unused part of an"
                + " accepted offer) are not re-offered to the same framework, unless it gives refuse_seconds.")
        long default_refuse_ms() default 5000;

        @AttributeDefinition(description = "Milliseconds of silence after which the master pings a peer;"
                + " whole seconds, at least 1000.")
        long agent_ping_interval_ms() default 5000;

        @AttributeDefinition(description = "Milliseconds after a ping a silent agent is declared lost:"
                + " its tasks go TASK_LOST; whole seconds, at least 1000.")
        long agent_ping_timeout_ms() default 15_000;

        @AttributeDefinition(description = "Milliseconds an agent whose connection closed for another reason"
                + " than a heartbeat timeout (agent restart, network blip) may take to re-register with its"
                + " tasks; meanwhile it gets no offers and its tasks are kept, afterwards it is removed and"
                + " its tasks go TASK_LOST. 0 or less (the default): the same as agent.ping.timeout.ms.")
        long agent_reregister_timeout_ms() default -1;

        @AttributeDefinition(description = "Largest message in bytes accepted or sent (default 16 MiB).")
        int max_frame_bytes() default MasterConfig.DEFAULT_MAX_FRAME_BYTES;

        @AttributeDefinition(description = "LDAP filter choosing the allocator service, e.g."
                + " (allocator.name=drf). The highest service.ranking wins among matches; while none"
                + " matches, the best available allocator is used. Empty: any allocator.")
        String allocator_target() default ANY_ALLOCATOR;

        @AttributeDefinition(description = "The allocator the operator chose by name (allot:allocator-use writes it):"
                + " used while an allocator of that name is available, whatever allocator.target says. Empty:"
                + " allocator.target decides.")
        String allocator_use() default "";

        @AttributeDefinition(description = "Milliseconds a role must wait for resources (below its guarantee, or"
                + " below its fair share while it asks) before the allocator may revoke tasks of roles above theirs.")
        long revocation_delay_ms() default 30_000;

        @AttributeDefinition(description = "Milliseconds of notice a framework gets (an inverse offer) before a"
                + " revoked task is killed; 0 kills at once.")
        long revocation_notice_ms() default 5_000;

        @AttributeDefinition(description = "ZooKeeper where masters contend for the leadership, e.g."
                + " zk://10.0.0.1:2181,10.0.0.2:2181/allot; empty (the default): a standalone master that leads"
                + " at once. An elected master publishes host:port, so host must be an address its peers reach.")
        String zk() default "";

        @AttributeDefinition(description = "ZooKeeper session timeout in milliseconds: a leader that cannot"
                + " reach ZooKeeper stops acting at once and steps down after this; a standby takes over after it.")
        long zk_session_timeout_ms() default 10_000;

        @AttributeDefinition(description = "Milliseconds a newly elected master waits for the agents of the"
                + " previous leader (its roster in ZooKeeper) to re-register before it makes offers; agents not"
                + " back by then are marked lost. 0 or less (the default): agent.reregister.timeout.ms.")
        long recovery_window_ms() default -1;
    }

    /** The configuration key of the operator's chosen allocator. */
    static final String ALLOCATOR_USE = "allocator.use";

    static final String ANY_ALLOCATOR = "(objectClass=org.allot.spi.allocation.Allocator)";
    static final String PID = "org.allot.master";

    /** Makes each master's event loop; tests give a manual one. */
    private final Supplier<EventLoop> loops;
    private Master master;
    private MasterConfig config;
    private String allocatorTarget = ANY_ALLOCATOR;
    private final AllocatorChoice<Allocator> allocators = new AllocatorChoice<>(p -> true, ANY_ALLOCATOR);
    private final Map<OfferFilter, Integer> filters = new java.util.IdentityHashMap<>();
    private final java.util.Set<Allocator> available = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** The role settings in force: read from the configuration, then changed by the operator. */
    private RoleConfig roles = RoleConfig.NONE;
    /** {@code allocator.use} as last configured or chosen; compared to tell a new choice from an echo. */
    private String allocatorUse = "";
    private SettingsStore store;
    private ConfigurationAdmin configurationAdmin;

    /** For Declarative Services: each master runs on its own "allot-master" thread. */
    public MasterComponent() {
        this(() -> new ThreadEventLoop("allot-master"));
    }

    /** For tests: each master runs on a loop from {@code loops}. */
    MasterComponent(Supplier<EventLoop> loops) {
        this.loops = Objects.requireNonNull(loops, "loops");
    }

    /** Turns the metatype configuration into a {@link MasterConfig}. */
    static MasterConfig toMasterConfig(Config c) {
        return MasterConfig.builder()
                .host(c.host())
                .port(c.port())
                .allocationInterval(Duration.ofMillis(c.allocation_interval_ms()))
                .offerTimeout(Duration.ofMillis(c.offer_timeout_ms()))
                .defaultRefuse(Duration.ofMillis(c.default_refuse_ms()))
                .heartbeatInterval(Duration.ofMillis(c.agent_ping_interval_ms()))
                .heartbeatTimeout(Duration.ofMillis(c.agent_ping_timeout_ms()))
                .agentReregisterTimeout(c.agent_reregister_timeout_ms() > 0
                        ? Duration.ofMillis(c.agent_reregister_timeout_ms()) : null)
                .maxFrameBytes(c.max_frame_bytes())
                .revocationDelay(Duration.ofMillis(c.revocation_delay_ms()))
                .revocationNotice(Duration.ofMillis(c.revocation_notice_ms()))
                .election(ElectionConfig.of(c.zk(), c.zk_session_timeout_ms(), c.recovery_window_ms()))
                .build();
    }

    @Activate
    synchronized void activate(Config c, Map<String, Object> properties) {
        config = toMasterConfig(c);
        retarget(c.allocator_target());
        allocatorUse = c.allocator_use().strip();
        allocators.prefer(allocatorUse);
        roles = readRoles(properties, RoleConfig.NONE);
        master = newMaster(config);
        Allocator a = allocators.active();
        if (a == null) {
            LOG.info("Master starts without an allocator: none is registered yet; the first to come is used");
        } else {
            LOG.info("Master starts with allocator '{}': {}", a.name(), allocators.why());
        }
    }

    @Modified
    synchronized void modified(Config c, Map<String, Object> properties) {
        MasterConfig next = toMasterConfig(c);
        RoleConfig previousRoles = roles;
        roles = readRoles(properties, roles);
        if (needsNewServer(config, next)) {
            LOG.info("Master address or transport settings changed; restarting the master on {}:{}",
                    next.host(), next.port());
            stopMaster();
            master = newMaster(next);
        } else {
            master.reconfigure(next);
            master.applyRoles(previousRoles, roles);
        }
        config = next;
        AllocatorChoice.Change<Allocator> change = retarget(c.allocator_target());
        String use = c.allocator_use().strip();
        if (!use.equals(allocatorUse) || change.switched()) {
            // NOTE: a new target drops the operator's choice in AllocatorChoice; the saved one stands.
            allocatorUse = use;
            change = new AllocatorChoice.Change<>(change.before(), allocators.prefer(use).after(), allocators.why());
        }
        apply(change);
    }

    /** The role settings of a configuration; if one is invalid, it is logged and {@code fallback} stays. */
    private static RoleConfig readRoles(Map<String, Object> properties, RoleConfig fallback) {
        try {
            return RoleConfig.fromProperties(properties == null ? Map.of() : properties);
        } catch (IllegalArgumentException e) {
            LOG.error("Role settings of PID org.allot.master ignored, the previous ones stay: {}", e.getMessage());
            return fallback;
        }
    }

    /** Takes a changed allocator.target into account; an unchanged one keeps the operator's choice. */
    private AllocatorChoice.Change<Allocator> retarget(String text) {
        String t = text == null || text.isBlank() ? ANY_ALLOCATOR : text.strip();
        if (t.equals(allocatorTarget)) {
            return new AllocatorChoice.Change<>(allocators.active(), allocators.active(), allocators.why());
        }
        allocatorTarget = t;
        return allocators.target(targetFilter(t), t);
    }

    private static Predicate<Map<String, ?>> targetFilter(String text) {
        try {
            Filter filter = FrameworkUtil.createFilter(text);
            return filter::matches;
        } catch (InvalidSyntaxException e) {
            LOG.error("allocator.target '{}' is not an LDAP filter ({}); no allocator matches it, so the best"
                    + " available one is used. Fix it, e.g. (allocator.name=drf)", text, e.getMessage());
            return p -> false;
        }
    }

    /** Makes the master use the allocator a change chose, if it is another one. */
    private void apply(AllocatorChoice.Change<Allocator> change) {
        if (master == null || !change.switched()) {
            return;
        }
        LOG.info("Switching the allocator from {} to {}: {}", describe(change.before()), describe(change.after()),
                change.why());
        master.setAllocator(change.after());
    }

    private static String describe(Allocator a) {
        return a == null ? "none" : "'" + a.name() + "'";
    }

    /** Host, port and transport settings belong to the server; the rest can change live. */
    static boolean needsNewServer(MasterConfig a, MasterConfig b) {
        return !a.host().equals(b.host()) || a.port() != b.port()
                || !a.protocolConfig().equals(b.protocolConfig()) || !a.election().equals(b.election());
    }

    @Deactivate
    synchronized void deactivate() {
        stopMaster();
    }

    private Master newMaster(MasterConfig c) {
        Master m = new Master(c, loops.get(), allocators.active(), List.of());
        filters.forEach(m::addFilter);
        available.forEach(m::addAvailableAllocator);
        m.applyRoles(RoleConfig.NONE, roles);
        m.start();
        return m;
    }

    /** Stops the master, which shuts its event loop (and so its thread) down. */
    private void stopMaster() {
        Master m = master;
        master = null;
        if (m != null) {
            m.stop();
        }
    }

    // References: each change is handed to the master's loop.

    // NOTE: every allocator service is bound here and AllocatorChoice applies allocator.target,
    // rather than a DS reference target: a reference whose target matches nothing binds nothing,
    // and the master stayed without an allocator although DRF was registered.
    @Reference(name = "allocators", service = Allocator.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeAllocator")
    synchronized void addAllocator(Allocator a, Map<String, Object> properties) {
        available.add(a);
        AllocatorChoice.Change<Allocator> change = allocators.add(a, a.name(), properties);
        if (master != null) {
            master.addAvailableAllocator(a);
            apply(change);
        }
    }

    synchronized void removeAllocator(Allocator a) {
        available.remove(a);
        AllocatorChoice.Change<Allocator> change = allocators.remove(a);
        if (master != null) {
            // NOTE: the replacement first, so that the master does not pick one of its own when
            // the active allocator leaves its list.
            apply(change);
            master.removeAvailableAllocator(a);
        }
    }

    /** Where the operator's changes are saved: Config Admin, when there is one. */
    @Reference(name = "configurationAdmin", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, unbind = "unsetConfigurationAdmin")
    synchronized void setConfigurationAdmin(ConfigurationAdmin admin) {
        configurationAdmin = admin;
        store = SettingsStore.configAdmin(admin, PID);
    }

    synchronized void unsetConfigurationAdmin(ConfigurationAdmin admin) {
        if (configurationAdmin == admin) {
            configurationAdmin = null;
            store = null;
        }
    }

    /** For tests: saves the operator's changes in {@code s}. */
    synchronized void setStore(SettingsStore s) {
        store = s;
    }

    @Reference(name = "filters", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeFilter")
    synchronized void addFilter(OfferFilter f, Map<String, Object> properties) {
        Object r = properties.get("service.ranking");
        int ranking = r instanceof Integer ? (Integer) r : 0;
        filters.put(f, ranking);
        if (master != null) {
            master.addFilter(f, ranking);
        }
    }

    synchronized void removeFilter(OfferFilter f) {
        filters.remove(f);
        if (master != null) {
            master.removeFilter(f);
        }
    }

    // Operator: delegate to the running master.

    private synchronized Master master() {
        return Objects.requireNonNull(master, "the master is not running");
    }

    @Override
    public List<AgentView> agents() {
        return master().agents();
    }

    @Override
    public List<FrameworkView> frameworks() {
        return master().frameworks();
    }

    @Override
    public List<TaskView> tasks() {
        return master().tasks();
    }

    @Override
    public List<OfferView> offers() {
        return master().offers();
    }

    @Override
    public ClusterState state() {
        return master().state();
    }

    @Override
    public MasterStatus status() {
        return master().status();
    }

    @Override
    public MasterMetrics metrics() {
        return master().metrics();
    }

    @Override
    public void teardown(FrameworkId id) {
        master().teardown(id);
    }

    @Override
    public List<String> allocators() {
        return master().allocators();
    }

    @Override
    public String activeAllocator() {
        return master().activeAllocator();
    }

    /** The choice as {@link AllocatorChoice} made it, with its reason (the master alone knows no reasons). */
    @Override
    public synchronized AllocatorStatus allocatorStatus() {
        master();
        Allocator a = allocators.active();
        return new AllocatorStatus(allocators.names(), a == null ? Optional.empty() : Optional.of(a.name()),
                allocators.why());
    }

    @Override
    public synchronized void useAllocator(String name) {
        master();
        apply(allocators.use(name));
        allocatorUse = name;
        save(Map.of(ALLOCATOR_USE, name), Set.of(), "allocator " + name);
    }

    @Override
    public List<RoleView> roles() {
        return master().roles();
    }

    @Override
    public synchronized void setWeight(String role, double weight) {
        master().setWeight(role, weight);
        roles = roles.withWeight(role, weight);
        save(Map.of(RoleConfig.weightKey(role), Double.toString(weight)), Set.of(), "the weight of role " + role);
    }

    @Override
    public synchronized void setPriority(String role, int priority) {
        master().setPriority(role, priority);
        roles = roles.withPriority(role, priority);
        save(Map.of(RoleConfig.priorityKey(role), Integer.toString(priority)), Set.of(),
                "the priority of role " + role);
    }

    @Override
    public synchronized void setGuarantee(String role, Resources guarantee) {
        master().setGuarantee(role, guarantee);
        roles = roles.withGuarantee(role, guarantee);
        save(Map.of(RoleConfig.guaranteeKey(role), guarantee.toString()), Set.of(), "the guarantee of role " + role);
    }

    @Override
    public synchronized void removeGuarantee(String role) {
        master().removeGuarantee(role);
        roles = roles.withoutGuarantee(role);
        save(Map.of(), Set.of(RoleConfig.guaranteeKey(role)), "the removal of role " + role + "'s guarantee");
    }

    /** Saves an operator's change that is already in force; a failure to save leaves it in force until restart. */
    private void save(Map<String, String> set, Set<String> remove, String what) {
        if (store == null) {
            LOG.warn("Config Admin is not available: {} lasts until the master stops", what);
            return;
        }
        try {
            store.save(set, remove);
            LOG.info("Saved {} in the configuration of PID {}", what, PID);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not save {} in the configuration of PID {} ({}); it lasts until the master stops",
                    what, PID, e.toString());
        }
    }
}
