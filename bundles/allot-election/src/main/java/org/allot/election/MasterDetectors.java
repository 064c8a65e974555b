package org.allot.election;

import java.time.Duration;

import org.allot.protocol.link.MasterDetector;
import org.allot.protocol.link.StandaloneDetector;

/**
 * The detector a {@code master} setting names: {@code host:port} for a standalone master, or
 * {@code zk://host:port[,host:port...]/path} for an elected one. Stateless.
 */
public final class MasterDetectors {

    /** The ZooKeeper session timeout of detectors made without one. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

    private MasterDetectors() {
    }

    /**
     * A detector of {@code text} with {@link #DEFAULT_SESSION_TIMEOUT}.
     *
     * @throws IllegalArgumentException naming the value and both forms if it is neither
     */
    public static MasterDetector fromUrl(String text) {
        return fromUrl(text, DEFAULT_SESSION_TIMEOUT);
    }

    /**
     * A detector of {@code text}; a ZooKeeper one has its own session of {@code sessionTimeout}
     * and must be closed.
     *
     * @throws IllegalArgumentException naming the value and both forms if it is neither
     */
    public static MasterDetector fromUrl(String text, Duration sessionTimeout) {
        if (ZooKeeperUrl.isZooKeeper(text)) {
            return ZooKeeperDetector.start(ZooKeeperUrl.parse("master", text), sessionTimeout);
        }
        try {
            return StandaloneDetector.parse("master", text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", or zk://host:port[,host:port...]/path for an"
                    + " elected master", e);
        }
    }
}
