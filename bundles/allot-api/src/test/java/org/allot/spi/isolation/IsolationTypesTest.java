package org.allot.spi.isolation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    public void usageMustBeNonNegativeOrNotMeasured() {
        ResourceUsage u = new ResourceUsage(T0, 1.5, 0.25, 0, 1024, 2048, 3);
        assertEquals(1024, u.memRssBytes());
        assertMessage(() -> new ResourceUsage(T0, -2, 0, 0, 0, 0, 0), "cpuUserSeconds -2.0");
        assertMessage(() -> new ResourceUsage(T0, 0, Double.NaN, 0, 0, 0, 0), "cpuSystemSeconds NaN");
        assertMessage(() -> new ResourceUsage(T0, 0, 0, Double.POSITIVE_INFINITY, 0, 0, 0), "cpuThrottledSeconds");
        assertMessage(() -> new ResourceUsage(T0, 0, 0, 0, -5, 0, 0), "memRssBytes -5");
        assertEquals(ResourceUsage.NOT_MEASURED, ResourceUsage.none(T0).processes());
    }

    @Test
    public void usageMergeTakesTheFirstMeasuredValuePerField() {
        ResourceUsage cpu = new ResourceUsage(T0, 2, 1, 0.5, -1, -1, -1);
        ResourceUsage mem = new ResourceUsage(T0.plusSeconds(1), 9, 9, -1, 4096, 8192, -1);
        ResourceUsage posix = new ResourceUsage(T0, 7, 7, -1, 1, 1, 12);
        ResourceUsage merged = cpu.merge(mem).merge(posix);
        assertEquals(new ResourceUsage(T0.plusSeconds(1), 2, 1, 0.5, 4096, 8192, 12), merged);
    }

    @Test
    public void limitationAndStateValidation() {
        assertMessage(() -> new ContainerLimitation(TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY,
                Resources.parse("mem:128"), Resources.empty(), " "), "message");
        assertMessage(() -> new ContainerState(ContainerId.of("c-1"), 0, Path.of("/tmp"), Resources.empty()),
                "pid 0");
    }

    @Test
    public void exitStatusIsAShellStatusOrUnknownWithAReason() {
        assertEquals(137, ContainerExit.exited(137).status().getAsInt());
        assertTrue(ContainerExit.unknown("no record").status().isEmpty());
        assertMessage(() -> ContainerExit.exited(-1), "exit status -1");
        assertMessage(() -> ContainerExit.unknown(" "), "detail");
    }

    @Test
    public void launchRequestNeedsAProgram() {
        Path d = Path.of("/tmp");
        assertMessage(() -> new LaunchRequest(List.of(), Map.of(), d, d, d, d), "argv is empty");
    }

    @Test
    public void optionalIsolatorMethodsDefaultToNothing() throws Exception {
        Isolator isolator = () -> "test";
        ContainerId id = ContainerId.of("c-1");
        ContainerConfig config = new ContainerConfig(Resources.parse("cpus:1"), Path.of("/tmp"), "nobody",
                org.allot.api.CommandInfo.shell("true"));
        assertEquals(ContainerLaunch.none(), isolator.prepare(id, config).toCompletableFuture().get());
        isolator.isolate(id, 42).toCompletableFuture().get();
        isolator.update(id, Resources.parse("cpus:1")).toCompletableFuture().get();
        assertEquals(ResourceUsage.NOT_MEASURED, isolator.usage(id).toCompletableFuture().get().memRssBytes());
        assertFalse(isolator.watch(id).toCompletableFuture().isDone());
        isolator.cleanup(id).toCompletableFuture().get();
        isolator.recover(List.of(), java.util.Set.of()).toCompletableFuture().get();
    }
}
