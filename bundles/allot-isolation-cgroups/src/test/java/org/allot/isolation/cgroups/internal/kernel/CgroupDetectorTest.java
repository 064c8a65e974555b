package org.allot.isolation.cgroups.internal.kernel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

public class CgroupDetectorTest {

    /** This build machine's table: v1 controllers and an empty unified hierarchy (hybrid). */
    private static final String HYBRID = "tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0\n"
            + "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0\n"
            + "cgroup /sys/fs/cgroup/cpuacct cgroup rw,relatime,cpuacct 0 0\n"
            + "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0\n"
            + "cgroup /sys/fs/cgroup/freezer cgroup rw,relatime,freezer 0 0\n"
            + "cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0\n"
            + "cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0\n"
            + "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0\n";
    /** A systemd host of the cgroup-v1 era: cpu and cpuacct share a mount. */
    private static final String JOINT = "cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,nodev,noexec,relatime,cpu,cpuacct 0 0\n"
            + "cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0\n";
    private static final String UNIFIED = "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0\n";

    @Test
    public void hybridHostHasV1ControllersAndAV2Mount() {
        CgroupDetector.Mounts m = CgroupDetector.parseMounts(HYBRID, Path.of("/"));
        assertEquals(Path.of("/sys/fs/cgroup/memory"), m.v1().get(Controller.MEMORY));
        assertEquals(Path.of("/sys/fs/cgroup/freezer"), m.v1().get(Controller.FREEZER));
        assertEquals(5, m.v1().size());
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")), m.v2());
    }

    @Test
    public void jointMountsMapBothControllersToOneDirectory() {
        CgroupDetector.Mounts m = CgroupDetector.parseMounts(JOINT, Path.of("/fake"));
        assertEquals(Map.of(Controller.CPU, Path.of("/fake/sys/fs/cgroup/cpu,cpuacct"),
                Controller.CPUACCT, Path.of("/fake/sys/fs/cgroup/cpu,cpuacct"),
                Controller.MEMORY, Path.of("/fake/sys/fs/cgroup/memory")), m.v1());
        assertTrue(m.v2().isEmpty());
    }

    @Test
    public void escapedMountPoints() {
        CgroupDetector.Mounts m = CgroupDetector.parseMounts("cgroup2 /mnt/my\\040cg cgroup2 rw 0 0\n", Path.of("/"));
        assertEquals(Optional.of(Path.of("/mnt/my cg")), m.v2());
    }

    @Test
    public void autoPrefersV1WhenItsControllersAreMountedAndV2Otherwise() {
        CgroupDetector.Mounts hybrid = CgroupDetector.parseMounts(HYBRID, Path.of("/"));
        assertEquals(CgroupVersion.V1, CgroupDetector.detect(hybrid, "auto", "allot", CgroupIo.direct()).version());
        CgroupDetector.Mounts none = CgroupDetector.parseMounts("proc /proc proc rw 0 0\n", Path.of("/"));
        CgroupException e = assertThrows(CgroupException.class,
                () -> CgroupDetector.detect(none, "auto", "allot", CgroupIo.direct()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("no cgroup filesystem is mounted"));
        CgroupException v2 = assertThrows(CgroupException.class,
                () -> CgroupDetector.detect(CgroupDetector.parseMounts(JOINT, Path.of("/")), "v2", "allot", CgroupIo.direct()));
        assertTrue(v2.getMessage(), v2.getMessage().contains("no cgroup2 filesystem is mounted"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> CgroupDetector.detect(hybrid, "v3", "allot", CgroupIo.direct()));
        assertEquals("invalid cgroups version 'v3': use auto, v1 or v2", bad.getMessage());
    }
}
