package org.allot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.api.TaskState;
import org.allot.api.operator.Operator;
import org.allot.api.operator.TaskView;
import org.allot.client.AllotSchedulerDriver;
import org.junit.After;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Hot swap under load, as an operator does it: with three tasks running under DRF, install the
 * priority allocator ({@code feature:install}) and select it, then drop the bin-packing example
 * into {@code deploy/} and select it, then take it out of {@code deploy/} (the master falls back to
 * DRF). Throughout, the same three task ids stay RUNNING and none ends, and after every step an
 * {@code allot:run} task gets an offer and finishes. The choice is saved in the master's
 * configuration; {@code allot:allocator-list} marks the active allocator.
 */
public class HotSwapIT extends AllotTestSupport {

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private Operator operator;

    private AllotSchedulerDriver service;

    // NOTE: loaded twice, by the test driver (which writes the configuration) and by the probe.
    @Override
    protected Option[] extraOptions() {
        String masterPort = freePort();
        Path workDir = Paths.get("target", "hot-swap-it-" + masterPort).toAbsolutePath();
        return new Option[] {
            editConfigurationFilePut("etc/org.allot.master.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.allot.master.cfg", "port", masterPort),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "master", "127.0.0.1:" + masterPort),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "port", freePort()),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "resources", "cpus:2;mem:1024;disk:1024;ports:[31000-31100]"),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "work_dir", workDir.toString()),
            // The example allocator's jar, which the probe copies into deploy/ as an operator would.
            systemProperty("allot.binpack.jar").value(System.getProperty("allot.binpack.jar", "")),
            // The probe's own framework code links against allot-client: it must be there first.
            features(FEATURES_REPO, "allot-client"),
        };
    }

    @After
    public void tearDownTheService() {
        if (service != null) {
            service.stop(); // tears the framework down: its sleeps are killed
            service.join();
        }
    }

    @Test
    public void tasksRunOnAndOffersFlowAcrossEverySwitch() throws Exception {
        installAndAssertFeature("allot-local");
        operator = operator();
        SleepingService sleeper = new SleepingService(3, Resources.parse("cpus:0.2;mem:64"));
        service = new AllotSchedulerDriver(sleeper, FrameworkInfo.builder("sleepers",
                System.getProperty("user.name", "allot")).build(),
                "127.0.0.1:" + configurationAdmin.getConfiguration("org.allot.master", null).getProperties().get("port"));
        service.start();
        await("three sleepers RUNNING", () -> running().size() == 3);
        Set<String> tasks = running();
        assertEquals("drf", operator.activeAllocator());
        runOneTask("under DRF");

        installAndAssertFeature("allot-allocator-priority");
        executeCommand("allot:allocator-use priority");
        assertSwitched("priority", tasks, sleeper);
        assertEquals("the choice is saved", "priority", savedChoice());

        Path jar = Paths.get(System.getProperty("allot.binpack.jar"));
        Path dropped = Paths.get(System.getProperty("karaf.base"), "deploy", jar.getFileName().toString());
        Files.copy(jar, dropped, StandardCopyOption.REPLACE_EXISTING);
        await("the dropped-in allocator is available", () -> operator.allocatorStatus().available().contains("binpack"));
        executeCommand("allot:allocator-use binpack");
        assertSwitched("binpack", tasks, sleeper);

        Files.delete(dropped);
        await("the master falls back when binpack goes", () -> !operator.allocatorStatus().available().contains("binpack")
                && !operator.activeAllocator().isEmpty());
        assertSwitched("drf", tasks, sleeper);
        String list = executeCommand("allot:allocator-list");
        assertTrue(list, list.contains("Active: drf"));
    }

    /** The allocator is {@code name}, the same tasks run, none ended, and a new task gets an offer and finishes. */
    private void assertSwitched(String name, Set<String> tasks, SleepingService sleeper) {
        assertEquals(name, operator.activeAllocator());
        String list = executeCommand("allot:allocator-list --no-format");
        assertTrue(list, list.contains(name + "\t*"));
        assertEquals("task ids with " + name, tasks, running());
        assertEquals("tasks ended with " + name, 0, sleeper.terminal.get());
        runOneTask("with " + name);
        assertEquals("task ids after a task ran with " + name, tasks, running());
    }

    /** The master's Operator service, once allot-local has registered it. */
    private Operator operator() throws InterruptedException {
        await("the Operator service", () -> bundleContext.getServiceReference(Operator.class) != null);
        return bundleContext.getService(bundleContext.getServiceReference(Operator.class));
    }

    private Set<String> running() {
        Set<String> ids = new TreeSet<>();
        for (TaskView t : operator.tasks()) {
            if (t.state() == TaskState.RUNNING && t.taskId().value().startsWith("sleeper-")) {
                ids.add(t.taskId().value());
            }
        }
        return ids;
    }

    private String savedChoice() throws Exception {
        Object v = configurationAdmin.getConfiguration("org.allot.master", null).getProperties().get("allocator.use");
        return v == null ? null : v.toString();
    }

    private void runOneTask(String when) {
        String out = executeCommand("allot:run --count 1 --resources \"cpus:0.1;mem:32\" --timeout 60 \"echo hi\"");
        Matcher finished = Pattern.compile("TASK_FINISHED").matcher(out);
        int count = 0;
        while (finished.find()) {
            count++;
        }
        assertEquals("one task got an offer and finished " + when + ":\n" + out, 1, count);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds() * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeoutSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
