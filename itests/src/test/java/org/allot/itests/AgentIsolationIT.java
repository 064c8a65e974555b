package org.allot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Isolation backends hot-deployed into a running agent (issue 8): with a task running,
 * {@code bundle:update} of the posix isolation bundle leaves the task running and the agent
 * re-adopts its container; the projects isolator, deployed into the running agent and added to its
 * {@code isolation}, is used by the next task, and the first task is unharmed.
 */
public class AgentIsolationIT extends AllotTestSupport {

    private static final long WAIT_MS = 30_000;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    // NOTE: loaded twice, by the test driver (which writes the configuration) and by the probe.
    @Override
    protected Option[] extraOptions() {
        String masterPort = freePort();
        Path workDir = Paths.get("target", "agent-isolation-it-" + masterPort).toAbsolutePath();
        return new Option[] {
            editConfigurationFilePut("etc/org.allot.master.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.allot.master.cfg", "port", masterPort),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "master", "127.0.0.1:" + masterPort),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "port", freePort()),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "resources", "cpus:2;mem:1024;disk:1024;ports:[31000-31100]"),
            editConfigurationFilePut("etc/org.allot.agent.cfg", "work_dir", workDir.toString()),
            systemProperty("allot.projects.bundle").value(System.getProperty("allot.projects.bundle")),
        };
    }

    @Test
    public void aTaskSurvivesAnIsolatorUpdateAndTheNextTaskUsesANewlyDeployedIsolator() throws Exception {
        executeCommand("feature:repo-add " + FEATURES_REPO);
        installAndAssertFeature("allot-local");
        CompletableFuture<String> first = inBackground(
                "allot:run --name first --count 1 --resources \"cpus:0.1;mem:32\" --timeout 120 \"sleep 25\"");
        String[] running = await("the first task's container, forked", () -> containers().stream()
                .filter(c -> Long.parseLong(c[3]) > 0).findFirst());
        assertTrue(running[4], running[4].equals("launcher posix,posix"));

        Bundle posix = assertBundleActive("allot-isolation-posix");
        posix.update();
        awaitTrue("the posix bundle is active again after its update", () -> posix.getState() == Bundle.ACTIVE);

        String[] readopted = await("the first container, re-adopted after the update", () -> containers()
                .stream().filter(c -> c[0].equals(running[0]) && !c[4].contains("(missing)")).findFirst());
        assertEquals("the same process runs on", running[3], readopted[3]);
        long pid = Long.parseLong(running[3]);
        assertTrue("process " + pid + " is alive", ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse("the first task is still running: " + (first.isDone() ? first.get() : ""), first.isDone());

        String jar = System.getProperty("allot.projects.bundle");
        assertNotNull("allot.projects.bundle names the projects isolator jar", jar);
        // What bundle:install -s does (the shell's bundle commands are re-registered after the update above).
        bundleContext.installBundle("file:" + jar).start();
        Configuration agentConfig = configurationAdmin.getConfiguration("org.allot.agent", null);
        Dictionary<String, Object> props = new Hashtable<>();
        for (var keys = agentConfig.getProperties().keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            props.put(k, agentConfig.getProperties().get(k));
        }
        props.put("isolation", "posix,project");
        agentConfig.update(props);
        await("the project isolator, configured and available", () -> Optional.of(
                executeCommand("allot:isolator-list --no-format")).filter(out -> out.contains("2\tproject\tyes")));

        CompletableFuture<String> second = inBackground(
                "allot:run --name second --count 1 --resources \"cpus:0.1;mem:32\" --timeout 60 \"sleep 3\"");
        String[] next = await("the second task's container", () -> containers().stream()
                .filter(c -> !c[0].equals(running[0])).findFirst());
        assertEquals("launcher posix,posix,project", next[4]);
        assertTrue(second.get(60, TimeUnit.SECONDS), second.get().contains("TASK_FINISHED"));

        String firstOut = first.get(60, TimeUnit.SECONDS);
        assertTrue("the first task finished unharmed:\n" + firstOut, firstOut.contains("TASK_FINISHED"));
        assertFalse(firstOut, firstOut.contains("TASK_LOST") || firstOut.contains("TASK_FAILED"));
    }

    private CompletableFuture<String> inBackground(String command) {
        return CompletableFuture.supplyAsync(() -> executeCommand(command));
    }

    /** allot:container-list --no-format, one array of cells per container (no OSGi types in the probe). */
    private List<String[]> containers() {
        List<String[]> rows = new java.util.ArrayList<>();
        for (String line : executeCommand("allot:container-list --no-format").split("\n")) {
            if (line.split("\t").length >= 10) {
                rows.add(line.split("\t"));
            }
        }
        return rows;
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            try {
                Optional<T> found = probe.get();
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (RuntimeException | AssertionError e) {
                // the agent is between cores or services; try again
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": not seen within " + WAIT_MS + " ms");
    }

    private static void awaitTrue(String what, Supplier<Boolean> probe) throws InterruptedException {
        await(what, () -> probe.get() ? Optional.of(true) : Optional.empty());
    }
}
