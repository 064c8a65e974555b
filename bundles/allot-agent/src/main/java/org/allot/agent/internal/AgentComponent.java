package org.allot.agent.internal;

import org.allot.protocol.loop.ThreadEventLoop;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.allot.spi.isolation.Isolator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link Agent} inside Karaf, configured by PID {@code org.allot.agent}
 * ({@code etc/org.allot.agent.cfg}). The isolator is the {@link Isolator} service chosen by
 * {@code isolator.target}, {@code (isolator.name=posix)} by default.
 *
 * <p>NOTE: a configuration change restarts the agent core without killing its containers: the old
 * core is abandoned and the new one re-adopts the containers from the checkpoint in its work dir
 * (if {@code work_dir} changed, the old containers are killed first). Deactivation (bundle stop,
 * isolator gone) stops the agent and kills its containers.
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

        @AttributeDefinition(name = "Isolator filter", description = "LDAP filter choosing the Isolator service,"
                + " e.g. (isolator.name=posix).")
        String isolator_target() default "(isolator.name=posix)";

        @AttributeDefinition(name = "ZooKeeper session timeout", description = "With a zk:// master: the"
                + " session timeout of the agent's detector; after losing its session it knows no leader until"
                + " it is back.")
        String zk__session__timeout() default "10s";
    }

    private final Isolator isolator;
    private Agent agent;
    private AgentConfig current;

    @Activate
    public AgentComponent(@Reference(name = "isolator") Isolator isolator, Config config) throws IOException {
        this.isolator = isolator;
        start(AgentConfig.fromMap(toMap(config)));
    }

    @Modified
    void modified(Config config) throws IOException {
        AgentConfig next = AgentConfig.fromMap(toMap(config));
        LOG.info("Agent configuration changed; restarting the agent core with {}", next);
        if (next.workDir().equals(current.workDir())) {
            agent.abandon();
        } else {
            agent.stop();
        }
        start(next);
    }

    @Deactivate
    void deactivate() {
        agent.stop();
    }

    private void start(AgentConfig config) throws IOException {
        current = config;
        agent = new Agent(config, isolator, new ThreadEventLoop("allot-agent"));
        agent.start();
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
        m.put("zk_session_timeout", c.zk__session__timeout());
        return m;
    }
}
