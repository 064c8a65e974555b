package org.allot.isolation.cgroups.internal.kernel;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/** The cgroup file formats of both versions, parsed from samples copied from Linux 6.x. */
public class CgroupFilesTest {

    private static final String V1_MEMORY_STAT = "cache 4096\nrss 1048576\nrss_huge 0\nshmem 0\nmapped_file 0\n"
            + "hierarchical_memory_limit 67108864\ntotal_cache 8192\ntotal_rss 2097152\n";
    private static final String V2_MEMORY_EVENTS = "low 0\nhigh 0\nmax 17\noom 2\noom_kill 1\noom_group_kill 0\n";
    private static final String V2_CPU_STAT = "usage_usec 1500000\nuser_usec 1400000\nsystem_usec 100000\n"
            + "core_sched.force_idle_usec 0\nnr_periods 30\nnr_throttled 29\nthrottled_usec 1450000\nnr_bursts 0\nburst_usec 0\n";

    @Test
    public void keyedFilesOfBothVersions() {
        record Case(String name, String text, String key, long expected) { }
        for (Case c : List.of(
                new Case("v1 memory.stat total_rss", V1_MEMORY_STAT, "total_rss", 2_097_152),
                new Case("v1 memory.oom_control oom_kill", "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n", "oom_kill", 3),
                new Case("v1 cpu.stat throttled_time", "nr_periods 4\nnr_throttled 2\nthrottled_time 12345\n",
                        "throttled_time", 12_345),
                new Case("v1 cpuacct.stat user ticks", "user 150\nsystem 7\n", "user", 150),
                new Case("pids.events max", "max 41\n", "max", 41),
                new Case("v2 memory.events oom_kill", V2_MEMORY_EVENTS, "oom_kill", 1),
                new Case("v2 cpu.stat throttled_usec", V2_CPU_STAT, "throttled_usec", 1_450_000),
                new Case("v2 cgroup.events", "populated 1\nfrozen 0\n", "populated", 1))) {
            assertEquals(c.name(), Long.valueOf(c.expected()), CgroupFiles.keyed(c.text(), "f").get(c.key()));
        }
    }

    @Test
    public void singleValuesAndMax() {
        assertEquals(CgroupFiles.UNLIMITED, CgroupFiles.single("max\n", "pids.max"));
        assertEquals(1024, CgroupFiles.single("1024\n", "pids.max"));
        assertEquals(123_456_789, CgroupFiles.single("123456789\n", "cpuacct.usage"));
        assertEquals(CgroupFiles.UNLIMITED, CgroupFiles.v1MemoryLimit("9223372036854771712\n", "memory.limit_in_bytes"));
        assertEquals(67_108_864, CgroupFiles.v1MemoryLimit("67108864\n", "memory.limit_in_bytes"));
    }

    @Test
    public void cpuMaxAndFreezerAndProcs() {
        assertArrayEquals(new long[] {CgroupFiles.UNLIMITED, 100_000}, CgroupFiles.cpuMax("max 100000\n", "cpu.max"));
        assertArrayEquals(new long[] {50_000, 100_000}, CgroupFiles.cpuMax("50000 100000\n", "cpu.max"));
        assertEquals("FROZEN", CgroupFiles.freezerState("FROZEN\n", "freezer.state"));
        assertEquals(Set.of(12L, 345L), CgroupFiles.pids("12\n345\n", "cgroup.procs"));
        assertTrue(CgroupFiles.pids("", "cgroup.procs").isEmpty());
    }

    @Test
    public void sharesAndWeights() {
        assertEquals(1024, CgroupFiles.v1Shares(1));
        assertEquals(2, CgroupFiles.v1Shares(0.001));
        assertEquals(512, CgroupFiles.v1Shares(0.5));
        // The runc/systemd mapping: 1024 shares = weight 39, 2 shares = 1, 262144 shares = 10000.
        assertEquals(39, CgroupFiles.v2Weight(1));
        assertEquals(1, CgroupFiles.v2Weight(0.001));
        assertEquals(10_000, CgroupFiles.v2Weight(256));
        assertEquals(10_000, CgroupFiles.v2Weight(1000));
    }

    @Test
    public void errorsNameTheFileTheLineAndTheExpectation() {
        record Case(String name, Runnable parse, String message) { }
        for (Case c : List.of(
                new Case("keyed with three fields", () -> CgroupFiles.keyed("a 1\nb 2 3\n", "memory.stat"),
                        "memory.stat line 2: expected 'key value' but found 'b 2 3'"),
                new Case("keyed not a number", () -> CgroupFiles.keyed("oom_kill x\n", "memory.events"),
                        "memory.events line 1: expected an integer but found 'x'"),
                new Case("empty single", () -> CgroupFiles.single("\n", "pids.max"),
                        "pids.max: expected a number or 'max' but the file is empty"),
                new Case("bad cpu.max", () -> CgroupFiles.cpuMax("50000\n", "cpu.max"),
                        "cpu.max: expected '$MAX $PERIOD' (e.g. 'max 100000' or '50000 100000') but found '50000'"),
                new Case("bad freezer", () -> CgroupFiles.freezerState("MELTED", "freezer.state"),
                        "freezer.state: expected THAWED, FREEZING or FROZEN but found 'MELTED'"),
                new Case("negative pid", () -> CgroupFiles.pids("1\n-4\n", "cgroup.procs"),
                        "cgroup.procs line 2: expected a positive pid but found -4"))) {
            CgroupException e = assertThrows(c.name(), CgroupException.class, c.parse()::run);
            assertEquals(c.name(), c.message(), e.getMessage());
        }
    }

    @Test
    public void firstValueOfARepeatedKeyWins() {
        assertEquals(Map.of("a", 1L), CgroupFiles.keyed("a 1\na 2\n", "f"));
    }
}
