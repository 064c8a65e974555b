package org.allot.isolation.contract;

import static org.allot.isolation.contract.Processes.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.allot.api.CommandInfo;
import org.allot.api.Resources;
import org.allot.api.TaskStatus;
import org.allot.isolation.posix.internal.PosixLauncher;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerExit;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.ContainerLimitation;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.LaunchRequest;
import org.allot.spi.isolation.Launcher;
import org.allot.spi.isolation.ResourceUsage;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The contract of {@link Isolator} (see its javadoc), run against real processes the way the agent
 * drives an isolator: prepare, fork with the decoration, isolate, start, watch, usage, destroy by
 * the launcher, cleanup. Extend it with {@link #newIsolator()}; override {@link #newLauncher()} if
 * the isolator needs another launcher than posix, and {@link #limitScenario()} if it enforces a
 * limit that ends a container. Shipped in the test-jar of {@code allot-isolation-posix}
 * (classifier {@code tests}).
 */
public abstract class IsolatorContractTest {

    /** A command that passes a limit, the limits it runs with, and the reason {@code watch} must give. */
    public record LimitScenario(Resources limits, String script, TaskStatus.Reason reason) {
    }

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    protected Isolator isolator;
    protected Launcher launcher;
    private Path runRoot;
    private final List<ContainerId> live = new ArrayList<>();

    /** A new instance of the isolator under test, as after an agent restart. */
    protected abstract Isolator newIsolator();

    /** The launcher the agent would use with this isolator. */
    protected Launcher newLauncher() {
        return new PosixLauncher();
    }

    /** The limits a well-behaved test container gets. */
    protected Resources limits() {
        return Resources.parse("cpus:0.5;mem:128");
    }

    /** How to make a container hit a limit this isolator enforces; empty if it enforces none. */
    protected Optional<LimitScenario> limitScenario() {
        return Optional.empty();
    }

    @Before
    public void create() throws Exception {
        isolator = newIsolator();
        launcher = newLauncher();
        runRoot = tmp.newFolder("run").toPath();
    }

    @After
    public void destroyAll() throws Exception {
        for (ContainerId id : live) {
            await(launcher.destroy(id), 30);
            await(isolator.cleanup(id), 30);
        }
    }

    /** Prepares, forks with the decoration, isolates and starts {@code sh -c script}; returns the pid. */
    protected long launch(ContainerId id, Resources limits, String script) throws Exception {
        Path sandbox = tmp.newFolder("sandbox-" + id).toPath();
        ContainerLaunch decoration = await(isolator.prepare(id,
                new ContainerConfig(limits, sandbox, System.getProperty("user.name"), CommandInfo.shell(script))), 10);
        assertNotNull("prepare must complete with a decoration (ContainerLaunch.none() for none)", decoration);
        live.add(id);
        List<String> argv = new ArrayList<>(decoration.argvPrefix());
        argv.addAll(List.of("/bin/sh", "-c", script));
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin"));
        env.putAll(decoration.environment());
        long pid = await(launcher.fork(id, new LaunchRequest(argv, env, sandbox, sandbox.resolve("stdout"),
                sandbox.resolve("stderr"), runRoot.resolve(id.value()))), 10);
        await(isolator.isolate(id, pid), 10);
        await(launcher.start(id), 10);
        return pid;
    }

    /** Destroys through the launcher, then cleans up, as the agent ends a container. */
    protected void end(ContainerId id) throws Exception {
        await(launcher.destroy(id), 30);
        await(isolator.cleanup(id), 30);
        live.remove(id);
    }

    protected static ContainerId newId() {
        return ContainerId.of(UUID.randomUUID().toString());
    }

    @Test
    public void theDecoratedCommandRunsThroughPrepareIsolateAndCleanup() throws Exception {
        ContainerId id = newId();
        launch(id, limits(), "echo hello > out; exit 5");
        assertEquals("the decorated argv must still run the command and keep its status",
                ContainerExit.exited(5), await(launcher.onExit(id), 10));
        assertEquals("hello", Files.readString(tmp.getRoot().toPath().resolve("sandbox-" + id).resolve("out")).strip());
        end(id);
    }

    @Test
    public void cleanupOfAContainerThatWasOnlyPreparedCompletes() throws Exception {
        // A launch that failed after prepare: the agent cleans up without fork or isolate.
        ContainerId id = newId();
        Path sandbox = tmp.newFolder().toPath();
        await(isolator.prepare(id, new ContainerConfig(limits(), sandbox, "nobody", CommandInfo.shell("true"))), 10);
        await(isolator.cleanup(id), 10);
    }

    @Test
    public void cleanupOfAnUnknownContainerCompletes() throws Exception {
        await(isolator.cleanup(newId()), 10);
    }

    @Test
    public void usageFieldsAreSaneWhileRunning() throws Exception {
        ContainerId id = newId();
        launch(id, limits(), "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; sleep 30");
        ResourceUsage first = await(isolator.usage(id), 10);
        assertSane(first);
        ResourceUsage later = await(isolator.usage(id), 10);
        assertSane(later);
        assertFalse("time goes forward", later.timestamp().isBefore(first.timestamp()));
        if (ResourceUsage.measured(first.cpuUserSeconds())) {
            assertTrue("cpu time never decreases", later.cpuUserSeconds() + later.cpuSystemSeconds()
                    >= first.cpuUserSeconds() + first.cpuSystemSeconds());
        }
        if (ResourceUsage.measured(later.processes())) {
            assertTrue("the running shell counts: " + later, later.processes() >= 1);
        }
        end(id);
    }

    @Test
    public void recoverReadoptsARunningContainerAndAcceptsGoneOnes() throws Exception {
        ContainerId id = newId();
        long pid = launch(id, limits(), "sleep 30");
        ContainerId gone = newId();

        Isolator restarted = newIsolator();
        await(restarted.recover(List.of(new ContainerState(id, pid, tmp.getRoot().toPath(), limits()),
                new ContainerState(gone, 999_999_999L, tmp.getRoot().toPath(), limits())), Set.of()), 10);

        ResourceUsage u = await(restarted.usage(id), 10);
        assertSane(u);
        if (ResourceUsage.measured(u.processes())) {
            assertTrue("the recovered container's process counts: " + u, u.processes() >= 1);
        }
        assertSane(await(restarted.usage(gone), 10));
        await(launcher.destroy(id), 30);
        await(restarted.cleanup(id), 10);
        await(restarted.cleanup(gone), 10);
        await(isolator.cleanup(id), 10);
        live.remove(id);
    }

    @Test
    public void watchCompletesWhenTheContainerHitsItsLimit() throws Exception {
        Optional<LimitScenario> scenario = limitScenario();
        assumeTrue(isolator.name() + " enforces no limit that ends a container (limitScenario() is empty)",
                scenario.isPresent());
        ContainerId id = newId();
        launch(id, scenario.get().limits(), scenario.get().script());
        ContainerLimitation limitation = await(isolator.watch(id), 30);
        assertEquals(scenario.get().reason(), limitation.reason());
        assertFalse("the message says which limit: " + limitation, limitation.message().isBlank());
        end(id);
    }

    @Test
    public void watchOfAWellBehavedContainerIsPending() throws Exception {
        ContainerId id = newId();
        launch(id, limits(), "exit 0");
        await(launcher.onExit(id), 10);
        assertFalse("nothing was passed", isolator.watch(id).toCompletableFuture().isDone());
        end(id);
    }

    private static void assertSane(ResourceUsage u) {
        assertNotNull(u.timestamp());
        assertTrue("timestamp now-ish: " + u, Duration.between(u.timestamp(), java.time.Instant.now()).abs()
                .compareTo(Duration.ofMinutes(1)) < 0);
        if (ResourceUsage.measured(u.memRssBytes()) && ResourceUsage.measured(u.memPeakBytes())) {
            assertTrue("peak >= rss: " + u, u.memPeakBytes() >= u.memRssBytes());
        }
    }
}
