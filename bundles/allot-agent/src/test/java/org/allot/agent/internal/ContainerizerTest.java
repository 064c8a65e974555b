package org.allot.agent.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.allot.api.CommandInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskStatus;
import org.allot.protocol.loop.ManualEventLoop;
import org.allot.spi.isolation.ContainerLimitation;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The containerizer composing fake isolators on a manual loop: the order of calls, the rollback of
 * a failed launch, abandon and re-adopt when services go and come, and isolation changed at run time.
 */
public class ContainerizerTest {

    private static final Resources LIMITS = Resources.parse("cpus:1;mem:64");

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final ManualEventLoop loop = new ManualEventLoop(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeIsolation fakes = new FakeIsolation();
    private final FakeIsolation.FakeLauncher launcher = fakes.new FakeLauncher("fake");
    private final FakeIsolation.FakeIsolator a = fakes.new FakeIsolator("a");
    private final FakeIsolation.FakeIsolator b = fakes.new FakeIsolator("b");
    private final IsolationRegistry registry = IsolationRegistry.of(launcher, a, b);
    private final List<ContainerRecord> ended = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private Containerizer containerizer;

    @Before
    public void create() {
        containerizer = new Containerizer(registry, Isolation.of("fake", "a,b"), loop,
                tmp.getRoot().toPath().resolve("run"), Duration.ofSeconds(5), ended::add);
    }

    private ContainerRecord launch() throws LaunchException {
        Path sandbox = tmp.getRoot().toPath().resolve("sandbox-" + events.size());
        ContainerRecord c = containerizer.launch(sandbox, LIMITS, "nobody", CommandInfo.shell("true"), Map.of(),
                FrameworkId.of("f-1"), "*", new Containerizer.LaunchListener() {
                    @Override
                    public void forked(ContainerRecord c) {
                        events.add("forked");
                    }

                    @Override
                    public void running(ContainerRecord c) {
                        events.add("running");
                    }

                    @Override
                    public void failed(ContainerRecord c, String message) {
                        events.add("failed: " + message);
                    }
                });
        loop.settle();
        return c;
    }

    @Test
    public void isolatorsPrepareAndIsolateInOrderAndCleanUpInReverseAfterTheLauncherDestroyed() throws Exception {
        ContainerRecord c = launch();
        assertEquals(List.of("prepare a", "prepare b", "fork", "isolate a", "isolate b", "start"), fakes.journal());
        assertEquals(List.of("forked", "running"), events);
        List<String> argv = launcher.requests.get(c.id).argv();
        assertEquals("both decorations, in order, then the command", List.of("/usr/bin/env", "/usr/bin/env"),
                argv.subList(0, 2));
        assertEquals("yes", launcher.requests.get(c.id).environment().get("ISOLATED_BY_B"));

        fakes.clear();
        Path runDir = java.nio.file.Files.createDirectories(tmp.getRoot().toPath().resolve("run").resolve(c.id.value()));
        java.nio.file.Files.writeString(runDir.resolve("exit"), "0\n");
        launcher.exit(c.id, 0);
        loop.settle();

        assertEquals(List.of("destroy", "cleanup b", "cleanup a"), fakes.journal());
        assertEquals(List.of(c), ended);
        assertEquals(0, c.exitStatus);
        assertTrue("the run dir goes once the end is reported", java.nio.file.Files.notExists(runDir));
    }

    @Test
    public void aFailingPrepareCleansUpWhatWasPreparedInReverseAndForksNothing() throws Exception {
        FakeIsolation.FakeIsolator c3 = fakes.new FakeIsolator("c");
        registry.addIsolator(c3);
        containerizer.setIsolation(Isolation.of("fake", "a,b,c"));
        b.failPrepare = true;

        ContainerRecord c = launch();

        assertEquals(List.of("prepare a", "prepare b", "cleanup b", "cleanup a"), fakes.journal());
        assertEquals(List.of("failed: isolator 'b' could not prepare the container: b refuses: no room"), events);
        assertTrue(containerizer.get(c.id).isEmpty());
        assertEquals("a failed launch is no container that ended", List.of(), ended);
    }

    @Test
    public void aMissingIsolatorFailsTheLaunchAtOnceSayingWhichAndHowToInstallIt() {
        containerizer.setIsolation(Isolation.of("fake", "cgroups/mem,a"));
        LaunchException e = assertThrows(LaunchException.class, this::launch);
        assertTrue(e.getMessage(), e.getMessage().startsWith("cannot launch the container: isolator 'cgroups/mem' of"
                + " this agent's isolation cgroups/mem,a (launcher fake) is not available."));
        assertTrue(e.getMessage(), e.getMessage().contains("feature:install allot-isolation-cgroups"));
        assertTrue(e.getMessage(), e.getMessage().contains("Available isolators: [a, b]"));
        assertEquals("nothing was prepared", List.of(), fakes.journal());
    }

    @Test
    public void anIsolatorThatGoesAwayAbandonsItsContainersWhichKeepRunningAndAreReadoptedWhenItReturns()
            throws Exception {
        ContainerRecord c = launch();
        fakes.clear();

        registry.removeIsolator(b);
        loop.settle();
        containerizer.update(c, Resources.parse("cpus:2;mem:64"));
        loop.settle();

        assertEquals("not destroyed, and no call reaches the missing isolator", List.of("update a"), fakes.journal());
        assertTrue(c.running());
        assertEquals(List.of("isolator 'b'"), List.copyOf(c.missing));

        FakeIsolation.FakeIsolator b2 = fakes.new FakeIsolator("b");
        registry.addIsolator(b2);
        loop.settle();

        assertEquals(List.of("update a", "recover b [" + c.id + "]"), fakes.journal());
        assertTrue(c.missing.isEmpty());
        // The new instance watches it: a limit it reports ends the container.
        ContainerLimitation oom = new ContainerLimitation(TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY, LIMITS,
                Resources.parse("mem:65"), "memory limit 64 MB exceeded");
        b2.watches.get(c.id).complete(oom);
        loop.settle();

        assertEquals(List.of("update a", "recover b [" + c.id + "]", "destroy", "cleanup b", "cleanup a"),
                fakes.journal());
        assertEquals(List.of(c), ended);
        assertEquals(oom, c.limitation);
    }

    @Test
    public void aLimitReportedByAnInstanceThatWentAwayIsIgnored() throws Exception {
        ContainerRecord c = launch();
        registry.removeIsolator(b);
        loop.settle();
        b.watches.get(c.id).complete(new ContainerLimitation(TaskStatus.Reason.CONTAINER_LIMITATION, Resources.empty(),
                Resources.empty(), "stale"));
        loop.settle();
        assertNull(c.limitation);
        assertTrue(c.running());
    }

    @Test
    public void aContainerThatEndsWhileAnIsolatorIsAwayIsCleanedUpByItWhenItReturns() throws Exception {
        ContainerRecord c = launch();
        registry.removeIsolator(b);
        loop.settle();
        fakes.clear();

        launcher.exit(c.id, 3);
        loop.settle();

        assertEquals(List.of("destroy", "cleanup a"), fakes.journal());
        assertEquals("the end is reported at once, with the real status", List.of(c), ended);
        assertEquals(3, c.exitStatus);
        assertEquals(Map.of("b", java.util.Set.of(c.id)), containerizer.adoption().pendingCleanups());

        registry.addIsolator(fakes.new FakeIsolator("b"));
        loop.settle();

        assertEquals(List.of("destroy", "cleanup a", "recover b [" + c.id + "]", "cleanup b"), fakes.journal());
        assertEquals(Map.of(), containerizer.adoption().pendingCleanups());
    }

    @Test
    public void withoutItsLauncherAContainerIsNotKilledUntilTheLauncherReturns() throws Exception {
        ContainerRecord c = launch();
        registry.removeLauncher(launcher);
        loop.settle();
        fakes.clear();

        containerizer.teardown(c);
        loop.settle();
        assertEquals("nothing can kill it yet", List.of(), fakes.journal());
        assertTrue(c.running());

        FakeIsolation.FakeLauncher back = fakes.new FakeLauncher("fake");
        registry.addLauncher(back);
        loop.settle();

        assertEquals(List.of("recover launcher [" + c.id + "]", "destroy", "cleanup b", "cleanup a"), fakes.journal());
        assertEquals(List.of(c), ended);
    }

    @Test
    public void isolationChangedAtRunTimeAppliesToNewContainersWhileRunningOnesKeepTheirs() throws Exception {
        containerizer.setIsolation(Isolation.of("fake", "a"));
        ContainerRecord first = launch();
        containerizer.setIsolation(Isolation.of("fake", "b,a"));
        fakes.clear();

        ContainerRecord second = launch();
        assertEquals(List.of("prepare b", "prepare a", "fork", "isolate b", "isolate a", "start"), fakes.journal());

        fakes.clear();
        launcher.exit(first.id, 0);
        loop.settle();
        assertEquals("the first keeps the isolation it started with", List.of("destroy", "cleanup a"),
                fakes.journal());
        assertEquals(Isolation.of("fake", "b,a"), second.isolation);
    }

    @Test
    public void aKillDuringPrepareEndsTheLaunchAndCleansUpWhatWasPrepared() throws Exception {
        b.heldPrepare = new java.util.concurrent.CompletableFuture<>();
        ContainerRecord c = launch();
        containerizer.destroy(c);
        b.heldPrepare.complete(org.allot.spi.isolation.ContainerLaunch.none());
        loop.settle();

        assertEquals(List.of("prepare a", "prepare b", "cleanup b", "cleanup a"), fakes.journal());
        assertEquals(List.of("failed: killed while it was being launched"), events);
    }

    @Test
    public void theCheckpointedIsolationReadsBackAndOldCheckpointsMeanPosix() {
        Isolation i = Isolation.of("posix", "cgroups/cpu, cgroups/mem ,posix");
        assertEquals(List.of("cgroups/cpu", "cgroups/mem", "posix"), i.isolators());
        assertEquals(i, Isolation.parse(i.format()));
        assertEquals(Isolation.posix(), Isolation.parse("posix"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Isolation.of("posix", "a,,b"));
        assertTrue(e.getMessage(), e.getMessage().contains("without empty entries"));
        e = assertThrows(IllegalArgumentException.class, () -> Isolation.of("posix", "a,a"));
        assertTrue(e.getMessage(), e.getMessage().contains("listed twice"));
    }
}
