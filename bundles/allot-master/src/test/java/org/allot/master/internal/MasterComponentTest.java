package org.allot.master.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

import org.allot.protocol.loop.ManualEventLoop;
import org.junit.After;
import org.junit.Test;

/**
 * The DS wrapper without OSGi: its masters run on manual event loops (the server binds
 * 127.0.0.1 on a free port), so a test sees which loops are alive and what the master does.
 */
public class MasterComponentTest {

    private final List<ManualEventLoop> loops = new ArrayList<>();
    private final MasterComponent component = new MasterComponent(() -> {
        ManualEventLoop l = new ManualEventLoop(Harness.START);
        loops.add(l);
        return l;
    });

    @After
    public void tearDown() {
        component.deactivate();
    }

    private void activate(MasterComponent.Config c) {
        component.activate(c, java.util.Map.of());
    }

    private void modified(MasterComponent.Config c) {
        component.modified(c, java.util.Map.of());
    }

    @Test
    public void deactivateShutsTheMastersEventLoopDown() {
        activate(config("127.0.0.1"));
        assertEquals(1, loops.size());
        assertFalse(loops.get(0).isShutdown());

        component.deactivate();
        assertTrue("the master's loop (its thread in production) outlives the component", loops.get(0).isShutdown());
    }

    @Test
    public void aNewMasterAfterAnAddressChangeShutsTheOldLoopDown() {
        activate(config("127.0.0.1"));
        modified(config("localhost"));
        assertEquals(2, loops.size());
        assertTrue(loops.get(0).isShutdown());
        assertFalse(loops.get(1).isShutdown());
    }

    @Test
    public void theOperatorsChoiceOutlivesTheConfiguredAllocator() {
        FirstFitAllocator drf = new FirstFitAllocator("drf");
        FirstFitAllocator priority = new FirstFitAllocator("priority");
        component.addAllocator(drf, service("drf", 1, 10));
        component.addAllocator(priority, service("priority", 2, 0));
        activate(config("127.0.0.1"));
        assertEquals("drf", component.activeAllocator());
        component.useAllocator("priority");
        assertEquals("priority", component.activeAllocator());

        component.removeAllocator(drf);
        assertEquals("priority", component.activeAllocator());
        assertEquals(List.of("priority"), component.allocators());
    }

    @Test
    public void whenTheActiveAllocatorGoesAwayAnotherAvailableOneTakesOver() {
        FirstFitAllocator drf = new FirstFitAllocator("drf");
        FirstFitAllocator priority = new FirstFitAllocator("priority");
        activate(config("127.0.0.1", -1, "(allocator.name=drf)"));
        component.addAllocator(drf, service("drf", 1, 0));
        component.addAllocator(priority, service("priority", 2, 0));
        assertEquals("drf", component.activeAllocator());

        component.removeAllocator(drf); // no other service matches the target
        assertEquals("priority", component.activeAllocator());
        assertTrue(drf.paused);
    }

    @Test
    public void whenTheLastAllocatorGoesAwayTheMasterHasNone() {
        FirstFitAllocator drf = new FirstFitAllocator("drf");
        activate(config("127.0.0.1"));
        component.addAllocator(drf, service("drf", 1, 0));
        component.removeAllocator(drf);
        assertEquals("", component.activeAllocator());
    }

    /** The reported bug: allocator.target still names a drop-in that was removed. */
    @Test
    public void drfIsActiveAgainAfterItsBundleRestartsWhileTheTargetNamesAMissingDropIn() {
        activate(config("127.0.0.1", -1, "(allocator.name=dropin)"));
        FirstFitAllocator drf = new FirstFitAllocator("drf");
        component.addAllocator(drf, service("drf", 1, 0));
        assertEquals("drf", component.activeAllocator());

        FirstFitAllocator dropin = new FirstFitAllocator("dropin");
        component.addAllocator(dropin, service("dropin", 2, -10));
        assertEquals("the target wins though ranked lower", "dropin", component.activeAllocator());
        component.removeAllocator(dropin);
        assertEquals("drf", component.activeAllocator());

        // bundle:restart allot-allocator-drf: the service goes, a new instance comes.
        component.removeAllocator(drf);
        assertEquals("", component.activeAllocator());
        component.addAllocator(new FirstFitAllocator("drf"), service("drf", 3, 0));
        assertEquals("drf", component.activeAllocator());
    }

    /** The same bug at start: a master whose configured target matches nothing uses what there is. */
    @Test
    public void aMasterStartingWithATargetThatMatchesNothingUsesTheAllocatorThatIsThere() {
        component.addAllocator(new FirstFitAllocator("drf"), service("drf", 1, 0));
        activate(config("127.0.0.1", -1, "(allocator.name=dropin)"));
        assertEquals("drf", component.activeAllocator());
    }

    @Test
    public void aChangedTargetSwitchesAtOnceAndAnInvalidOneFallsBack() {
        component.addAllocator(new FirstFitAllocator("drf"), service("drf", 1, 10));
        component.addAllocator(new FirstFitAllocator("priority"), service("priority", 2, 0));
        activate(config("127.0.0.1"));
        assertEquals("drf", component.activeAllocator());
        modified(config("127.0.0.1", -1, "(allocator.name=priority)"));
        assertEquals("priority", component.activeAllocator());
        modified(config("127.0.0.1", -1, "(allocator.name=priority"));
        assertEquals("an unparsable target matches nothing; the active one stays", "priority",
                component.activeAllocator());
    }

    /** Keeps what the component saves, as Config Admin would, for the next activation. */
    static final class MapStore implements SettingsStore {
        final java.util.Map<String, Object> properties = new java.util.TreeMap<>();
        int saves;

        @Override
        public void save(java.util.Map<String, String> set, java.util.Set<String> remove) {
            saves++;
            properties.putAll(set);
            remove.forEach(properties::remove);
        }
    }

    private static org.allot.api.operator.RoleView role(MasterComponent c, String name) {
        return c.roles().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no role " + name + " in " + c.roles()));
    }

    @Test
    public void operatorChangesAreSavedAndSurviveARestart() {
        MapStore store = new MapStore();
        component.setStore(store);
        component.addAllocator(new FirstFitAllocator("drf"), service("drf", 1, 10));
        component.addAllocator(new FirstFitAllocator("priority"), service("priority", 2, 0));
        activate(config("127.0.0.1"));
        component.setWeight("batch", 2.5);
        component.setPriority("prod", 10);
        component.setPriority("prod.eu", -1);
        component.useAllocator("priority");
        assertEquals(java.util.Map.of("role.batch.weight", "2.5", "role.prod.priority", "10",
                "role.prod.eu.priority", "-1", "allocator.use", "priority"), store.properties);

        // Config Admin hands the saved configuration back: nothing changes.
        component.modified(config("127.0.0.1", -1, MasterComponent.ANY_ALLOCATOR, "priority"), store.properties);
        assertEquals(2.5, role(component, "batch").weight(), 0);
        assertEquals("priority", component.activeAllocator());
        component.deactivate();

        // A restart: a new component, the allocators bound again, the saved keys (and a guarantee set in the file).
        MasterComponent restarted = new MasterComponent(() -> {
            ManualEventLoop l = new ManualEventLoop(Harness.START);
            loops.add(l);
            return l;
        });
        try {
            restarted.addAllocator(new FirstFitAllocator("drf"), service("drf", 3, 10));
            restarted.addAllocator(new FirstFitAllocator("priority"), service("priority", 4, 0));
            java.util.Map<String, Object> saved = new java.util.TreeMap<>(store.properties);
            saved.put("role.prod.guarantee", "cpus:8;mem:16384");
            restarted.activate(config("127.0.0.1", -1, MasterComponent.ANY_ALLOCATOR,
                    (String) saved.get("allocator.use")), saved);
            assertEquals("the operator's choice, though drf ranks higher", "priority", restarted.activeAllocator());
            assertEquals(2.5, role(restarted, "batch").weight(), 0);
            assertEquals(10, role(restarted, "prod").priority());
            assertEquals(-1, role(restarted, "prod.eu").priority());
            assertEquals("restored at start, before any agent registered",
                    java.util.Optional.of(org.allot.api.Resources.parse("cpus:8;mem:16384")),
                    role(restarted, "prod").guarantee());

            // The file changes: the guarantee goes, the weight changes back to the default.
            saved.remove("role.prod.guarantee");
            saved.remove("role.batch.weight");
            restarted.modified(config("127.0.0.1", -1, MasterComponent.ANY_ALLOCATOR, "priority"), saved);
            assertEquals(java.util.Optional.empty(), role(restarted, "prod").guarantee());
            assertEquals(1.0, role(restarted, "batch").weight(), 0);
        } finally {
            restarted.deactivate();
        }
    }

    @Test
    public void aRefusedChangeIsNotSaved() {
        MapStore store = new MapStore();
        component.setStore(store);
        activate(config("127.0.0.1"));
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> component.setGuarantee("prod", org.allot.api.Resources.parse("cpus:8")));
        assertTrue(e.getMessage(), e.getMessage().contains("cpus"));
        org.junit.Assert.assertThrows(IllegalArgumentException.class, () -> component.setWeight("prod", 0));
        org.junit.Assert.assertThrows(IllegalArgumentException.class, () -> component.useAllocator("fair"));
        assertEquals(0, store.saves);
    }

    @Test
    public void theStatusSaysWhyNoAllocatorIsActive() {
        activate(config("127.0.0.1"));
        org.allot.api.operator.AllocatorStatus status = component.allocatorStatus();
        assertEquals(java.util.Optional.empty(), status.active());
        assertEquals(AllocatorChoice.NONE_AVAILABLE, status.reason());
        FirstFitAllocator drf = new FirstFitAllocator("drf");
        component.addAllocator(drf, service("drf", 1, 0));
        assertEquals(java.util.Optional.of("drf"), component.allocatorStatus().active());
        component.removeAllocator(drf);
        assertTrue(component.allocatorStatus().reason(),
                component.allocatorStatus().reason().startsWith("no allocator is available"));
    }

    /** The properties DS hands over with an allocator service. */
    private static java.util.Map<String, Object> service(String name, long id, int ranking) {
        return java.util.Map.of("allocator.name", name, "service.id", id, "service.ranking", ranking,
                "objectClass", new String[] {"org.allot.spi.allocation.Allocator"});
    }

    @Test
    public void theReregisterTimeoutDefaultsToThePingTimeout() {
        assertEquals(java.time.Duration.ofSeconds(15),
                MasterComponent.toMasterConfig(config("127.0.0.1")).agentReregisterTimeout());
        assertEquals(java.time.Duration.ofSeconds(40),
                MasterComponent.toMasterConfig(config("127.0.0.1", 40_000)).agentReregisterTimeout());
    }

    /** The metatype defaults, on a free port of {@code host}. */
    static MasterComponent.Config config(String host) {
        return config(host, -1);
    }

    static MasterComponent.Config config(String host, long reregisterTimeoutMs) {
        return config(host, reregisterTimeoutMs, MasterComponent.ANY_ALLOCATOR);
    }

    static MasterComponent.Config config(String host, long reregisterTimeoutMs, String allocatorTarget) {
        return config(host, reregisterTimeoutMs, allocatorTarget, "");
    }

    static MasterComponent.Config config(String host, long reregisterTimeoutMs, String allocatorTarget,
                                         String allocatorUse) {
        return new MasterComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MasterComponent.Config.class;
            }

            @Override
            public String host() {
                return host;
            }

            @Override
            public int port() {
                return 0;
            }

            @Override
            public long allocation_interval_ms() {
                return 1000;
            }

            @Override
            public long offer_timeout_ms() {
                return 30_000;
            }

            @Override
            public long default_refuse_ms() {
                return 5000;
            }

            @Override
            public long agent_ping_interval_ms() {
                return 5000;
            }

            @Override
            public long agent_ping_timeout_ms() {
                return 15_000;
            }

            @Override
            public long agent_reregister_timeout_ms() {
                return reregisterTimeoutMs;
            }

            @Override
            public int max_frame_bytes() {
                return MasterConfig.DEFAULT_MAX_FRAME_BYTES;
            }

            @Override
            public String allocator_target() {
                return allocatorTarget;
            }

            @Override
            public String allocator_use() {
                return allocatorUse;
            }

            @Override
            public long revocation_delay_ms() {
                return 30_000;
            }

            @Override
            public long revocation_notice_ms() {
                return 5_000;
            }

            @Override
            public String zk() {
                return "";
            }

            @Override
            public long zk_session_timeout_ms() {
                return 10_000;
            }

            @Override
            public long recovery_window_ms() {
                return -1;
            }
        };
    }
}
