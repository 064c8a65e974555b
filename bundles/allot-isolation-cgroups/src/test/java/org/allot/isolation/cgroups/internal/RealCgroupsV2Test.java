package org.allot.isolation.cgroups.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.allot.api.Resources;
import org.allot.isolation.cgroups.internal.kernel.CgroupIo;
import org.allot.isolation.cgroups.internal.kernel.CgroupVersion;
import org.allot.isolation.cgroups.internal.kernel.Controller;
import org.allot.isolation.cgroups.internal.kernel.V2Hierarchy;
import org.allot.spi.isolation.ContainerExit;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ResourceUsage;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * cgroups v2 on the real kernel, in a mount namespace of the test's own: {@code unshare -m} runs a
 * holder process that mounts a {@code cgroup2} filesystem on a private mount point, and the test
 * reaches that mount through {@code /proc/<holder>/root}. Skipped, saying why, where the mount
 * cannot be made (no root, no unshare, no cgroup2 in the kernel).
 */
public class RealCgroupsV2Test {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Process holder;
    private RealCgroups cgroups;
    private Path mount;

    @Before
    public void mountCgroup2InAPrivateNamespace() throws Exception {
        assumeTrue("a cgroup2 mount needs root; running as " + System.getProperty("user.name"),
                "root".equals(System.getProperty("user.name")));
        assumeTrue("unshare (util-linux) is not installed", Files.isExecutable(Path.of("/usr/bin/unshare")));
        Path point = tmp.newFolder("cg2").toPath();
        holder = new ProcessBuilder("/usr/bin/unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t cgroup2 none \"$0\" && echo mounted && exec sleep 600", point.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assumeTrue("cannot mount cgroup2 in a private mount namespace: " + line, "mounted".equals(line));
        mount = Path.of("/proc", Long.toString(holder.pid()), "root").resolve(point.toString().substring(1));
        V2Hierarchy h = new V2Hierarchy(CgroupIo.direct(), mount, "allot-test-" + UUID.randomUUID());
        cgroups = RealCgroups.open(h, CgroupsSettings.defaults(), tmp.newFolder("work").toPath());
    }

    @After
    public void unmount() throws Exception {
        try {
            if (cgroups != null) {
                cgroups.close();
            }
        } finally {
            if (holder != null) {
                holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    public void theHierarchyIsV2AndSaysWhichControllersTheHostGaveIt() {
        assertEquals(CgroupVersion.V2, cgroups.host.hierarchy().version());
        assertTrue(cgroups.host.hierarchy().supports(Controller.FREEZER));
        assertTrue(cgroups.host.hierarchy().supports(Controller.CPUACCT));
    }

    @Test
    public void destroyEndsADaemonisedProcessThroughCgroupKillAndCpuStatMeasuresTheContainer() throws Exception {
        // cgroup.kill where the kernel has it (5.14+), cgroup.freeze and SIGKILL otherwise.
        assertTrue(Files.exists(cgroups.host.hierarchy().parentDirectories().get(0).resolve("cgroup.kill"))
                || Files.exists(cgroups.host.hierarchy().parentDirectories().get(0).resolve("cgroup.freeze")));
        CgroupsLauncher launcher = new CgroupsLauncher(cgroups.host);
        CpuIsolator cpu = new CpuIsolator(cgroups.host);
        boolean withCpu = cgroups.host.hierarchy().supports(Controller.CPU);
        List<org.allot.spi.isolation.Isolator> isolators = withCpu ? List.of(cpu) : List.of();
        ContainerId id = ContainerId.of(UUID.randomUUID().toString());
        cgroups.launch(launcher, isolators, id, Resources.parse("cpus:0.5;mem:32"), "sh", "-c",
                "(setsid sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 &); exit 3");
        assertEquals(ContainerExit.exited(3), launcher.onExit(id).toCompletableFuture().get(10, TimeUnit.SECONDS));
        Set<Long> left = launcher.pids(id).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("the daemonised busy loop is still in the cgroup: " + left, 1, left.size());
        long daemon = left.iterator().next();
        long started = Supervisor.startTime(daemon);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> cgroups.host.hierarchy().cgroup(id.value()).cpuUsage().usageNanos() > 10_000_000);
        if (withCpu) {
            ResourceUsage u = cpu.usage(id).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertTrue(u.toString(), u.cpuUserSeconds() + u.cpuSystemSeconds() > 0);
        }
        cgroups.destroy(launcher, isolators, id);
        assertFalse("cgroup.kill ended the daemon " + daemon, Supervisor.alive(daemon, started));
        assertFalse(cgroups.host.hierarchy().cgroup(id.value()).exists());
    }

    @Test
    public void memoryAndPidsOnV2NeedTheirControllers() {
        assumeTrue("memory and pids are bound to v1 hierarchies on this host, so the cgroup2 mount does not offer"
                + " them (cgroup.controllers: " + cgroups.host.hierarchy().controllers() + "); their v2 files are"
                + " tested on the fake tree (FakeV2HierarchyTest)",
                cgroups.host.hierarchy().supports(Controller.MEMORY) && cgroups.host.hierarchy().supports(Controller.PIDS));
        org.allot.isolation.cgroups.internal.kernel.Cgroup cg = cgroups.host.hierarchy().cgroup("limits");
        cg.create(java.util.EnumSet.of(Controller.MEMORY, Controller.PIDS));
        try {
            cg.setMemoryLimit(64L << 20);
            cg.setPidsLimit(10);
            assertEquals(64L << 20, cg.memoryUsage().limitBytes());
            assertEquals(10, cg.pidsUsage().limit());
        } finally {
            cg.destroy(Set.of(), java.time.Duration.ofSeconds(5));
        }
    }
}
