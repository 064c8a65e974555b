package org.allot.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.allot.isolation.cgroups.internal.CgroupsHost;
import org.allot.isolation.cgroups.internal.CgroupsLauncher;
import org.allot.isolation.cgroups.internal.CgroupsSettings;
import org.allot.isolation.cgroups.internal.CpuIsolator;
import org.allot.isolation.cgroups.internal.MemoryIsolator;
import org.allot.isolation.cgroups.internal.PidsIsolator;
import org.allot.isolation.cgroups.internal.kernel.Cgroup;
import org.allot.isolation.cgroups.internal.kernel.CgroupDetector;
import org.allot.isolation.cgroups.internal.kernel.CgroupIo;
import org.allot.isolation.cgroups.internal.kernel.Controller;
import org.allot.isolation.cgroups.internal.kernel.Signaller;

/**
 * The {@code cgroups} isolation of {@link ContainerBenchmark}: the cgroups launcher with
 * cgroups/cpu (hard limit on), cgroups/mem and cgroups/pids, on this host's cgroups under a parent
 * of the benchmark's own ({@code allot-bench-<uuid>}), removed on release. Needs root.
 */
final class CgroupsIsolation {

    private CgroupsIsolation() {
    }

    static ContainerBenchmark.IsolationSet create() {
        CgroupsHost host = new CgroupsHost(CgroupDetector.detect("auto", "allot-bench-" + UUID.randomUUID()),
                CgroupsSettings.defaults().withCpuHardLimit(true));
        MemoryIsolator mem = new MemoryIsolator(host);
        List<Path> parents = host.hierarchy().parentDirectories();
        return new ContainerBenchmark.IsolationSet(new CgroupsLauncher(host),
                List.of(new CpuIsolator(host), mem, new PidsIsolator(host)), () -> {
                    for (String name : host.hierarchy().containers()) {
                        Cgroup cg = host.hierarchy().cgroup(name);
                        cg.killAll(Signaller.sigkill(), Duration.ofSeconds(10));
                        cg.destroy(EnumSet.allOf(Controller.class), Duration.ofSeconds(10));
                    }
                    mem.close();
                    host.close();
                    for (Path p : parents) {
                        CgroupIo.direct().rmdir(p);
                    }
                });
    }
}
