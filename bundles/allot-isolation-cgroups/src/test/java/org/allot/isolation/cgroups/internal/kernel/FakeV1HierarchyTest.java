package org.allot.isolation.cgroups.internal.kernel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The v1 layout, limits, usage and kill protocol against a fake cgroupfs tree. */
public class FakeV1HierarchyTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakeCgroupFs fs;
    private V1Hierarchy hierarchy;
    private Path mem;

    @Before
    public void mountControllers() throws Exception {
        fs = new FakeCgroupFs(CgroupVersion.V1, tmp.getRoot().toPath());
        Map<Controller, Path> mounts = new EnumMap<>(Controller.class);
        for (Controller c : Controller.values()) {
            mounts.put(c, fs.mount(c.kernelName()));
        }
        mem = mounts.get(Controller.MEMORY);
        hierarchy = new V1Hierarchy(fs, mounts, "allot/agent");
        hierarchy.init();
    }

    @Test
    public void initCreatesTheParentInEveryControllerAndCgroupsGoBelowIt() {
        Cgroup cg = hierarchy.cgroup("c1");
        cg.create(EnumSet.of(Controller.MEMORY, Controller.PIDS));
        assertTrue(cg.exists(Controller.MEMORY));
        assertFalse(cg.exists(Controller.CPU));
        assertEquals(List.of(mem.resolve("allot/agent/c1/cgroup.procs"),
                mem.getParent().resolve("pids/allot/agent/c1/cgroup.procs")), cg.procsFiles());
        assertEquals(Set.of("c1"), hierarchy.containers());
    }

    @Test
    public void limitsAreWrittenInTheKernelsUnits() {
        Cgroup cg = hierarchy.cgroup("c1");
        cg.create(EnumSet.of(Controller.CPU, Controller.MEMORY, Controller.PIDS));
        fs.writes.clear();
        cg.setCpuShares(0.5);
        cg.setCpuLimit(0.5, Cgroup.DEFAULT_CFS_PERIOD_MICROS);
        cg.setMemoryLimit(64L << 20);
        cg.setPidsLimit(100);
        cg.setCpuLimit(0, Cgroup.DEFAULT_CFS_PERIOD_MICROS);
        assertEquals(List.of("cpu/allot/agent/c1/cpu.shares=512", "cpu/allot/agent/c1/cpu.cfs_period_us=100000",
                "cpu/allot/agent/c1/cpu.cfs_quota_us=50000", "memory/allot/agent/c1/memory.limit_in_bytes=67108864",
                "pids/allot/agent/c1/pids.max=100", "cpu/allot/agent/c1/cpu.cfs_quota_us=-1"), fs.writes);
    }

    @Test
    public void usageIsReadFromCpuacctCpuMemoryAndPids() throws Exception {
        Cgroup cg = hierarchy.cgroup("c1");
        cg.create(EnumSet.allOf(Controller.class));
        Path base = tmp.getRoot().toPath();
        fs.put(base.resolve("cpuacct/allot/agent/c1/cpuacct.usage"), "1500000000\n");
        fs.put(base.resolve("cpuacct/allot/agent/c1/cpuacct.stat"), "user 140\nsystem 10\n");
        fs.put(base.resolve("cpu/allot/agent/c1/cpu.stat"), "nr_periods 30\nnr_throttled 29\nthrottled_time 1450000000\n");
        fs.put(base.resolve("memory/allot/agent/c1/memory.usage_in_bytes"), "3000000\n");
        fs.put(base.resolve("memory/allot/agent/c1/memory.max_usage_in_bytes"), "67108864\n");
        fs.put(base.resolve("memory/allot/agent/c1/memory.limit_in_bytes"), "67108864\n");
        fs.put(base.resolve("memory/allot/agent/c1/memory.failcnt"), "12\n");
        fs.put(base.resolve("memory/allot/agent/c1/memory.stat"), "rss 1\ntotal_rss 2097152\n");
        fs.put(base.resolve("memory/allot/agent/c1/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        fs.put(base.resolve("pids/allot/agent/c1/pids.current"), "7\n");
        fs.put(base.resolve("pids/allot/agent/c1/pids.max"), "16\n");
        fs.put(base.resolve("pids/allot/agent/c1/pids.events"), "max 3\n");
        assertEquals(new CpuUsage(1_500_000_000L, 1_400_000_000L, 100_000_000L, 1_450_000_000L, 29), cg.cpuUsage());
        assertEquals(new MemoryUsage(3_000_000, 2_097_152, 67_108_864, 67_108_864, 1, 12), cg.memoryUsage());
        assertEquals(new PidsUsage(7, 16, 3), cg.pidsUsage());
    }

    @Test
    public void killAllFreezesListsKillsAndThawsThenDestroyRemovesEveryDirectory() throws Exception {
        Cgroup cg = hierarchy.cgroup("c1");
        cg.create(EnumSet.of(Controller.FREEZER, Controller.MEMORY));
        cg.addProcess(101);
        cg.addProcess(102);
        assertEquals(Set.of(101L, 102L), cg.processes());
        fs.writes.clear();
        assertEquals(2, cg.killAll(fs.signaller(), Duration.ofSeconds(1)));
        assertEquals(List.of(101L, 102L), fs.killed);
        assertEquals(List.of("freezer/allot/agent/c1/freezer.state=FROZEN", "freezer/allot/agent/c1/freezer.state=THAWED"),
                fs.writes);
        assertTrue(cg.processes().isEmpty());
        cg.destroy(EnumSet.of(Controller.FREEZER, Controller.MEMORY), Duration.ofSeconds(1));
        assertFalse(cg.exists());
        assertTrue(hierarchy.containers().isEmpty());
    }

    @Test
    public void destroyOfABusyCgroupFailsNamingTheProcessesLeft() {
        Cgroup cg = hierarchy.cgroup("c1");
        cg.create(EnumSet.of(Controller.MEMORY));
        cg.addProcess(77);
        CgroupException e = assertThrows(CgroupException.class,
                () -> cg.destroy(EnumSet.of(Controller.MEMORY), Duration.ofMillis(20)));
        assertTrue(e.getMessage(), e.getMessage().contains("processes [77] are still in it"));
    }

    @Test
    public void aControllerThatIsNotMountedIsNamedInTheError() throws Exception {
        Map<Controller, Path> onlyMemory = Map.of(Controller.MEMORY, mem);
        V1Hierarchy small = new V1Hierarchy(fs, onlyMemory, "allot");
        Cgroup cg = small.cgroup("c2");
        CgroupException e = assertThrows(CgroupException.class, () -> cg.create(EnumSet.of(Controller.PIDS)));
        assertEquals("cannot create cgroup c2 for controller pids: it is not mounted (mounted: [MEMORY])", e.getMessage());
        cg.create(EnumSet.of(Controller.MEMORY));
        CgroupException missing = assertThrows(CgroupException.class, cg::pidsUsage);
        assertTrue(missing.getMessage(), missing.getMessage().contains("the pids controller is not mounted"));
    }
}
