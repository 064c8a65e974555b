package org.allot.agent.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

/**
 * The launcher's key mapping against the component's metatype: every key of PID
 * {@code org.allot.agent} is accepted and means what it means in {@link AgentComponent}.
 */
public class AgentSettingsTest {

    /** A value other than the default for every metatype key; a new key fails the test until it has one. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("master", "10.0.0.5:6050"),
            Map.entry("host", "0.0.0.0"),
            Map.entry("port", "6051"),
            Map.entry("hostname", "node-7"),
            Map.entry("resources", "cpus:2;mem:512"),
            Map.entry("attributes", "rack:r9"),
            Map.entry("work_dir", "/tmp/allot-agent-sample"),
            Map.entry("kill_grace", "7s"),
            Map.entry("status_retry_interval", "3s"),
            Map.entry("status_retry_max", "20s"),
            Map.entry("reconnect_backoff_max", "30s"),
            Map.entry("mem_reserve", "128"),
            Map.entry("disk_reserve", "256"),
            Map.entry("heartbeat_interval", "4s"),
            Map.entry("heartbeat_timeout", "12s"),
            Map.entry("zk_session_timeout", "4s"),
            Map.entry("isolation", "cgroups/cpu,posix"), Map.entry("launcher", "cgroups"));

    /** The property name of a metatype method, by the OSGi rule: {@code __} is {@code _}, {@code _} is {@code .}. */
    static String key(Method m) {
        return m.getName().replace("__", "\0").replace('_', '.').replace('\0', '_');
    }

    private static List<Method> metatype() {
        return List.of(AgentComponent.Config.class.getDeclaredMethods());
    }

    @Test
    public void everyMetatypeKeyIsAcceptedAndNoOtherKey() {
        Set<String> metatype = new TreeSet<>();
        metatype().forEach(m -> metatype.add(key(m)));
        assertEquals(metatype, AgentSettings.keys());
    }

    @Test
    public void everyKeyMeansWhatTheComponentMakesOfIt() {
        List<String> wrong = new ArrayList<>();
        String defaults = describe(AgentConfig.fromMap(AgentComponent.toMap(config(null, null))));
        for (Method m : metatype()) {
            String key = key(m);
            String sample = SAMPLES.get(key);
            if (sample == null) {
                wrong.add(key + ": no sample value in this test; add one");
                continue;
            }
            String viaLauncher = describe(AgentSettings.fromProperties(Map.of(key, sample)));
            String viaComponent = describe(AgentConfig.fromMap(AgentComponent.toMap(config(m, sample))));
            if (!viaLauncher.equals(viaComponent)) {
                wrong.add(key + ": launcher " + viaLauncher + " but component " + viaComponent);
            }
            if (!AgentSettings.SERVICE_KEYS.contains(key) && viaLauncher.equals(defaults)) {
                wrong.add(key + "=" + sample + " changed nothing");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    public void anUnknownKeyIsNamedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentSettings.fromProperties(Map.of("work.dir", "/tmp/x")));
        assertTrue(e.getMessage(), e.getMessage().startsWith("unknown agent setting 'work.dir'; valid keys (as in"
                + " PID org.allot.agent): attributes, disk_reserve, "));
        assertTrue(e.getMessage(), e.getMessage().contains("work_dir"));
    }

    @Test
    public void aZooKeeperMasterIsFollowedThroughItsDetector() {
        AgentConfig c = AgentSettings.fromProperties(Map.of("master", "zk://127.0.0.1:2181,127.0.0.2:2181/allot"));
        assertEquals("zk://127.0.0.1:2181,127.0.0.2:2181/allot", c.masterSetting());
        assertEquals("/allot", c.zk().orElseThrow().path());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentSettings.fromProperties(Map.of("master", "zk://127.0.0.1:2181")));
        assertTrue(e.getMessage(), e.getMessage().contains("zk://host:port[,host:port...]/path"));
    }

    @Test
    public void aBadValueIsNamedWithItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentSettings.fromProperties(Map.of("port", "fifty")));
        assertEquals("invalid port 'fifty': expected a whole number", e.getMessage());
    }

    /** Every setting of {@code c}; AgentConfig has no equals. */
    private static String describe(AgentConfig c) {
        return String.join("|", c.masterSetting(), c.zkSessionTimeout().toString(), c.host(), Integer.toString(c.port()),
                c.hostname().orElse("-"), c.resources().map(Object::toString).orElse("-"), c.attributes().toString(),
                c.workDir().toString(), c.killGrace().toString(), c.statusRetryInterval().toString(),
                c.statusRetryMax().toString(), c.reconnectMax().toString(), Long.toString(c.memReserveMb()),
                Long.toString(c.diskReserveMb()), c.protocol().toString(), c.isolation().format());
    }

    /** The metatype defaults, with {@code override} (if not null) returning {@code sample}. */
    private static AgentComponent.Config config(Method override, String sample) {
        return (AgentComponent.Config) Proxy.newProxyInstance(AgentSettingsTest.class.getClassLoader(),
                new Class<?>[] {AgentComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return AgentComponent.Config.class;
                    }
                    if (method.equals(override)) {
                        Class<?> t = method.getReturnType();
                        return t == int.class ? Integer.valueOf(sample) : t == long.class ? Long.valueOf(sample)
                                : sample;
                    }
                    return method.getDefaultValue();
                });
    }
}
