package org.allot.isolation.cgroups.internal;

import static org.junit.Assume.assumeNoException;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.allot.api.CommandInfo;
import org.allot.api.Resources;
import org.allot.isolation.cgroups.internal.kernel.CgroupDetector;
import org.allot.isolation.cgroups.internal.kernel.CgroupIo;
import org.allot.isolation.cgroups.internal.kernel.Hierarchy;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.LaunchRequest;
import org.allot.spi.isolation.Launcher;

/**
 * The real kernel's cgroups for a test, under a parent cgroup of the test's own
 * ({@code allot-test-<uuid>}) so that parallel runs and other agents are never touched. A test on a
 * host where cgroups cannot be written is skipped through {@code Assume}, with the reason.
 */
final class RealCgroups implements AutoCloseable {

    final CgroupsHost host;
    final Path work;
    private final List<Path> parents;

    private RealCgroups(CgroupsHost host, Path work) {
        this.host = host;
        this.work = work;
        this.parents = host.hierarchy().parentDirectories();
    }

    /** On this host's v1 controllers (or whatever {@code auto} detects), skipping when not writable. */
    static RealCgroups open(CgroupsSettings settings, Path work) {
        Hierarchy h;
        try {
            h = CgroupDetector.detect("auto", "allot-test-" + UUID.randomUUID());
        } catch (RuntimeException e) {
            assumeNoException("no cgroup hierarchy on this host: " + e.getMessage(), e);
            throw e;
        }
        return open(h, settings, work);
    }

    static RealCgroups open(Hierarchy h, CgroupsSettings settings, Path work) {
        assumeTrue("cgroups tests need root to write cgroupfs; running as " + System.getProperty("user.name"),
                "root".equals(System.getProperty("user.name")));
        try {
            return new RealCgroups(new CgroupsHost(h, settings), work);
        } catch (RuntimeException e) {
            assumeNoException("cgroups are not writable here (" + h + "): " + e.getMessage(), e);
            throw e;
        }
    }

    /** Prepares, forks, isolates and starts a container running {@code command} under {@code isolators}. */
    long launch(Launcher launcher, List<Isolator> isolators, ContainerId id, Resources limits, String... command)
            throws Exception {
        Path sandbox = Files.createDirectories(work.resolve("sandbox").resolve(id.value()));
        Path runDir = Files.createDirectories(work.resolve("run").resolve(id.value()));
        ContainerConfig config = new ContainerConfig(limits, sandbox, "root", CommandInfo.shell(String.join(" ", command)));
        for (Isolator i : isolators) {
            i.prepare(id, config).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        long pid = launcher.fork(id, new LaunchRequest(List.of(command), Map.of("PATH", "/usr/bin:/bin"), sandbox,
                sandbox.resolve("stdout"), sandbox.resolve("stderr"), runDir)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        for (Isolator i : isolators) {
            i.isolate(id, pid).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        launcher.start(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return pid;
    }

    /** Destroys through the launcher, then cleans up the isolators in reverse order. */
    void destroy(Launcher launcher, List<Isolator> isolators, ContainerId id) throws Exception {
        launcher.destroy(id).toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<Isolator> reverse = new ArrayList<>(isolators);
        java.util.Collections.reverse(reverse);
        for (Isolator i : reverse) {
            i.cleanup(id).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    Set<String> containers() {
        return host.hierarchy().containers();
    }

    /** Gives the test's parent cgroup the most cpu shares (v1) or weight (v2) there are. */
    void boostCpuShares() throws IOException {
        for (Path p : parents) {
            for (String f : List.of("cpu.shares", "cpu.weight")) {
                if (Files.exists(p.resolve(f))) {
                    CgroupIo.direct().write(p.resolve(f), f.equals("cpu.shares") ? "262144" : "10000");
                }
            }
        }
    }

    /**
     * Removes the test's parent cgroups. A test that failed half way may have left containers:
     * their processes are killed and their cgroups removed first, so nothing outlives the test.
     */
    @Override
    public void close() throws IOException {
        try {
            for (String name : host.hierarchy().containers()) {
                org.allot.isolation.cgroups.internal.kernel.Cgroup cg = host.hierarchy().cgroup(name);
                cg.killAll(org.allot.isolation.cgroups.internal.kernel.Signaller.sigkill(), Duration.ofSeconds(10));
                cg.destroy(java.util.EnumSet.allOf(org.allot.isolation.cgroups.internal.kernel.Controller.class),
                        Duration.ofSeconds(10));
            }
        } finally {
            host.close();
            for (Path p : parents) {
                CgroupIo.direct().rmdir(p);
            }
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
