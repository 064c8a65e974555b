package org.allot.agent.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The DS component: isolation changes apply to the running core; other changes restart it. */
public class AgentComponentTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final AgentComponent component = new AgentComponent();
    private final FakeIsolation fakes = new FakeIsolation();

    @After
    public void deactivate() {
        component.deactivate();
    }

    /** Metatype defaults on a free port and a temporary work dir, with {@code overrides} by method name. */
    private AgentComponent.Config config(Path workDir, Map<String, Object> overrides) {
        return (AgentComponent.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AgentComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return AgentComponent.Config.class;
                    }
                    if (method.getName().equals("port")) {
                        return 0;
                    }
                    if (method.getName().equals("host")) {
                        return "127.0.0.1";
                    }
                    if (method.getName().equals("work__dir")) {
                        return workDir.toString();
                    }
                    return overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    @Test
    public void anIsolationChangeAppliesToTheRunningCoreAndAnyOtherChangeRestartsIt() throws Exception {
        Path work = tmp.newFolder("work").toPath();
        component.bindLauncher(fakes.new FakeLauncher("posix"));
        component.bindIsolator(fakes.new FakeIsolator("posix"));
        component.activate(config(work, Map.of()), null); // no OSGi framework: no AgentOperator registration
        Agent first = component.agent();
        assertEquals(Isolation.posix(), first.isolation());

        component.modified(config(work, Map.of("isolation", "cgroups/mem,posix")));

        assertSame("no restart for an isolation change", first, component.agent());
        assertEquals(Isolation.of("posix", "cgroups/mem,posix"), first.isolation());

        component.modified(config(work, Map.of("isolation", "cgroups/mem,posix", "kill__grace", "7s")));

        assertNotSame("another key restarts the core", first, component.agent());
        assertEquals(Isolation.of("posix", "cgroups/mem,posix"), component.agent().isolation());
    }
}
