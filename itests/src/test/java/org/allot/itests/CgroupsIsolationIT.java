package org.allot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.allot.api.CommandInfo;
import org.allot.api.Resources;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerExit;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.LaunchRequest;
import org.allot.spi.isolation.Launcher;
import org.junit.After;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceReference;

/**
 * The {@code allot-isolation-cgroups} feature in the distribution: it installs, registers the
 * isolators {@code cgroups/cpu}, {@code cgroups/mem}, {@code cgroups/pids} and the launcher
 * {@code cgroups}, and they run a container of {@code /bin/true} on this host's cgroups. Skipped,
 * saying why, where cgroups cannot be written.
 */
public class CgroupsIsolationIT extends AllotTestSupport {

    private static final String PARENT = "allot-it";
    private static final List<String> CONTROLLERS = List.of("cpu", "cpuacct", "memory", "pids", "freezer", "unified");

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut("etc/org.allot.isolation.cgroups.cfg", "parent", PARENT),
        };
    }

    @After
    public void removeParentCgroups() throws Exception {
        if (featuresService.isInstalled(featuresService.getFeature("allot-isolation-cgroups"))) {
            featuresService.uninstallFeature("allot-isolation-cgroups");
        }
        for (String c : CONTROLLERS) {
            Files.deleteIfExists(Path.of("/sys/fs/cgroup", c, PARENT));
        }
        Files.deleteIfExists(Path.of("/sys/fs/cgroup", PARENT));
    }

    @Test
    public void theFeatureRegistersTheIsolatorsAndTheLauncherAndTheyRunAContainer() throws Exception {
        assumeTrue("cgroups need root; Karaf runs as " + System.getProperty("user.name"),
                "root".equals(System.getProperty("user.name")));
        assumeTrue("no writable cgroup hierarchy under /sys/fs/cgroup",
                Files.isWritable(Path.of("/sys/fs/cgroup/memory"))
                        || Files.isWritable(Path.of("/sys/fs/cgroup/cgroup.procs")));
        executeCommand("feature:repo-add " + FEATURES_REPO);
        installAndAssertFeature("allot-isolation-cgroups");
        assertBundleActive("allot-isolation-cgroups");

        Isolator mem = await(Isolator.class, "(" + Isolator.NAME_PROPERTY + "=cgroups/mem)");
        await(Isolator.class, "(" + Isolator.NAME_PROPERTY + "=cgroups/cpu)");
        await(Isolator.class, "(" + Isolator.NAME_PROPERTY + "=cgroups/pids)");
        Launcher launcher = await(Launcher.class, "(" + Launcher.NAME_PROPERTY + "=cgroups)");

        Path work = Files.createTempDirectory("cgroups-it");
        ContainerId id = ContainerId.of("it-" + System.nanoTime());
        Path sandbox = Files.createDirectories(work.resolve("sandbox"));
        mem.prepare(id, new ContainerConfig(Resources.parse("cpus:0.1;mem:32"), sandbox, "root",
                CommandInfo.shell("exit 4"))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        long pid = launcher.fork(id, new LaunchRequest(List.of("/bin/sh", "-c", "exit 4"),
                Map.of("PATH", "/usr/bin:/bin"), sandbox, sandbox.resolve("stdout"), sandbox.resolve("stderr"),
                work.resolve("run"))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        mem.isolate(id, pid).toCompletableFuture().get(10, TimeUnit.SECONDS);
        launcher.start(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(ContainerExit.exited(4), launcher.onExit(id).toCompletableFuture().get(10, TimeUnit.SECONDS));
        launcher.destroy(id).toCompletableFuture().get(30, TimeUnit.SECONDS);
        mem.cleanup(id).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertTrue("the container's memory cgroup is gone",
                !Files.exists(Path.of("/sys/fs/cgroup/memory", PARENT, id.value())));
    }

    /** The service matching {@code filter}, waiting for Declarative Services to register it. */
    private <T> T await(Class<T> type, String filter) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds());
        while (true) {
            Collection<ServiceReference<T>> refs = bundleContext.getServiceReferences(type, filter);
            if (!refs.isEmpty()) {
                return bundleContext.getService(refs.iterator().next());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + type.getSimpleName() + " service " + filter + " within "
                        + timeoutSeconds() + " s; see scr:list and the log");
            }
            Thread.sleep(50);
        }
    }
}
