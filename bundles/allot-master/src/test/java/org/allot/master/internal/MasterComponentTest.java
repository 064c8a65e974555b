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

    @Test
    public void deactivateShutsTheMastersEventLoopDown() {
        component.activate(config("127.0.0.1"));
        assertEquals(1, loops.size());
        assertFalse(loops.get(0).isShutdown());

        component.deactivate();
        assertTrue("the master's loop (its thread in production) outlives the component", loops.get(0).isShutdown());
    }

    @Test
    public void aNewMasterAfterAnAddressChangeShutsTheOldLoopDown() {
        component.activate(config("127.0.0.1"));
        component.modified(config("localhost"));
        assertEquals(2, loops.size());
        assertTrue(loops.get(0).isShutdown());
        assertFalse(loops.get(1).isShutdown());
    }

    @Test
    public void unbindingTheConfiguredAllocatorKeepsTheOneTheOperatorSwitchedTo() {
        FirstFitAllocator drf = new FirstFitAllocator("drf");
        FirstFitAllocator priority = new FirstFitAllocator("priority");
        component.activate(config("127.0.0.1"));
        component.bindAllocator(drf);
        component.addAllocator(drf);
        component.addAllocator(priority);
        component.useAllocator("priority");

        component.unbindAllocator(drf);
        assertEquals("priority", component.activeAllocator());
        component.removeAllocator(drf);
        assertEquals("priority", component.activeAllocator());
        assertEquals(List.of("priority"), component.allocators());
    }

    @Test
    public void whenTheActiveAllocatorGoesAwayAnotherAvailableOneTakesOver() {
        FirstFitAllocator drf = new FirstFitAllocator("drf");
        FirstFitAllocator priority = new FirstFitAllocator("priority");
        component.activate(config("127.0.0.1"));
        component.bindAllocator(drf);
        component.addAllocator(drf);
        component.addAllocator(priority);
        assertEquals("drf", component.activeAllocator());

        component.unbindAllocator(drf); // no other service matches the target
        assertEquals("priority", component.activeAllocator());
        component.removeAllocator(drf);
        assertEquals("priority", component.activeAllocator());
        assertTrue(drf.paused);
    }

    @Test
    public void whenTheLastAllocatorGoesAwayTheMasterHasNone() {
        FirstFitAllocator drf = new FirstFitAllocator("drf");
        component.activate(config("127.0.0.1"));
        component.bindAllocator(drf);
        component.addAllocator(drf);
        component.removeAllocator(drf);
        component.unbindAllocator(drf);
        assertEquals("", component.activeAllocator());
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
                return "(objectClass=org.allot.spi.allocation.Allocator)";
            }
        };
    }
}
