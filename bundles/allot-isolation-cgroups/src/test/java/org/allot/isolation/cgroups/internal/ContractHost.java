package org.allot.isolation.cgroups.internal;

import static org.junit.Assume.assumeNoException;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.allot.isolation.cgroups.internal.kernel.Cgroup;
import org.allot.isolation.cgroups.internal.kernel.CgroupDetector;
import org.allot.isolation.cgroups.internal.kernel.CgroupIo;
import org.allot.isolation.cgroups.internal.kernel.Controller;
import org.allot.isolation.cgroups.internal.kernel.Signaller;

/**
 * One {@link CgroupsHost} per contract-suite class on this host's real cgroups, under a parent of
 * its own, so the suites' "new instance as after an agent restart" share the hierarchy as a
 * restarted agent would. Skips, saying why, where cgroups cannot be written.
 */
final class ContractHost {

    private CgroupsHost host;
    private List<Path> parents = List.of();

    CgroupsHost get(CgroupsSettings settings) {
        if (host == null) {
            assumeTrue("the cgroups contract suites need root to write cgroupfs; running as "
                    + System.getProperty("user.name"), "root".equals(System.getProperty("user.name")));
            try {
                host = new CgroupsHost(CgroupDetector.detect("auto", "allot-contract-" + UUID.randomUUID()), settings);
            } catch (RuntimeException e) {
                assumeNoException("cgroups are not writable here: " + e.getMessage(), e);
            }
            parents = host.hierarchy().parentDirectories();
        }
        return host;
    }

    /** Kills what a failed test left, removes the cgroups and the parent. */
    void close() throws Exception {
        if (host == null) {
            return;
        }
        try {
            for (String name : host.hierarchy().containers()) {
                Cgroup cg = host.hierarchy().cgroup(name);
                cg.killAll(Signaller.sigkill(), Duration.ofSeconds(10));
                cg.destroy(EnumSet.allOf(Controller.class), Duration.ofSeconds(10));
            }
        } finally {
            host.close();
            for (Path p : parents) {
                CgroupIo.direct().rmdir(p);
            }
            host = null;
        }
    }
}
