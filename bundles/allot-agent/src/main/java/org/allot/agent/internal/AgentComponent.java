package org.allot.agent.internal;

import org.allot.protocol.loop.ThreadEventLoop;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.allot.api.agent.AgentOperator;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.Launcher;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentContext;
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
 * Runs an {@link Agent} inside Karaf, configured by PID {@code org.allot.agent}
 * ({@code etc/org.allot.agent.cfg}).
 *
 * <h2>Isolation</h2>
 * Every {@link Launcher} and {@link Isolator} service is bound dynamically (multiple, dynamic,
 * greedy) into an {@link IsolationRegistry} by its {@code launcher.name} / {@code isolator.name}:
 * an isolator bundle installed later is used by the next container whose {@code isolation} names
 * it, without restarting the agent; one that goes away (bundle update, refresh, stop, uninstall)
 * leaves its containers running, abandoned, and they are re-adopted through {@code recover} when a
 * service of that name returns. The component never waits for an isolator: a launch whose isolator
 * is missing fails with a message saying which and how to install it.
 *
 * <p>NOTE: a change of {@code isolation} or {@code launcher} alone applies at once to new
 * containers. Any other change restarts the agent core without killing its containers: the old core
 * is abandoned and the new one re-adopts the containers from the checkpoint in its work dir (if
 * {@code work_dir} changed, the old containers are killed first). Deactivation (bundle stop or
 * update, {@code system:shutdown}) stops the agent and leaves its containers running and
 * checkpointed: the next activation re-adopts them, and the master keeps their tasks while the
 * agent re-registers within its re-register timeout. Only a drain ({@code allot:agent-drain}, through
 * the {@link AgentOperator} service registered here) kills the tasks; it then disables this
 * component until an operator enables it again ({@code scr:enable} or a bundle restart).
 */
@Component(configurationPid = AgentComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
@Designate(ocd = AgentComponent.Config.class)
public final class AgentComponent {

    public static final String PID = "org.allot.agent";

    private static final Logger LOG = LoggerFactory.getLogger(AgentComponent.class);

    @ObjectClassDefinition(name = "Allot agent",
            description = "Registers this machine's resources with an Allot master and runs tasks and executors.")
    public @interface Config {
        @AttributeDefinition(name = "Master", description = "The master as host:port, or"
                + " zk://host:port[,host:port...]/path to follow the elected leader through ZooKeeper.")
        String master() default AgentConfig.DEFAULT_MASTER;

        @AttributeDefinition(name = "Bind host", description = "Address the agent listens on for its executors;"
                + " executors reach it over loopback.")
        String host() default AgentConfig.DEFAULT_HOST;

        @AttributeDefinition(name = "Port", description = "The agent's port; 0 picks any free port.")
        int port() default 5051;

        @AttributeDefinition(name = "Hostname", description = "The hostname reported to the master and put in"
                + " offers; empty: the local host name.")
        String hostname() default "";

        @AttributeDefinition(name = "Resources", description = "Resources in Mesos syntax, e.g."
                + " cpus:4;mem:4096;disk:10000;ports:[31000-32000]. When set, exactly these are offered and nothing"
                + " is detected (a resource left out, e.g. disk or ports, is not offered at all); empty: offer what"
                + " is detected (cpus, mem, disk, ports).")
        String resources() default "";

        @AttributeDefinition(name = "Attributes", description = "Attributes, e.g. rack:r1;zone:a.")
        String attributes() default "";

        @AttributeDefinition(name = "Work dir", description = "Holds the checkpoint and the sandboxes"
                + " (frameworks/<fid>/tasks/<tid>/stdout, stderr); empty: <java.io.tmpdir>/allot-agent-<port>.")
        String work__dir() default "";

        @AttributeDefinition(name = "Kill grace", description = "Time between SIGTERM and SIGKILL when a task or"
                + " executor is killed, e.g. 5s.")
        String kill__grace() default "5s";

        @AttributeDefinition(name = "Status retry interval", description = "First resend of an unacknowledged"
                + " status update; doubles up to the status retry maximum.")
        String status__retry__interval() default "2s";

        @AttributeDefinition(name = "Status retry maximum", description = "Longest interval between resends of"
                + " an unacknowledged status update.")
        String status__retry__max() default "10s";

        @AttributeDefinition(name = "Reconnect backoff maximum", description = "Longest wait between attempts to"
                + " reach the master; attempts start 250 ms apart and double.")
        String reconnect__backoff__max() default "10s";

        @AttributeDefinition(name = "Memory reserve (MB)", description = "Memory not offered, kept for the OS;"
                + " -1: min(1024 MB, 25% of the total).")
        long mem__reserve() default -1;

        @AttributeDefinition(name = "Disk reserve (MB)", description = "Disk of the work dir not offered;"
                + " -1: min(5120 MB, 10%).")
        long disk__reserve() default -1;

        @AttributeDefinition(name = "Heartbeat interval", description = "Idle time after which the agent pings"
                + " the master or an executor (whole seconds).")
        String heartbeat__interval() default "5s";

        @AttributeDefinition(name = "Heartbeat timeout", description = "How long after a ping a silent master or"
                + " executor is declared lost (whole seconds).")
        String heartbeat__timeout() default "15s";

        @AttributeDefinition(name = "Isolation", description = "The isolators of new containers, in order, by"
                + " isolator.name, e.g. cgroups/cpu,cgroups/mem,cgroups/pids,posix. Changeable at run time: running"
                + " containers keep the isolators they started with.")
        String isolation() default AgentConfig.DEFAULT_ISOLATION;

        @AttributeDefinition(name = "Launcher", description = "The launcher that forks and destroys new containers,"
                + " by launcher.name, e.g. posix.")
        String launcher() default AgentConfig.DEFAULT_LAUNCHER;

        @AttributeDefinition(name = "ZooKeeper session timeout", description = "With a zk:// master: the"
                + " session timeout of the agent's detector; after losing its session it knows no leader until"
                + " it is back.")
        String zk__session__timeout() default "10s";
    }

    private static final java.util.Set<String> ISOLATION_KEYS = java.util.Set.of("isolation", "launcher");

    /** Outlives agent cores: bound services stay known across a restart of the core. */
    private final IsolationRegistry registry = new IsolationRegistry();
    private Agent agent;
    private AgentConfig current;
    private Map<String, Object> currentKeys;

    private ComponentContext context;
    private ServiceRegistration<AgentOperator> operator;

    /** The agent operator service (allot:container-list, isolator-list, agent-drain). */
    private void registerOperator(ComponentContext context) {
        this.context = context;
        operator = context.getBundleContext().registerService(AgentOperator.class,
                new AgentOperatorService(this::currentAgent, this::drained), null);
    }

    private synchronized Agent currentAgent() {
        return agent;
    }

    /** After a drain: the component stays disabled (not restarted) until an operator enables it. */
    private void drained() {
        LOG.info("Agent drained; disabling the agent component until an operator enables it again (scr:enable {})",
                AgentComponent.class.getName());
        context.disableComponent(AgentComponent.class.getName());
    }

    /** After DS bound the services there already, so recovery finds them. */
    @Activate
    void activate(Config config, ComponentContext context) throws IOException {
        currentKeys = toMap(config);
        start(AgentConfig.fromMap(currentKeys));
        if (context != null) { // null only in plain-Java tests
            registerOperator(context);
        }
    }

    @Reference(service = Isolator.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindIsolator(Isolator isolator) {
        registry.addIsolator(isolator);
    }

    void unbindIsolator(Isolator isolator) {
        registry.removeIsolator(isolator);
    }

    @Reference(service = Launcher.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLauncher(Launcher launcher) {
        registry.addLauncher(launcher);
    }

    void unbindLauncher(Launcher launcher) {
        registry.removeLauncher(launcher);
    }

    /** The agent core running now. */
    Agent agent() {
        return agent;
    }

    /** The isolators and launchers bound now; for the shell. */
    IsolationRegistry isolationRegistry() {
        return registry;
    }

    @Modified
    void modified(Config config) throws IOException {
        Map<String, Object> keys = toMap(config);
        AgentConfig next = AgentConfig.fromMap(keys);
        boolean onlyIsolation = withoutIsolation(keys).equals(withoutIsolation(currentKeys));
        currentKeys = keys;
        if (onlyIsolation) {
            current = next;
            agent.isolation(next.isolation());
            return;
        }
        LOG.info("Agent configuration changed; restarting the agent core with {}", next);
        if (next.workDir().equals(current.workDir())) {
            agent.abandon();
        } else {
            agent.stopAndKillContainers();
        }
        start(next);
    }

    @Deactivate
    void deactivate() {
        if (operator != null) {
            operator.unregister();
        }
        agent.stop(); // leaves the containers running for the next activation (or process) to re-adopt
    }

    private void start(AgentConfig config) throws IOException {
        current = config;
        Agent next = new Agent(config, registry, new ThreadEventLoop("allot-agent"));
        synchronized (this) {
            agent = next;
        }
        next.start();
    }

    static Map<String, Object> toMap(Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("master", c.master());
        m.put("host", c.host());
        m.put("port", c.port());
        m.put("hostname", c.hostname());
        m.put("resources", c.resources());
        m.put("attributes", c.attributes());
        m.put("work_dir", c.work__dir());
        m.put("kill_grace", c.kill__grace());
        m.put("status_retry_interval", c.status__retry__interval());
        m.put("status_retry_max", c.status__retry__max());
        m.put("reconnect_backoff_max", c.reconnect__backoff__max());
        m.put("mem_reserve", c.mem__reserve());
        m.put("disk_reserve", c.disk__reserve());
        m.put("heartbeat_interval", c.heartbeat__interval());
        m.put("heartbeat_timeout", c.heartbeat__timeout());
        m.put("isolation", c.isolation());
        m.put("launcher", c.launcher());
        m.put("zk_session_timeout", c.zk__session__timeout());
        return m;
    }

    private static Map<String, Object> withoutIsolation(Map<String, Object> keys) {
        Map<String, Object> m = new LinkedHashMap<>(keys);
        m.keySet().removeAll(ISOLATION_KEYS);
        return m;
    }
}
