package org.allot.spi.isolation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.allot.api.Resources;
import org.allot.api.TaskStatus;
import org.junit.Test;

public class IsolationTypesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static void assertMessage(org.junit.function.ThrowingRunnable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue("message '" + e.getMessage() + "' should contain " + fragment, e.getMessage().contains(fragment));
    }

    @Test
    public void containerIdIsSafeAsAFileName() {
        assertEquals("c-1", ContainerId.of("c-1").toString());
        assertMessage(() -> ContainerId.of(""), "''");
        assertMessage(() -> ContainerId.of("a/b"), "'a/b'");
        assertMessage(() -> ContainerId.of(".."), "'..'");
        assertMessage(() -> ContainerId.of("a b"), "'a b'");
    }

    @Test
    public void launchDecorationIsCopiedAndValidated() {
        assertEquals(List.of(), ContainerLaunch.none().argvPrefix());
        Map<String, String> env = new HashMap<>(Map.of("CGROUP", "/allot/c-1"));
        ContainerLaunch l = new ContainerLaunch(List.of("setsid", "--"), env);
        env.put("OTHER", "x");
        assertEquals(Map.of("CGROUP", "/allot/c-1"), l.environment());
        assertMessage(() -> new ContainerLaunch(List.of(""), Map.of()), "argv prefix");
        assertMessage(() -> new ContainerLaunch(List.of(), Map.of("A=B", "c")), "'A=B=c'");
    }

    @Test
    public void usageMustBeNonNegative() {
        assertEquals(1024, new ResourceUsage(1.5, 0.25, 1024, T0).rssBytes());
        assertMessage(() -> new ResourceUsage(-1, 0, 0, T0), "user=-1.0");
        assertMessage(() -> new ResourceUsage(0, Double.NaN, 0, T0), "system=NaN");
        assertMessage(() -> new ResourceUsage(0, 0, -1, T0), "rss -1");
    }

    @Test
    public void limitationAndStateValidation() {
        assertMessage(() -> new ContainerLimitation(Resources.parse("mem:128"), " ",
                TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY), "message");
        assertMessage(() -> new ContainerState(ContainerId.of("c-1"), 0, Path.of("/tmp"), Resources.empty()),
                "pid 0");
    }

    @Test
    public void optionalIsolatorMethodsDefaultToNothing() {
        Isolator isolator = new Isolator() {
            public String name() {
                return "test";
            }

            public ContainerLaunch prepare(ContainerId id, ContainerConfig config) {
                return ContainerLaunch.none();
            }

            public ResourceUsage usage(ContainerId id) {
                return new ResourceUsage(0, 0, 0, T0);
            }

            public void cleanup(ContainerId id) {
            }

            public void recover(List<ContainerState> existing) {
            }
        };
        ContainerId id = ContainerId.of("c-1");
        isolator.isolate(id, 42);
        isolator.update(id, Resources.parse("cpus:1"));
        assertEquals(Optional.empty(), isolator.limitation(id));
    }
}
