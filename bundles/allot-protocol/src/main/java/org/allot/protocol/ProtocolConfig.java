package org.allot.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by {@link ProtocolServer} and {@link ProtocolClient}. Immutable; build one with
 * {@link #builder()} or take {@link #defaults()}.
 * <p>
 * NOTE: heartbeats are driven by MINA's idle detection, which counts in whole seconds and checks
 * about once a second, so the heartbeat interval and timeout are rounded up to whole seconds
 * ({@link #heartbeatIntervalSeconds()}, {@link #heartbeatTimeoutSeconds()}). A silent peer is
 * pinged after the interval and declared lost after the interval plus the timeout.
 */
public final class ProtocolConfig {

    /** The protocol version this build speaks. */
    public static final int CURRENT_PROTOCOL_VERSION = 1;
    /** 16 MiB: large enough for a re-registering agent with thousands of tasks. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final int protocolVersion;
    private final int maxFrameBytes;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final Duration connectTimeout;

    private ProtocolConfig(Builder b) {
        this.protocolVersion = b.protocolVersion;
        this.maxFrameBytes = b.maxFrameBytes;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.connectTimeout = b.connectTimeout;
    }

    public static ProtocolConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .protocolVersion(protocolVersion)
                .maxFrameBytes(maxFrameBytes)
                .heartbeatInterval(heartbeatInterval)
                .heartbeatTimeout(heartbeatTimeout)
                .connectTimeout(connectTimeout);
    }

    /** The version sent in {@code Hello} and {@code Welcome}; peers must speak the same one. */
    public int protocolVersion() {
        return protocolVersion;
    }

    /** The largest Envelope (without the 4-byte length) accepted or sent. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Idle time after which a {@code Ping} is sent. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** How long after a {@code Ping} a still silent peer is declared lost. */
    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    /** The limit for a TCP connect plus the handshake, in {@link ProtocolClient#connect}. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The heartbeat interval rounded up to whole seconds, as the transport applies it. */
    public int heartbeatIntervalSeconds() {
        return ceilSeconds(heartbeatInterval);
    }

    /** The heartbeat timeout rounded up to whole seconds, as the transport applies it. */
    public int heartbeatTimeoutSeconds() {
        return ceilSeconds(heartbeatTimeout);
    }

    private static int ceilSeconds(Duration d) {
        long millis = d.toMillis();
        return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProtocolConfig)) {
            return false;
        }
        ProtocolConfig that = (ProtocolConfig) o;
        return protocolVersion == that.protocolVersion
                && maxFrameBytes == that.maxFrameBytes
                && heartbeatInterval.equals(that.heartbeatInterval)
                && heartbeatTimeout.equals(that.heartbeatTimeout)
                && connectTimeout.equals(that.connectTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocolVersion, maxFrameBytes, heartbeatInterval, heartbeatTimeout, connectTimeout);
    }

    @Override
    public String toString() {
        return "ProtocolConfig{version=" + protocolVersion
                + ", maxFrameBytes=" + maxFrameBytes
                + ", heartbeatInterval=" + heartbeatInterval
                + ", heartbeatTimeout=" + heartbeatTimeout
                + ", connectTimeout=" + connectTimeout + '}';
    }

    /** Builds a {@link ProtocolConfig}; every value starts at its default. */
    public static final class Builder {
        private int protocolVersion = CURRENT_PROTOCOL_VERSION;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private Builder() {
        }

        public Builder protocolVersion(int version) {
            if (version < 1) {
                throw new IllegalArgumentException("protocol version must be 1 or more, was " + version);
            }
            this.protocolVersion = version;
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            if (bytes < 64) {
                throw new IllegalArgumentException(
                        "maxFrameBytes must be at least 64 bytes to carry a Hello, was " + bytes);
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = atLeastOneSecond("heartbeatInterval", interval);
            return this;
        }

        public Builder heartbeatTimeout(Duration timeout) {
            this.heartbeatTimeout = atLeastOneSecond("heartbeatTimeout", timeout);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "connectTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive, was " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        public ProtocolConfig build() {
            return new ProtocolConfig(this);
        }

        private static Duration atLeastOneSecond(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(name + " must be at least 1 s (heartbeats are checked"
                        + " once a second), was " + d);
            }
            return d;
        }
    }
}
