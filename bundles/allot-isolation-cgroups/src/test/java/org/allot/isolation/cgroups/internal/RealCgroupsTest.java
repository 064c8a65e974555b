package org.allot.isolation.cgroups.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.allot.api.Resources;
import org.allot.api.TaskStatus;
import org.allot.isolation.cgroups.internal.kernel.Cgroup;
import org.allot.isolation.cgroups.internal.kernel.PidsUsage;
import org.allot.spi.isolation.ContainerExit;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLimitation;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.ResourceUsage;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The cgroups isolators and launcher on this host's real kernel (v1 controllers here; whatever
 * {@code auto} finds elsewhere). Skipped, saying why, where cgroups cannot be written.
 */
public class RealCgroupsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private RealCgroups cgroups;

    @After
    public void removeTestCgroups() throws Exception {
        if (cgroups != null) {
            cgroups.close();
        }
    }

    private ContainerId newId() {
        return ContainerId.of(UUID.randomUUID().toString());
    }

    @Test
    public void aTaskAllocatingPastItsMemoryLimitIsOomKilledAndReportedWithTheReasonLimitAndPeak() throws Exception {
        cgroups = RealCgroups.open(CgroupsSettings.defaults(), tmp.getRoot().toPath());
        MemoryIsolator mem = new MemoryIsolator(cgroups.host);
        CgroupsLauncher launcher = new CgroupsLauncher(cgroups.host);
        ContainerId id = newId();
        // dd allocates its 256 MiB block and fills it: far past the 32 MB limit.
        cgroups.launch(launcher, List.of(mem), id, Resources.parse("cpus:0.1;mem:32"),
                "dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=4");
        CompletableFuture<ContainerLimitation> watch = mem.watch(id).toCompletableFuture();
        assertEquals(ContainerExit.exited(128 + 9), launcher.onExit(id).toCompletableFuture().get(20, TimeUnit.SECONDS));
        // The launcher reports the exit only after the memory isolator checked the OOM-kill count, so
        // the agent hears the reason before the exit it caused.
        assertTrue("the watch completed before the exit was reported", watch.isDone());
        ContainerLimitation l = watch.get();
        assertEquals(TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY, l.reason());
        assertEquals(Resources.parse("mem:32"), l.limit());
        assertTrue(l.peak().toString(), l.peak().scalar("mem") >= 31);
        assertTrue(l.message(), l.message().startsWith("memory limit 32 MB of container " + id + " exceeded (peak "));
        cgroups.destroy(launcher, List.of(mem), id);
        assertTrue(cgroups.containers().isEmpty());
    }

    @Test
    public void aCpuBoundTaskWithAHardLimitOfHalfACpuUsesHalfACpu() throws Exception {
        cgroups = RealCgroups.open(CgroupsSettings.defaults().withCpuHardLimit(true), tmp.getRoot().toPath());
        CpuIsolator cpu = new CpuIsolator(cgroups.host);
        CgroupsLauncher launcher = new CgroupsLauncher(cgroups.host);
        ContainerId id = newId();
        // NOTE: the build machine is shared; the test's parent cgroup gets the most shares the kernel
        // allows, so the busy loop is held back by its quota and not by the other builds.
        cgroups.boostCpuShares();
        cgroups.launch(launcher, List.of(cpu), id, Resources.parse("cpus:0.5;mem:32"), "sh", "-c", "while :; do :; done");
        await().atMost(Duration.ofSeconds(5)).until(() -> cpuSeconds(cpu, id) > 0.1);
        double cpu0 = cpuSeconds(cpu, id);
        long t0 = System.nanoTime();
        // NOTE: the measurement window, not a wait for a condition: usage over 3 s of wall time.
        Thread.sleep(3000);
        ResourceUsage end = cpu.usage(id).toCompletableFuture().get(5, TimeUnit.SECONDS);
        double wall = (System.nanoTime() - t0) / 1e9;
        double rate = (end.cpuUserSeconds() + end.cpuSystemSeconds() - cpu0) / wall;
        cgroups.destroy(launcher, List.of(cpu), id);
        assertTrue("used " + rate + " cpus, expected 0.5 +/- 10%", rate >= 0.45 && rate <= 0.55);
        assertTrue("a capped busy loop is throttled: " + end, end.cpuThrottledSeconds() > 0.5);
    }

    @Test
    public void aForkBombStopsAtThePidsLimitAndTheJvmSurvives() throws Exception {
        cgroups = RealCgroups.open(CgroupsSettings.defaults().withPidsMax(24), tmp.getRoot().toPath());
        PidsIsolator pids = new PidsIsolator(cgroups.host);
        CgroupsLauncher launcher = new CgroupsLauncher(cgroups.host);
        ContainerId id = newId();
        cgroups.launch(launcher, List.of(pids), id, Resources.parse("cpus:0.1;mem:32"),
                "bash", "-c", "b() { b | b & }; b; sleep 30");
        Cgroup cg = cgroups.host.hierarchy().cgroup(id.value());
        await().atMost(Duration.ofSeconds(10)).until(() -> cg.pidsUsage().refusals() > 0);
        PidsUsage u = cg.pidsUsage();
        assertTrue(u.toString(), u.current() <= 24);
        assertEquals(24, u.limit());
        ResourceUsage usage = pids.usage(id).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(usage.toString(), usage.processes() > 1 && usage.processes() <= 24);
        cgroups.destroy(launcher, List.of(pids), id);
        assertFalse(cg.exists());
        // The JVM (the agent) can still fork.
        assertEquals(0, new ProcessBuilder("true").start().waitFor());
    }

    @Test
    public void aTaskThatDoubleForksAndDaemonisesIsKilledWhenItsContainerIsDestroyed() throws Exception {
        cgroups = RealCgroups.open(CgroupsSettings.defaults(), tmp.getRoot().toPath());
        CgroupsLauncher launcher = new CgroupsLauncher(cgroups.host);
        ContainerId id = newId();
        // The task daemonises a sleep (a subshell forks it with setsid and exits) and ends with 0.
        long supervisor = cgroups.launch(launcher, List.of(), id, Resources.parse("cpus:0.1;mem:32"),
                "sh", "-c", "(setsid sleep 300 </dev/null >/dev/null 2>&1 &); exit 0");
        assertEquals(ContainerExit.exited(0), launcher.onExit(id).toCompletableFuture().get(10, TimeUnit.SECONDS));
        Set<Long> left = new HashSet<>(launcher.pids(id).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("only the daemonised sleep is left: " + left, 1, left.size());
        long daemon = left.iterator().next();
        ProcessHandle h = ProcessHandle.of(daemon).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> h.info().command().orElse("").endsWith("sleep"));
        long parent = h.parent().map(ProcessHandle::pid).orElse(-1L);
        assertTrue("it was reparented away from the container (parent " + parent + ")", parent != supervisor);
        long started = Supervisor.startTime(daemon);
        assertTrue(Supervisor.alive(daemon, started));
        launcher.destroy(id).toCompletableFuture().get(30, TimeUnit.SECONDS);
        // Dead: gone, or a zombie until its new parent (init) reaps it.
        assertFalse("the daemon " + daemon + " was killed", Supervisor.alive(daemon, started));
        assertTrue(cgroups.containers().isEmpty());
    }

    private static double cpuSeconds(Isolator cpu, ContainerId id) throws Exception {
        ResourceUsage u = cpu.usage(id).toCompletableFuture().get(5, TimeUnit.SECONDS);
        return u.cpuUserSeconds() + u.cpuSystemSeconds();
    }
}
