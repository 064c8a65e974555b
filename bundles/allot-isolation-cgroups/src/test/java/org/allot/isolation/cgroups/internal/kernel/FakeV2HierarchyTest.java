package org.allot.isolation.cgroups.internal.kernel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The v2 layout, controller delegation, limits, usage and cgroup.kill against a fake cgroupfs tree. */
public class FakeV2HierarchyTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakeCgroupFs fs;
    private Path mount;
    private V2Hierarchy hierarchy;

    @Before
    public void mountUnified() throws Exception {
        fs = new FakeCgroupFs(CgroupVersion.V2, tmp.getRoot().toPath());
        mount = fs.mount("sys/fs/cgroup");
        hierarchy = new V2Hierarchy(fs, mount, "allot");
        hierarchy.init();
    }

    @Test
    public void initDelegatesCpuMemoryAndPidsToTheParentsChildren() throws Exception {
        assertEquals("cpu memory pids", fs.get(mount.resolve("cgroup.subtree_control")).strip());
        assertEquals("cpu memory pids", fs.get(mount.resolve("allot/cgroup.subtree_control")).strip());
        assertEquals(EnumSet.allOf(Controller.class), hierarchy.controllers());
    }

    @Test
    public void limitsUseTheV2Files() {
        Cgroup cg = hierarchy.cgroup("c1");
        cg.create(EnumSet.of(Controller.CPU, Controller.MEMORY, Controller.PIDS));
        fs.writes.clear();
        cg.setCpuShares(1);
        cg.setCpuLimit(0.5, Cgroup.DEFAULT_CFS_PERIOD_MICROS);
        cg.setCpuLimit(0, Cgroup.DEFAULT_CFS_PERIOD_MICROS);
        cg.setMemoryLimit(128L << 20);
        cg.setPidsLimit(CgroupFiles.UNLIMITED);
        assertEquals(List.of("sys/fs/cgroup/allot/c1/cpu.weight=39", "sys/fs/cgroup/allot/c1/cpu.max=50000 100000",
                "sys/fs/cgroup/allot/c1/cpu.max=max 100000", "sys/fs/cgroup/allot/c1/memory.max=134217728",
                "sys/fs/cgroup/allot/c1/pids.max=max"), fs.writes);
    }

    @Test
    public void usageComesFromCpuStatMemoryEventsAndPids() throws Exception {
        Cgroup cg = hierarchy.cgroup("c1");
        cg.create(EnumSet.allOf(Controller.class));
        Path d = mount.resolve("allot/c1");
        fs.put(d.resolve("cpu.stat"), "usage_usec 1500000\nuser_usec 1400000\nsystem_usec 100000\nnr_periods 30\n"
                + "nr_throttled 29\nthrottled_usec 1450000\n");
        fs.put(d.resolve("memory.current"), "4096000\n");
        fs.put(d.resolve("memory.peak"), "67108864\n");
        fs.put(d.resolve("memory.max"), "67108864\n");
        fs.put(d.resolve("memory.stat"), "anon 3000000\nfile 1096000\n");
        fs.put(d.resolve("memory.events"), "low 0\nhigh 0\nmax 17\noom 2\noom_kill 1\noom_group_kill 0\n");
        fs.put(d.resolve("pids.current"), "3\n");
        fs.put(d.resolve("pids.max"), "max\n");
        fs.put(d.resolve("pids.events"), "max 0\n");
        assertEquals(new CpuUsage(1_500_000_000L, 1_400_000_000L, 100_000_000L, 1_450_000_000L, 29), cg.cpuUsage());
        assertEquals(new MemoryUsage(4_096_000, 3_000_000, 67_108_864, 67_108_864, 1, 17), cg.memoryUsage());
        assertEquals(new PidsUsage(3, CgroupFiles.UNLIMITED, 0), cg.pidsUsage());
    }

    @Test
    public void killAllWritesCgroupKillAndDestroyRemovesTheDirectory() {
        Cgroup cg = hierarchy.cgroup("c1");
        cg.create(EnumSet.noneOf(Controller.class));
        cg.addProcess(201);
        cg.addProcess(202);
        fs.writes.clear();
        assertEquals(2, cg.killAll(fs.signaller(), Duration.ofSeconds(1)));
        assertEquals(List.of("sys/fs/cgroup/allot/c1/cgroup.kill=1"), fs.writes);
        assertEquals(List.of(201L, 202L), fs.killed);
        cg.destroy(Set.of(), Duration.ofSeconds(1));
        assertFalse(cg.exists());
    }

    @Test
    public void withoutCgroupKillItFreezesKillsAndThaws() throws Exception {
        Cgroup cg = hierarchy.cgroup("c1");
        cg.create(EnumSet.noneOf(Controller.class));
        java.nio.file.Files.delete(mount.resolve("allot/c1/cgroup.kill")); // a kernel before 5.14
        fs.put(mount.resolve("allot/c1/cgroup.events"), "populated 1\nfrozen 1\n");
        cg.addProcess(301);
        fs.writes.clear();
        assertEquals(1, cg.killAll(fs.signaller(), Duration.ofSeconds(1)));
        assertEquals(List.of("sys/fs/cgroup/allot/c1/cgroup.freeze=1", "sys/fs/cgroup/allot/c1/cgroup.freeze=0"), fs.writes);
        assertEquals(List.of(301L), fs.killed);
        assertTrue(cg.processes().isEmpty());
    }
}
