package org.allot.isolation.posix.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.allot.api.CommandInfo;
import org.allot.api.Resources;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.ResourceUsage;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Runs real processes on this Linux machine and checks them through /proc. */
public class PosixIsolatorTest {

    private static final Path PROC = Path.of("/proc");
    private static final Resources LIMITS = Resources.parse("cpus:1;mem:64");

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final PosixIsolator isolator =
            new PosixIsolator(new PosixSettings(Duration.ofMillis(300), 1000, false));
    private final List<ContainerId> open = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    @After
    public void cleanUp() {
        for (ContainerId id : open) {
            isolator.cleanup(id);
        }
        started.forEach(Process::destroyForcibly);
    }

    @Test
    public void containerLeadsItsOwnProcessGroupAndCountsItsChild() throws Exception {
        ContainerId id = newId();
        Process p = launch(isolator, id, "sleep 30 & wait", LIMITS);

        ProcStat root = ProcStat.read(PROC, p.pid()).orElseThrow();
        assertEquals("root is its group's leader", p.pid(), root.pgrp());
        assertEquals("root leads its own session", p.pid(), root.session());
        assertFalse("not in the JVM's group", root.pgrp() == ProcStat.read(PROC, ProcessHandle.current().pid())
                .orElseThrow().pgrp());
        await().atMost(Duration.ofSeconds(5)).until(() -> isolator.pids(id).size() >= 2);
        assertTrue(isolator.pids(id).contains(p.pid()));
    }

    @Test
    public void usageOfABusyLoopIsPositive() throws Exception {
        ContainerId id = newId();
        launch(isolator, id, "i=0; while [ $i -lt 100000000 ]; do i=$((i+1)); done", LIMITS);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ResourceUsage u = isolator.usage(id);
            return u.cpuUserSeconds() + u.cpuSystemSeconds() > 0 && u.memRssBytes() > 0;
        });
    }

    @Test
    public void cleanupKillsTheGroupTermIgnorersAndEscapees() throws Exception {
        ContainerId id = newId();
        // A shell that ignores SIGTERM (so do its children), a child in the group, a child in a
        // session of its own, and an orphan in its own session whose parent exits after 1 s: the
        // isolator sees it while its parent lives and must still find it afterwards.
        Process p = launch(isolator, id,
                "trap '' TERM; sleep 60 & setsid sleep 61 & (setsid sleep 62 & sleep 1) & wait", LIMITS);
        await().atMost(Duration.ofSeconds(5)).until(() -> isolator.pids(id).stream().anyMatch(pid -> cmdline(pid).strip().equals("sleep 62")));
        long orphan = isolator.pids(id).stream().filter(pid -> cmdline(pid).strip().equals("sleep 62")).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !isolator.pids(id).contains(ProcStat.read(PROC, orphan).orElseThrow().ppid()));
        Set<Long> before = isolator.pids(id);
        assertTrue("the orphan " + orphan + " is still counted: " + before, before.contains(orphan));
        Set<Long> sessions = new HashSet<>();
        before.forEach(pid -> ProcStat.read(PROC, pid).ifPresent(st -> sessions.add(st.session())));
        assertTrue("some processes left the container's session: " + sessions, sessions.size() >= 3);

        long t0 = System.nanoTime();
        isolator.cleanup(id);
        open.remove(id);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        for (long pid : before) {
            Optional<ProcStat> st = ProcStat.read(PROC, pid);
            assertTrue("process " + pid + " is still alive: " + st, st.isEmpty() || st.get().isZombie());
        }
        assertEquals("no live process of group " + p.pid(), 0, liveInGroup(p.pid()));
        assertTrue("cleanup waited the grace period, then killed: " + took,
                took.compareTo(Duration.ofMillis(300)) >= 0 && took.compareTo(Duration.ofSeconds(5)) < 0);
        p.waitFor();
    }

    @Test
    public void cleanupOfAnExitedContainerReturnsAtOnce() throws Exception {
        ContainerId id = newId();
        Process p = launch(isolator, id, "exit 0", LIMITS);
        p.waitFor();
        long t0 = System.nanoTime();
        isolator.cleanup(id);
        open.remove(id);
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofMillis(250)) < 0);
        assertThrows(IllegalArgumentException.class, () -> isolator.usage(id));
    }

    @Test
    public void recoverAdoptsARunningContainer() throws Exception {
        ContainerId id = newId();
        Process p = launch(isolator, id, "sleep 30 & wait", LIMITS);
        await().atMost(Duration.ofSeconds(5)).until(() -> isolator.pids(id).size() >= 2);
        Set<Long> pids = isolator.pids(id);

        // A fresh isolator, as after an agent restart, knows the container only from the checkpoint.
        PosixIsolator restarted = new PosixIsolator(new PosixSettings(Duration.ofMillis(300), 0, false));
        ContainerId gone = newId();
        restarted.recover(List.of(new ContainerState(id, p.pid(), tmp.getRoot().toPath(), LIMITS),
                new ContainerState(gone, 999_999_999L, tmp.getRoot().toPath(), LIMITS)));

        assertEquals(pids, restarted.pids(id));
        assertTrue(restarted.usage(id).memRssBytes() > 0);
        assertEquals(0, restarted.usage(gone).memRssBytes());
        restarted.cleanup(id);
        restarted.cleanup(gone);
        assertEquals(0, liveInGroup(p.pid()));
        open.remove(id);
        isolator.cleanup(id);
    }

    @Test
    public void rlimitsComeFromSettingsAndMem() throws Exception {
        PosixIsolator limiting = new PosixIsolator(new PosixSettings(Duration.ofMillis(300), 1000, true));
        ContainerId id = newId();
        Path out = tmp.newFile().toPath();
        ContainerLaunch launch = limiting.prepare(id, config("ulimit -n; ulimit -v", LIMITS));
        assertTrue(launch.argvPrefix().get(0).endsWith("setsid"));
        assertTrue(launch.argvPrefix().contains("--as=67108864:67108864"));
        assertEquals(id.value(), launch.environment().get("ALLOT_CONTAINER_ID"));
        Process p = start(launch, "ulimit -n; ulimit -v", out);
        limiting.isolate(id, p.pid());
        assertEquals(0, p.waitFor());
        limiting.cleanup(id);
        assertEquals(List.of("1000", "65536"), Files.readAllLines(out));
    }

    @Test
    public void noRlimitPrefixWhenNothingIsLimited() {
        PosixIsolator plain = new PosixIsolator(new PosixSettings(Duration.ZERO, 0, false));
        ContainerId id = newId();
        ContainerLaunch launch = plain.prepare(id, config("true", LIMITS));
        assertEquals(1, launch.argvPrefix().size());
        assertThrows(IllegalStateException.class, () -> plain.prepare(id, config("true", LIMITS)));
        plain.cleanup(id);
    }

    /** A {@code /proc/<pid>/stat} line: pid, parent, process group, session, start time. */
    private static String stat(long pid, long ppid, long pgrp, long session, long start) {
        return pid + " (sh) S " + ppid + " " + pgrp + " " + session + " 0 -1 4194560 100 0 0 0 7 3 2 1 20 0 1 0 "
                + start + " 2000000 100 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
    }

    private static void write(Path proc, long pid, String line) throws Exception {
        Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(proc.resolve(Long.toString(pid)).resolve("stat"), line);
    }

    @Test
    public void aReusedRootPidDoesNotMakeAnotherContainersProcessesMembers() throws Exception {
        // A fake /proc, so no real process is involved: pid 4242 led container A's session.
        Path proc = tmp.newFolder("proc").toPath();
        write(proc, 4242, stat(4242, 1, 4242, 4242, 100));
        write(proc, 4243, stat(4243, 4242, 4242, 4242, 101));
        PosixIsolator fake = new PosixIsolator(new PosixSettings(Duration.ofMillis(300), 1000, false), proc);
        ContainerId a = ContainerId.of("a");
        fake.recover(List.of(new ContainerState(a, 4242, tmp.newFolder("a").toPath(), LIMITS)));
        assertEquals(Set.of(4242L, 4243L), fake.pids(a));

        // A's processes end; the kernel hands 4242 to a new session leader (another container's root).
        Files.delete(proc.resolve("4243").resolve("stat"));
        Files.delete(proc.resolve("4243"));
        write(proc, 4242, stat(4242, 1, 4242, 4242, 900));
        write(proc, 4250, stat(4250, 4242, 4242, 4242, 901));
        assertEquals("none of the new session belongs to A", Set.of(), fake.pids(a));
    }

    @Test
    public void parsesStatLinesWithOddCommandNames() {
        ProcStat st = ProcStat.parse("42 (a) b (c) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 2 1 20 0 1 0 12345 "
                + "2000000 100 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0");
        assertEquals(42, st.pid());
        assertEquals('S', st.state());
        assertEquals(1, st.ppid());
        assertEquals(42, st.pgrp());
        assertEquals(7, st.utime());
        assertEquals(3, st.stime());
        assertEquals(2, st.cutime());
        assertEquals(1, st.cstime());
        assertEquals(12345, st.startTime());
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("garbage"));
    }

    // ----- helpers -----

    private ContainerId newId() {
        return ContainerId.of(UUID.randomUUID().toString());
    }

    private ContainerConfig config(String shell, Resources limits) {
        return new ContainerConfig(limits, tmp.getRoot().toPath(), System.getProperty("user.name"),
                CommandInfo.shell(shell));
    }

    private Process launch(PosixIsolator iso, ContainerId id, String shell, Resources limits) throws IOException {
        ContainerLaunch launch = iso.prepare(id, config(shell, limits));
        open.add(id);
        Process p = start(launch, shell, null);
        iso.isolate(id, p.pid());
        return p;
    }

    private Process start(ContainerLaunch launch, String shell, Path out) throws IOException {
        List<String> argv = new ArrayList<>(launch.argvPrefix());
        argv.addAll(CommandInfo.shell(shell).toExecArgv());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(launch.environment());
        pb.redirectOutput(out == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(PROC.resolve(Long.toString(pid)).resolve("cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Live (non-zombie) processes whose group or session is {@code group}, read from /proc. */
    private static long liveInGroup(long group) throws IOException {
        try (var dirs = Files.list(PROC)) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> ProcStat.read(PROC, Long.parseLong(n)))
                    .flatMap(Optional::stream)
                    .filter(st -> !st.isZombie() && (st.pgrp() == group || st.session() == group))
                    .count();
        }
    }
}
