package org.allot.isolation.contract;

import static org.allot.isolation.contract.Processes.await;
import static org.allot.isolation.contract.Processes.withCommandLine;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.allot.api.Resources;
import org.allot.spi.isolation.ContainerExit;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.LaunchRequest;
import org.allot.spi.isolation.Launcher;
import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The contract of {@link Launcher} (see its javadoc), run against real processes. Extend it with
 * {@link #newLauncher()} returning a fresh instance of your launcher (ship it from the test-jar of
 * {@code allot-isolation-posix}, classifier {@code tests}). Each test runs in seconds.
 */
public abstract class LauncherContractTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final List<Launcher> launchers = new ArrayList<>();
    /** A tag in every command line this test starts, to find its processes in /proc. */
    private final String tag = "3" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + ".5";
    protected Launcher launcher;
    protected Path runRoot;

    /** A new instance of the launcher under test, as after an agent restart. */
    protected abstract Launcher newLauncher();

    @Before
    public void createLauncher() throws IOException {
        launcher = fresh();
        runRoot = tmp.newFolder("run").toPath();
    }

    @After
    public void destroyEverything() throws Exception {
        Launcher sweeper = fresh();
        for (ContainerId id : await(sweeper.recover(runRoot, List.of()), 10)) {
            await(sweeper.destroy(id), 30);
        }
        for (long pid : withCommandLine("sleep " + tag)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Launcher fresh() {
        Launcher l = newLauncher();
        launchers.add(l);
        return l;
    }

    /** Forks {@code sh -c script} in a new container and starts it; returns the container's first pid. */
    protected long run(ContainerId id, String script) throws Exception {
        long pid = forkHeld(id, script);
        await(launcher.start(id), 10);
        return pid;
    }

    protected long forkHeld(ContainerId id, String script) throws Exception {
        Path sandbox = tmp.newFolder("sandbox-" + id).toPath();
        LaunchRequest request = new LaunchRequest(List.of("/bin/sh", "-c", script),
                Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin"), sandbox, sandbox.resolve("stdout"),
                sandbox.resolve("stderr"), runRoot.resolve(id.value()));
        long pid = await(launcher.fork(id, request), 10);
        assertTrue("pid " + pid, pid > 0);
        return pid;
    }

    protected static ContainerId newId() {
        return ContainerId.of(UUID.randomUUID().toString());
    }

    /** {@code sleep} with this test's tag, so it can be found: {@code sleep <tag><n>}. */
    protected String sleep(int n) {
        return "sleep " + tag + n;
    }

    @Test
    public void reportsTheExitStatusOfTheCommand() throws Exception {
        ContainerId id = newId();
        run(id, "exit 7");
        assertEquals(ContainerExit.exited(7), await(launcher.onExit(id), 10));
    }

    @Test
    public void holdsTheForkedProcessUntilStart() throws Exception {
        ContainerId id = newId();
        forkHeld(id, "echo ran > ran");
        Path ran = tmp.getRoot().toPath().resolve("sandbox-" + id).resolve("ran");
        assertFalse("the command ran before start", Files.exists(ran));
        assertFalse(launcher.onExit(id).toCompletableFuture().isDone());
        await(launcher.start(id), 10);
        assertEquals(ContainerExit.exited(0), await(launcher.onExit(id), 10));
        assertTrue(Files.exists(ran));
    }

    @Test
    public void destroyKillsSetsidAndDoubleForkedProcessesAfterTheTaskEnded() throws Exception {
        ContainerId id = newId();
        // One process escapes into a session of its own, one double-forks (its parent exits at once,
        // so it is reparented to init); then the task itself ends normally.
        run(id, "setsid " + sleep(1) + " & (" + sleep(2) + " &) & sleep 0.2; exit 0");
        assertEquals(ContainerExit.exited(0), await(launcher.onExit(id), 10));
        Awaitility.await("both escapees run after the task ended").atMost(Duration.ofSeconds(10))
                .until(() -> withCommandLine("sleep " + tag).size() == 2);

        await(launcher.destroy(id), 30);

        assertEquals("no process of the container survives destroy", Set.of(), withCommandLine("sleep " + tag));
    }

    @Test
    public void destroyKillsARunningTreeThatIgnoresSigterm() throws Exception {
        ContainerId id = newId();
        run(id, "trap '' TERM; " + sleep(1) + " & setsid sh -c '" + sleep(2) + " & wait' & wait");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> withCommandLine("sleep " + tag).size() == 2);
        assertTrue(await(launcher.pids(id), 10).containsAll(withCommandLine("sleep " + tag)));

        await(launcher.destroy(id), 30);

        assertEquals(Set.of(), withCommandLine("sleep " + tag));
        ContainerExit exit = await(launcher.onExit(id).exceptionally(e -> ContainerExit.unknown("destroyed")), 10);
        assertTrue("killed, not exited normally: " + exit, exit.status().isEmpty() || exit.status().getAsInt() != 0);
    }

    @Test
    public void destroyOfAnUnknownContainerCompletes() throws Exception {
        await(launcher.destroy(newId()), 10);
    }

    @Test
    public void exitStatusSurvivesTheAgent() throws Exception {
        ContainerId id = newId();
        long pid = run(id, "sleep 0.3; exit 3");
        await(launcher.onExit(id), 10);

        Launcher restarted = fresh();
        Set<ContainerId> orphans = await(restarted.recover(runRoot, List.of(state(id, pid))), 10);

        assertEquals(Set.of(), orphans);
        assertEquals(ContainerExit.exited(3), await(restarted.onExit(id), 10));
    }

    @Test
    public void recoverReadoptsARunningContainerAndReportsOrphans() throws Exception {
        ContainerId kept = newId();
        ContainerId orphan = newId();
        long pid = run(kept, sleep(1) + "; exit 4");
        run(orphan, sleep(2));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> withCommandLine("sleep " + tag).size() == 2);

        Launcher restarted = fresh();
        Set<ContainerId> orphans = await(restarted.recover(runRoot, List.of(state(kept, pid))), 10);

        assertEquals(Set.of(orphan), orphans);
        assertFalse(restarted.onExit(kept).toCompletableFuture().isDone());
        await(restarted.destroy(orphan), 30);
        await(restarted.destroy(kept), 30);
        assertEquals(Set.of(), withCommandLine("sleep " + tag));
    }

    @Test
    public void recoverAcceptsContainersThatAreGone() throws Exception {
        ContainerId gone = newId();
        Files.createDirectories(runRoot.resolve(gone.value()));
        Set<ContainerId> orphans = await(launcher.recover(runRoot, List.of(state(gone, 999_999_999L))), 10);
        assertEquals(Set.of(), orphans);
        ContainerExit exit = await(launcher.onExit(gone), 10);
        assertTrue("a gone container without a record has an unknown exit: " + exit, exit.status().isEmpty());
        await(launcher.destroy(gone), 10);
    }

    private ContainerState state(ContainerId id, long pid) {
        return new ContainerState(id, pid, tmp.getRoot().toPath(), Resources.parse("cpus:0.1;mem:32"));
    }
}
