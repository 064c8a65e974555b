package org.allot.agent.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.allot.api.AgentInfo;
import org.allot.api.Attributes;
import org.allot.api.Durations;
import org.allot.api.Resources;
import org.allot.protocol.ProtocolConfig;
import org.allot.election.MasterDetectors;
import org.allot.election.ZooKeeperDetector;
import org.allot.election.ZooKeeperUrl;
import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.link.MasterDetector;
import org.allot.protocol.link.StandaloneDetector;

/**
 * The agent's settings, immutable. Build with {@link #builder()}; {@link #fromMap(Map)} reads the
 * Config Admin / system property keys documented on {@link AgentComponent.Config}.
 */
public final class AgentConfig {

    public static final String DEFAULT_MASTER = "127.0.0.1:5050";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);
    public static final String DEFAULT_ISOLATION = "posix";
    public static final String DEFAULT_LAUNCHER = "posix";
    public static final Duration DEFAULT_STATUS_RETRY_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_STATUS_RETRY_MAX = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(10);
    public static final Duration DEFAULT_ZK_SESSION_TIMEOUT = MasterDetectors.DEFAULT_SESSION_TIMEOUT;

    /** The standalone master; null when the master is found through ZooKeeper. */
    private final MasterAddress master;
    private final Optional<ZooKeeperUrl> zk;
    private final Duration zkSessionTimeout;
    private final String host;
    private final int port;
    private final Optional<String> hostname;
    private final Optional<Resources> resources;
    private final Attributes attributes;
    private final Path workDir;
    private final Duration killGrace;
    private final Duration statusRetryInterval;
    private final Duration statusRetryMax;
    private final Duration reconnectMax;
    private final long memReserveMb;
    private final long diskReserveMb;
    private final ProtocolConfig protocol;
    private final Isolation isolation;

    private AgentConfig(Builder b) {
        this.zk = ZooKeeperUrl.isZooKeeper(b.master) ? Optional.of(ZooKeeperUrl.parse("master", b.master))
                : Optional.empty();
        this.master = zk.isPresent() ? null : MasterAddress.parse("master", b.master);
        this.zkSessionTimeout = positive("zk_session_timeout", b.zkSessionTimeout);
        this.host = requireText("host", b.host);
        if (b.port < 0 || b.port > 65535) {
            throw new IllegalArgumentException("invalid port " + b.port + ": use 0 (any free port) or 1..65535");
        }
        this.port = b.port;
        this.hostname = Optional.ofNullable(b.hostname).map(String::strip).filter(s -> !s.isEmpty());
        this.resources = Optional.ofNullable(b.resources).map(String::strip).filter(s -> !s.isEmpty())
                .map(AgentConfig::parseResources);
        this.attributes = Attributes.parse(b.attributes == null ? "" : b.attributes);
        this.workDir = b.workDir != null ? b.workDir
                : Path.of(System.getProperty("java.io.tmpdir"), "allot-agent-" + (b.port == 0 ? "any" : b.port));
        this.killGrace = nonNegative("kill_grace", b.killGrace);
        this.statusRetryInterval = positive("status_retry_interval", b.statusRetryInterval);
        this.statusRetryMax = positive("status_retry_max", b.statusRetryMax).compareTo(statusRetryInterval) < 0
                ? statusRetryInterval : b.statusRetryMax;
        this.reconnectMax = positive("reconnect_backoff_max", b.reconnectMax);
        this.memReserveMb = b.memReserveMb;
        this.diskReserveMb = b.diskReserveMb;
        this.protocol = Objects.requireNonNull(b.protocol, "protocol");
        this.isolation = Isolation.of(b.launcher, b.isolation);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the configuration keys ({@code master}, {@code host}, {@code port}, {@code hostname},
     * {@code resources}, {@code attributes}, {@code work_dir}, {@code kill_grace},
     * {@code status_retry_interval}, {@code status_retry_max}, {@code reconnect_backoff_max},
     * {@code mem_reserve}, {@code disk_reserve}, {@code heartbeat_interval}, {@code heartbeat_timeout},
     * {@code isolation}, {@code launcher});
     * absent or blank keys keep their defaults.
     *
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static AgentConfig fromMap(Map<String, ?> map) {
        Builder b = builder();
        text(map, "master").ifPresent(b::master);
        text(map, "host").ifPresent(b::host);
        text(map, "port").ifPresent(v -> b.port(integer("port", v)));
        text(map, "hostname").ifPresent(b::hostname);
        text(map, "resources").ifPresent(b::resources);
        text(map, "attributes").ifPresent(b::attributes);
        text(map, "work_dir").ifPresent(v -> b.workDir(Path.of(v)));
        text(map, "kill_grace").ifPresent(v -> b.killGrace(Durations.parse("kill_grace", v)));
        text(map, "status_retry_interval").ifPresent(v -> b.statusRetryInterval(Durations.parse("status_retry_interval", v)));
        text(map, "status_retry_max").ifPresent(v -> b.statusRetryMax(Durations.parse("status_retry_max", v)));
        text(map, "reconnect_backoff_max").ifPresent(v -> b.reconnectMax(Durations.parse("reconnect_backoff_max", v)));
        text(map, "mem_reserve").ifPresent(v -> b.memReserveMb(integer("mem_reserve", v)));
        text(map, "disk_reserve").ifPresent(v -> b.diskReserveMb(integer("disk_reserve", v)));
        text(map, "isolation").ifPresent(b::isolation);
        text(map, "launcher").ifPresent(b::launcher);
        text(map, "zk_session_timeout").ifPresent(v -> b.zkSessionTimeout(Durations.parse("zk_session_timeout", v)));
        ProtocolConfig.Builder pb = ProtocolConfig.builder();
        text(map, "heartbeat_interval").ifPresent(v -> pb.heartbeatInterval(Durations.parse("heartbeat_interval", v)));
        text(map, "heartbeat_timeout").ifPresent(v -> pb.heartbeatTimeout(Durations.parse("heartbeat_timeout", v)));
        b.protocol(pb.build());
        return b.build();
    }

    /**
     * The standalone master to connect to (epoch 0, no id).
     *
     * @throws IllegalStateException if the master is found through ZooKeeper ({@link #zk()})
     */
    public MasterAddress master() {
        if (master == null) {
            throw new IllegalStateException("the master is elected through " + zk.orElseThrow()
                    + "; ask masterDetector() who leads");
        }
        return master;
    }

    public String masterHost() {
        return master().host();
    }

    public int masterPort() {
        return master().port();
    }

    /** Where the master is found when elected: {@code zk://host:port[,...]/path}. */
    public Optional<ZooKeeperUrl> zk() {
        return zk;
    }

    /** The ZooKeeper session timeout of the agent's detector. */
    public Duration zkSessionTimeout() {
        return zkSessionTimeout;
    }

    /** The master setting as given: {@code host:port} or a {@code zk://} URL. */
    public String masterSetting() {
        return zk.map(ZooKeeperUrl::toString).orElseGet(() -> master.hostPort());
    }

    /** A new detector of the master: fixed, or a ZooKeeper one with its own session (the caller closes it). */
    public MasterDetector masterDetector() {
        return zk.<MasterDetector>map(u -> ZooKeeperDetector.start(u, zkSessionTimeout))
                .orElseGet(() -> new StandaloneDetector(master));
    }

    /** The address the agent's own server binds, for its executors. */
    public String host() {
        return host;
    }

    /** The agent's port; 0 binds any free port. */
    public int port() {
        return port;
    }

    public Optional<String> hostname() {
        return hostname;
    }

    /** Configured resources: if present, exactly what the agent offers (nothing is detected then). */
    public Optional<Resources> resources() {
        return resources;
    }

    public Attributes attributes() {
        return attributes;
    }

    public Path workDir() {
        return workDir;
    }

    public Duration killGrace() {
        return killGrace;
    }

    public Duration statusRetryInterval() {
        return statusRetryInterval;
    }

    public Duration statusRetryMax() {
        return statusRetryMax;
    }

    public Duration reconnectMax() {
        return reconnectMax;
    }

    /** MB of memory kept for the OS; negative: min(1024 MB, 25% of the total). */
    public long memReserveMb() {
        return memReserveMb;
    }

    /** MB of disk kept free; negative: min(5120 MB, 10% of the work dir's disk). */
    public long diskReserveMb() {
        return diskReserveMb;
    }

    public ProtocolConfig protocol() {
        return protocol;
    }

    /** The launcher and ordered isolators of new containers. */
    public Isolation isolation() {
        return isolation;
    }

    @Override
    public String toString() {
        return "AgentConfig{master=" + masterSetting() + ", host=" + host + ", port=" + port
                + ", hostname=" + hostname.orElse("(detected)") + ", resources=" + resources.map(Object::toString)
                .orElse("(detected)") + ", attributes=" + attributes + ", workDir=" + workDir + ", killGrace="
                + killGrace + ", statusRetry=" + statusRetryInterval + ".." + statusRetryMax + ", isolation=" + isolation + "}";
    }

    private static Resources parseResources(String text) {
        try {
            return Resources.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid resources '" + text + "': " + e.getMessage(), e);
        }
    }

    private static Optional<String> text(Map<String, ?> map, String key) {
        Object v = map.get(key);
        return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString().strip());
    }

    private static int integer(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + " '" + v + "': expected a whole number");
        }
    }

    private static String requireText(String key, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
        return v.strip();
    }

    private static Duration nonNegative(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative()) {
            throw new IllegalArgumentException("invalid " + key + " " + d + ": it must not be negative");
        }
        return d;
    }

    private static Duration positive(String key, Duration d) {
        nonNegative(key, d);
        if (d.isZero()) {
            throw new IllegalArgumentException("invalid " + key + " " + d + ": it must be positive");
        }
        return d;
    }

    /** Collects settings; every value starts at its default. */
    public static final class Builder {
        private String master = DEFAULT_MASTER;
        private String host = DEFAULT_HOST;
        private int port = AgentInfo.DEFAULT_PORT;
        private String hostname;
        private String resources;
        private String attributes;
        private Path workDir;
        private Duration killGrace = DEFAULT_KILL_GRACE;
        private Duration statusRetryInterval = DEFAULT_STATUS_RETRY_INTERVAL;
        private Duration statusRetryMax = DEFAULT_STATUS_RETRY_MAX;
        private Duration reconnectMax = DEFAULT_RECONNECT_MAX;
        private Duration zkSessionTimeout = DEFAULT_ZK_SESSION_TIMEOUT;
        private long memReserveMb = -1;
        private long diskReserveMb = -1;
        private ProtocolConfig protocol = ProtocolConfig.defaults();
        private String isolation = DEFAULT_ISOLATION;
        private String launcher = DEFAULT_LAUNCHER;

        private Builder() {
        }

        /** The master as {@code host:port}, or {@code zk://host:port[,host:port...]/path} when elected. */
        public Builder master(String master) {
            this.master = master;
            return this;
        }

        /** The ZooKeeper session timeout of the agent's detector (with a {@code zk://} master). */
        public Builder zkSessionTimeout(Duration d) {
            this.zkSessionTimeout = d;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /** Resources in Mesos text syntax, e.g. {@code cpus:4;mem:4096;ports:[31000-32000]}. */
        public Builder resources(String resources) {
            this.resources = resources;
            return this;
        }

        /** Attributes, e.g. {@code rack:r1;zone:a}. */
        public Builder attributes(String attributes) {
            this.attributes = attributes;
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder killGrace(Duration killGrace) {
            this.killGrace = killGrace;
            return this;
        }

        public Builder statusRetryInterval(Duration interval) {
            this.statusRetryInterval = interval;
            return this;
        }

        public Builder statusRetryMax(Duration max) {
            this.statusRetryMax = max;
            return this;
        }

        public Builder reconnectMax(Duration max) {
            this.reconnectMax = max;
            return this;
        }

        public Builder memReserveMb(long mb) {
            this.memReserveMb = mb;
            return this;
        }

        public Builder diskReserveMb(long mb) {
            this.diskReserveMb = mb;
            return this;
        }

        public Builder protocol(ProtocolConfig protocol) {
            this.protocol = protocol;
            return this;
        }

        /** The ordered isolator names of new containers, e.g. {@code cgroups/cpu,cgroups/mem,posix}. */
        public Builder isolation(String isolation) {
            this.isolation = isolation;
            return this;
        }

        /** The launcher name of new containers, e.g. {@code posix}. */
        public Builder launcher(String launcher) {
            this.launcher = launcher;
            return this;
        }

        public AgentConfig build() {
            return new AgentConfig(this);
        }
    }
}
