package org.allot.master.internal;

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
 * {@code org.allot.master} is accepted and means what it means in {@link MasterComponent}.
 */
public class MasterSettingsTest {

    /** A value other than the default for every metatype key; a new key fails the test until it has one. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("host", "10.1.2.3"),
            Map.entry("port", "6060"),
            Map.entry("allocation.interval.ms", "2500"),
            Map.entry("offer.timeout.ms", "45000"),
            Map.entry("default.refuse.ms", "7000"),
            Map.entry("agent.ping.interval.ms", "3000"),
            Map.entry("agent.ping.timeout.ms", "9000"),
            Map.entry("agent.reregister.timeout.ms", "40000"),
            Map.entry("max.frame.bytes", "2048"),
            Map.entry("allocator.target", "(allocator.name=drf)"),
            Map.entry("allocator.use", "priority"),
            Map.entry("revocation.delay.ms", "2000"),
            Map.entry("revocation.notice.ms", "500"),
            Map.entry("zk", "zk://127.0.0.1:2181/allot"),
            Map.entry("zk.session.timeout.ms", "4000"),
            Map.entry("recovery.window.ms", "6000"));

    /** The property name of a metatype method, by the OSGi rule: {@code __} is {@code _}, {@code _} is {@code .}. */
    static String key(Method m) {
        return m.getName().replace("__", "\0").replace('_', '.').replace('\0', '_');
    }

    private static List<Method> metatype() {
        List<Method> methods = new ArrayList<>();
        for (Method m : MasterComponent.Config.class.getDeclaredMethods()) {
            methods.add(m);
        }
        return methods;
    }

    @Test
    public void everyMetatypeKeyIsAcceptedAndNoOtherKey() {
        Set<String> metatype = new TreeSet<>();
        metatype().forEach(m -> metatype.add(key(m)));
        assertEquals(metatype, MasterSettings.keys());
    }

    @Test
    public void everyKeyMeansWhatTheComponentMakesOfIt() {
        List<String> wrong = new ArrayList<>();
        MasterConfig defaults = MasterComponent.toMasterConfig(config(null, null));
        for (Method m : metatype()) {
            String key = key(m);
            String sample = SAMPLES.get(key);
            if (sample == null) {
                wrong.add(key + ": no sample value in this test; add one");
                continue;
            }
            MasterConfig viaLauncher = MasterSettings.fromProperties(Map.of(key, sample));
            MasterConfig viaComponent = MasterComponent.toMasterConfig(config(m, sample));
            if (!viaLauncher.equals(viaComponent)) {
                wrong.add(key + ": launcher " + viaLauncher + " but component " + viaComponent);
            }
            if (!MasterSettings.SERVICE_KEYS.contains(key) && viaLauncher.equals(defaults)) {
                wrong.add(key + "=" + sample + " changed nothing");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    public void noPropertiesGiveTheComponentDefaults() {
        assertEquals(MasterComponent.toMasterConfig(config(null, null)), MasterSettings.fromProperties(Map.of()));
    }

    @Test
    public void anUnknownKeyIsNamedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MasterSettings.fromProperties(Map.of("offer.timeout", "30")));
        assertTrue(e.getMessage(), e.getMessage().startsWith("unknown master setting 'offer.timeout'; valid keys"
                + " (as in PID org.allot.master): agent.ping.interval.ms, "));
        assertTrue(e.getMessage(), e.getMessage().contains("offer.timeout.ms"));
    }

    @Test
    public void aBadValueIsNamedWithItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MasterSettings.fromProperties(Map.of("offer.timeout.ms", "30s")));
        assertEquals("invalid master setting offer.timeout.ms=30s: '30s' is not a whole number of milliseconds",
                e.getMessage());
        assertEquals("0 follows the ping timeout, as in the component", MasterConfig.DEFAULT_HEARTBEAT_TIMEOUT,
                MasterSettings.fromProperties(Map.of("agent.reregister.timeout.ms", "0")).agentReregisterTimeout());
    }

    /** The metatype defaults, with {@code override} (if not null) returning {@code sample}. */
    private static MasterComponent.Config config(Method override, String sample) {
        return (MasterComponent.Config) Proxy.newProxyInstance(MasterSettingsTest.class.getClassLoader(),
                new Class<?>[] {MasterComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return MasterComponent.Config.class;
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
