package org.allot.master.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The master's configuration keys outside OSGi: the same names as the properties of PID
 * {@code org.allot.master} ({@link MasterComponent.Config}, e.g. {@code offer.timeout.ms}), read from
 * text, as a launcher gets them from {@code --set key=value} or a properties file. Stateless.
 */
public final class MasterSettings {

    /**
     * Keys that choose OSGi services rather than set a value ({@code allocator.target}, and
     * {@code allocator.use}, the allocator chosen by name); a launcher without a service registry
     * accepts them and chooses among its built-in allocators.
     */
    public static final Set<String> SERVICE_KEYS = Set.of("allocator.target", "allocator.use");

    private static final Map<String, BiConsumer<MasterConfig.Builder, String>> SETTERS = setters();

    private MasterSettings() {
    }

    private static Map<String, BiConsumer<MasterConfig.Builder, String>> setters() {
        Map<String, BiConsumer<MasterConfig.Builder, String>> m = new LinkedHashMap<>();
        m.put("host", MasterConfig.Builder::host);
        m.put("port", (b, v) -> b.port(whole(v)));
        m.put("allocation.interval.ms", (b, v) -> b.allocationInterval(millis(v)));
        m.put("offer.timeout.ms", (b, v) -> b.offerTimeout(millis(v)));
        m.put("default.refuse.ms", (b, v) -> b.defaultRefuse(millis(v)));
        m.put("agent.ping.interval.ms", (b, v) -> b.heartbeatInterval(millis(v)));
        m.put("agent.ping.timeout.ms", (b, v) -> b.heartbeatTimeout(millis(v)));
        // As in MasterComponent: 0 or less follows the ping timeout.
        m.put("agent.reregister.timeout.ms", (b, v) -> {
            Duration d = millis(v);
            b.agentReregisterTimeout(d.isNegative() || d.isZero() ? null : d);
        });
        m.put("max.frame.bytes", (b, v) -> b.maxFrameBytes(whole(v)));
        m.put("revocation.delay.ms", (b, v) -> b.revocationDelay(millis(v)));
        m.put("revocation.notice.ms", (b, v) -> b.revocationNotice(millis(v)));
        // ha-election: as in MasterComponent.
        m.put("zk", (b, v) -> b.election(b.build().election().withZk(v)));
        m.put("zk.session.timeout.ms", (b, v) -> b.election(b.build().election().withSessionTimeout(millis(v))));
        m.put("recovery.window.ms", (b, v) -> b.election(b.build().election().withRecoveryWindow(millis(v))));
        return Map.copyOf(m);
    }

    /**
     * Every fixed key {@link #fromProperties} accepts, sorted; the role keys ({@link RoleConfig},
     * {@code role.<name>.weight|priority|guarantee}) come on top.
     */
    public static Set<String> keys() {
        Set<String> all = new TreeSet<>(SETTERS.keySet());
        all.addAll(SERVICE_KEYS);
        return all;
    }

    /**
     * The configuration these properties give; absent keys keep their defaults, and
     * {@link #SERVICE_KEYS} are accepted and left to the caller.
     *
     * @throws IllegalArgumentException naming an unknown key (with the valid ones), or a key and its bad value
     */
    public static MasterConfig fromProperties(Map<String, String> properties) {
        MasterConfig.Builder b = MasterConfig.builder();
        for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
            String key = e.getKey();
            if (SERVICE_KEYS.contains(key) || RoleConfig.isRoleKey(key)) {
                continue;
            }
            BiConsumer<MasterConfig.Builder, String> setter = SETTERS.get(key);
            if (setter == null) {
                throw new IllegalArgumentException("unknown master setting '" + key + "'; valid keys (as in PID"
                        + " org.allot.master): " + String.join(", ", keys()) + ", and role.<name>.weight,"
                        + " role.<name>.priority, role.<name>.guarantee");
            }
            String value = e.getValue() == null ? "" : e.getValue().strip();
            try {
                setter.accept(b, value);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("invalid master setting " + key + "=" + value + ": "
                        + ex.getMessage(), ex);
            }
        }
        return b.build();
    }

    /**
     * The role settings these properties give ({@code role.prod.guarantee=cpus:8;mem:16384}, ...);
     * other keys are ignored.
     *
     * @throws IllegalArgumentException naming the key and its bad value
     */
    public static RoleConfig roles(Map<String, String> properties) {
        return RoleConfig.fromProperties(properties);
    }

    private static int whole(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a whole number");
        }
    }

    private static Duration millis(String v) {
        try {
            return Duration.ofMillis(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a whole number of milliseconds");
        }
    }
}
