package org.allot.master.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.allot.election.ZooKeeperUrl;

/**
 * How a master is elected: standalone (no {@code zk}, it leads as soon as it starts) or contending
 * at {@code zk://host:port[,host:port...]/path} with a ZooKeeper session of {@code sessionTimeout}.
 * {@code recoveryWindow} is how long a newly elected master waits for the agents the roster names to
 * re-register before it makes offers; null follows the agent re-register timeout. Immutable.
 */
public record ElectionConfig(Optional<ZooKeeperUrl> zk, Duration sessionTimeout, Duration recoveryWindow) {

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    public static final ElectionConfig STANDALONE = new ElectionConfig(Optional.empty(), DEFAULT_SESSION_TIMEOUT, null);

    public ElectionConfig {
        Objects.requireNonNull(zk, "zk");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        if (sessionTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("invalid ZooKeeper session timeout " + sessionTimeout
                    + ": use at least 1 s (ZooKeeper bounds it to 2..20 ticks of the server)");
        }
        if (recoveryWindow != null && (recoveryWindow.isNegative() || recoveryWindow.isZero())) {
            throw new IllegalArgumentException("invalid recovery window " + recoveryWindow + ": it must be positive");
        }
    }

    /** From the settings' text: empty {@code zk} is standalone; 0 or less for the window follows the re-register timeout. */
    static ElectionConfig of(String zk, long sessionTimeoutMs, long recoveryWindowMs) {
        return new ElectionConfig(zk == null || zk.isBlank() ? Optional.empty()
                : Optional.of(ZooKeeperUrl.parse("zk", zk)), Duration.ofMillis(sessionTimeoutMs),
                recoveryWindowMs > 0 ? Duration.ofMillis(recoveryWindowMs) : null);
    }

    /** With {@code zk} set from text (empty: standalone). */
    ElectionConfig withZk(String text) {
        return of(text, sessionTimeout.toMillis(), recoveryWindow == null ? -1 : recoveryWindow.toMillis());
    }

    ElectionConfig withSessionTimeout(Duration d) {
        return new ElectionConfig(zk, d, recoveryWindow);
    }

    ElectionConfig withRecoveryWindow(Duration d) {
        return new ElectionConfig(zk, sessionTimeout, d == null || d.isNegative() || d.isZero() ? null : d);
    }

    /** The window in force, given the agent re-register timeout it defaults to. */
    Duration recoveryWindow(Duration agentReregisterTimeout) {
        return recoveryWindow != null ? recoveryWindow : agentReregisterTimeout;
    }
}
