package org.allot.master.internal;

import java.time.Duration;
import java.util.Objects;

import org.allot.protocol.ProtocolConfig;

/**
 * The master's settings. Immutable; start from {@link #defaults()} or {@link #builder()}.
 *
 * <p>Defaults: bind {@code 127.0.0.1:5050}, an allocation pass every second, offers rescinded
 * after 30 s unanswered, declines (and the unused part of accepted offers) refused for 5 s,
 * agents pinged after 5 s idle and declared lost 15 s later, an agent whose connection closed
 * otherwise given as long (the heartbeat timeout) to re-register, frames up to 16 MiB; a role
 * starved for 30 s may have tasks of others revoked, with 5 s notice (an inverse offer) before the kill.
 */
public final class MasterConfig {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5050;
    public static final Duration DEFAULT_ALLOCATION_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_OFFER_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REFUSE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = ProtocolConfig.DEFAULT_HEARTBEAT_INTERVAL;
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = ProtocolConfig.DEFAULT_HEARTBEAT_TIMEOUT;
    public static final int DEFAULT_MAX_FRAME_BYTES = ProtocolConfig.DEFAULT_MAX_FRAME_BYTES;
    public static final Duration DEFAULT_REVOCATION_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REVOCATION_NOTICE = Duration.ofSeconds(5);

    private final String host;
    private final int port;
    private final Duration allocationInterval;
    private final Duration offerTimeout;
    private final Duration defaultRefuse;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    /** Null: the same as the heartbeat timeout. */
    private final Duration agentReregisterTimeout;
    private final int maxFrameBytes;
    private final Duration revocationDelay;
    private final Duration revocationNotice;
    private final ElectionConfig election;

    private MasterConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.allocationInterval = b.allocationInterval;
        this.offerTimeout = b.offerTimeout;
        this.defaultRefuse = b.defaultRefuse;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.agentReregisterTimeout = b.agentReregisterTimeout;
        this.maxFrameBytes = b.maxFrameBytes;
        this.revocationDelay = b.revocationDelay;
        this.revocationNotice = b.revocationNotice;
        this.election = b.election;
    }

    public static MasterConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).allocationInterval(allocationInterval).offerTimeout(offerTimeout)
                .defaultRefuse(defaultRefuse).heartbeatInterval(heartbeatInterval).heartbeatTimeout(heartbeatTimeout)
                .agentReregisterTimeout(agentReregisterTimeout).maxFrameBytes(maxFrameBytes)
                .revocationDelay(revocationDelay).revocationNotice(revocationNotice).election(election);
    }

    /** The address to bind; 127.0.0.1 unless an operator exposes the master. */
    public String host() {
        return host;
    }

    /** The port to bind; 0 picks a free one ({@link Master#port()} tells which). */
    public int port() {
        return port;
    }

    /** How often an allocation pass runs even when nothing changed. */
    public Duration allocationInterval() {
        return allocationInterval;
    }

    /** How long an offer may stay unanswered before it is rescinded. */
    public Duration offerTimeout() {
        return offerTimeout;
    }

    /** How long declined (or left unused) resources are not re-offered to that framework, unless it says otherwise. */
    public Duration defaultRefuse() {
        return defaultRefuse;
    }

    /** Idle time after which the master pings a peer. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** How long after a ping a silent peer is declared lost. */
    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    /**
     * How long an agent whose connection closed for another reason than a heartbeat timeout (a
     * restart, a network blip) may take to re-register before it is removed and its tasks are
     * reported TASK_LOST. Meanwhile it gets no offers and its tasks are kept. Defaults to the
     * heartbeat timeout.
     */
    public Duration agentReregisterTimeout() {
        return agentReregisterTimeout != null ? agentReregisterTimeout : heartbeatTimeout;
    }

    /** The largest frame accepted or sent. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** How long a role must wait for resources (below its guarantee or fair share) before tasks are revoked for it. */
    public Duration revocationDelay() {
        return revocationDelay;
    }

    /** How long before a revoked task is killed its framework is told, through an inverse offer; zero: no notice. */
    public Duration revocationNotice() {
        return revocationNotice;
    }

    /** Standalone, or elected through ZooKeeper. */
    public ElectionConfig election() {
        return election;
    }

    /** The transport settings these values imply. */
    public ProtocolConfig protocolConfig() {
        return ProtocolConfig.builder().heartbeatInterval(heartbeatInterval).heartbeatTimeout(heartbeatTimeout)
                .maxFrameBytes(maxFrameBytes).build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MasterConfig)) {
            return false;
        }
        MasterConfig c = (MasterConfig) o;
        return host.equals(c.host) && port == c.port && allocationInterval.equals(c.allocationInterval)
                && offerTimeout.equals(c.offerTimeout) && defaultRefuse.equals(c.defaultRefuse)
                && heartbeatInterval.equals(c.heartbeatInterval) && heartbeatTimeout.equals(c.heartbeatTimeout)
                && Objects.equals(agentReregisterTimeout, c.agentReregisterTimeout) && maxFrameBytes == c.maxFrameBytes
                && revocationDelay.equals(c.revocationDelay) && revocationNotice.equals(c.revocationNotice)
                && election.equals(c.election);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, allocationInterval, offerTimeout, defaultRefuse, heartbeatInterval,
                heartbeatTimeout, agentReregisterTimeout, maxFrameBytes, revocationDelay, revocationNotice, election);
    }

    @Override
    public String toString() {
        return "MasterConfig{host=" + host + ", port=" + port + ", allocationInterval=" + allocationInterval
                + ", offerTimeout=" + offerTimeout + ", defaultRefuse=" + defaultRefuse
                + ", heartbeatInterval=" + heartbeatInterval + ", heartbeatTimeout=" + heartbeatTimeout
                + ", agentReregisterTimeout=" + agentReregisterTimeout() + ", maxFrameBytes=" + maxFrameBytes
                + ", revocationDelay=" + revocationDelay + ", revocationNotice=" + revocationNotice + ", election=" + election + '}';
    }

    /** Collects the settings; each starts at its default and is checked when set. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Duration allocationInterval = DEFAULT_ALLOCATION_INTERVAL;
        private Duration offerTimeout = DEFAULT_OFFER_TIMEOUT;
        private Duration defaultRefuse = DEFAULT_REFUSE;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private Duration agentReregisterTimeout;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private Duration revocationDelay = DEFAULT_REVOCATION_DELAY;
        private Duration revocationNotice = DEFAULT_REVOCATION_NOTICE;
        private ElectionConfig election = ElectionConfig.STANDALONE;

        private Builder() {
        }

        /** Standalone ({@link ElectionConfig#STANDALONE}, the default) or elected. */
        public Builder election(ElectionConfig e) {
            this.election = Objects.requireNonNull(e, "election");
            return this;
        }

        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("master host is blank: give an address to bind, e.g. 127.0.0.1");
            }
            this.host = host.strip();
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("invalid master port " + port + ": use 0..65535 (0 = any free port)");
            }
            this.port = port;
            return this;
        }

        public Builder allocationInterval(Duration d) {
            this.allocationInterval = positive("allocation interval", d);
            return this;
        }

        public Builder offerTimeout(Duration d) {
            this.offerTimeout = positive("offer timeout", d);
            return this;
        }

        public Builder defaultRefuse(Duration d) {
            Objects.requireNonNull(d, "default refuse");
            if (d.isNegative()) {
                throw new IllegalArgumentException("invalid default refuse " + d + ": it must not be negative");
            }
            this.defaultRefuse = d;
            return this;
        }

        public Builder heartbeatInterval(Duration d) {
            this.heartbeatInterval = atLeastOneSecond("heartbeat interval", d);
            return this;
        }

        public Builder heartbeatTimeout(Duration d) {
            this.heartbeatTimeout = atLeastOneSecond("heartbeat timeout", d);
            return this;
        }

        /** Null (the default) follows the heartbeat timeout; otherwise positive. */
        public Builder agentReregisterTimeout(Duration d) {
            this.agentReregisterTimeout = d == null ? null : positive("agent re-register timeout", d);
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("invalid max frame size " + bytes + " bytes: use at least 1024");
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        /** Zero or more. */
        public Builder revocationDelay(Duration d) {
            this.revocationDelay = notNegative("revocation delay", d);
            return this;
        }

        /** Zero (kill at once, no inverse offer) or more. */
        public Builder revocationNotice(Duration d) {
            this.revocationNotice = notNegative("revocation notice", d);
            return this;
        }

        private static Duration notNegative(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException("invalid " + what + " " + d + ": it must not be negative");
            }
            return d;
        }

        public MasterConfig build() {
            return new MasterConfig(this);
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("invalid " + what + " " + d + ": it must be positive");
            }
            return d;
        }

        private static Duration atLeastOneSecond(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("invalid " + what + " " + d
                        + ": heartbeats are checked once a second, so use at least 1 s");
            }
            return d;
        }
    }
}
