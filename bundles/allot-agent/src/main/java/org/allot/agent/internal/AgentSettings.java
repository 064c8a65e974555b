package org.allot.agent.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The agent's configuration keys outside OSGi: the same names as the properties of PID
 * {@code org.allot.agent} ({@link AgentComponent.Config}, e.g. {@code work_dir}), read from text, as a
 * launcher gets them from {@code --set key=value} or a properties file. Unknown keys are refused
 * rather than ignored, so a typo does not silently run with a default. Stateless.
 */
public final class AgentSettings {

    /** The keys {@link AgentConfig#fromMap} reads. */
    public static final Set<String> CONFIG_KEYS = Set.of("master", "host", "port", "hostname", "resources",
            "attributes", "work_dir", "kill_grace", "status_retry_interval", "status_retry_max",
            "reconnect_backoff_max", "mem_reserve", "disk_reserve", "heartbeat_interval", "heartbeat_timeout",
            "isolation", "launcher", "zk_session_timeout");

    /**
     * Keys that choose OSGi services rather than set a value (none since the isolation SPI 2.0:
     * {@code isolation} and {@code launcher} name services and are config keys); a launcher
     * without a service registry accepts them and has one built-in choice.
     */
    public static final Set<String> SERVICE_KEYS = Set.of();

    private AgentSettings() {
    }

    /** Every key {@link #fromProperties} accepts, sorted. */
    public static Set<String> keys() {
        Set<String> all = new TreeSet<>(CONFIG_KEYS);
        all.addAll(SERVICE_KEYS);
        return all;
    }

    /**
     * The configuration these properties give; absent keys keep their defaults, and
     * {@link #SERVICE_KEYS} are accepted and left to the caller.
     *
     * @throws IllegalArgumentException naming an unknown key (with the valid ones), or a key and its bad value
     */
    public static AgentConfig fromProperties(Map<String, String> properties) {
        for (String key : new TreeSet<>(properties.keySet())) {
            if (!CONFIG_KEYS.contains(key) && !SERVICE_KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown agent setting '" + key + "'; valid keys (as in PID "
                        + AgentComponent.PID + "): " + String.join(", ", keys()));
            }
        }
        return AgentConfig.fromMap(properties);
    }
}
