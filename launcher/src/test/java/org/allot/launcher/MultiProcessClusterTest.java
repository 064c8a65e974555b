package org.allot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import org.allot.examples.BagOfTasks;
import org.junit.After;
import org.junit.Test;

/**
 * A master, two agents and two frameworks, each its own JVM, on loopback: 200 short tasks, and every
 * task's terminal status reaches its scheduler exactly once (each framework counts its tasks' first
 * terminal update and any later update for a task already ended).
 */
public class MultiProcessClusterTest {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration RUN = Duration.ofSeconds(180);

    private final List<JavaProcess> processes = new ArrayList<>();

    @After
    public void endEveryProcess() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }

    private JavaProcess start(String name, Class<?> main, List<String> args, Path dir) throws Exception {
        // Surefire runs tests from a manifest-only jar; children get the real class path.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaProcess process = JavaProcess.start(name, classPath, main, args, dir.resolve(name + ".log"), 192);
        processes.add(process);
        return process;
    }

    /** Starts a master and {@code agents} agents as JVMs in {@code dir}; returns the master's host:port. */
    private String cluster(Path dir, int agents) throws Exception {
        Matcher ready = start("master", MasterMain.class, List.of("--port", "0"), dir)
                .awaitLine(MasterMain.READY, START);
        String master = ready.group(1) + ":" + ready.group(2);
        for (int i = 1; i <= agents; i++) {
            start("agent-" + i, AgentMain.class, List.of("--master", master, "--port", "0",
                    "--hostname", "agent-" + i, "--resources", "cpus:4;mem:2048;disk:1024;ports:[31000-31099]",
                    "--work-dir", dir.resolve("agent-" + i).toString()), dir).awaitLine(AgentMain.READY, START);
        }
        return master;
    }

    private static Path newDir() throws Exception {
        return Files.createDirectories(Paths.get("target", "multi-process-" + System.nanoTime()).toAbsolutePath());
    }

    @Test
    public void aCustomExecutorRunsTasksAndEchoesTheirData() throws Exception {
        Path dir = newDir();
        String master = cluster(dir, 1);
        JavaProcess framework = start("executor-framework", org.allot.examples.ExecutorFramework.class,
                List.of("--master", master, "--tasks", "4", "--timeout", "120"), dir);
        Matcher result = framework.awaitLine(
                "ExecutorFramework: ([0-9]+) of ([0-9]+) task\\(s\\) finished, ([0-9]+) echo", RUN);
        assertEquals("finished in " + framework.log(), "4", result.group(1));
        assertEquals("echoes in " + framework.log(), "4", result.group(3));
    }

    @Test
    public void twoHundredTasksEachReachTheirSchedulerExactlyOnce() throws Exception {
        Path dir = newDir();
        String master = cluster(dir, 2);
        JavaProcess first = start("framework-a", BagOfTasks.class, List.of("--master", master, "--name", "a",
                "--tasks", "100", "--resources", "cpus:0.2;mem:32", "--command", "true", "--timeout", "150"), dir);
        JavaProcess second = start("framework-b", BagOfTasks.class, List.of("--master", master, "--name", "b",
                "--tasks", "100", "--resources", "cpus:0.1;mem:64", "--command", "true", "--timeout", "150"), dir);

        for (JavaProcess framework : List.of(first, second)) {
            Matcher result = framework.awaitLine(
                    "BagOfTasks: ([0-9]+) of ([0-9]+) task\\(s\\) finished, ([0-9]+) failed, ([0-9]+) duplicate", RUN);
            assertEquals("tasks of " + framework.log(), "100", result.group(2));
            assertEquals("finished in " + framework.log(), "100", result.group(1));
            assertEquals("failed in " + framework.log(), "0", result.group(3));
            assertEquals("terminal updates delivered twice in " + framework.log(), "0", result.group(4));
        }
        assertTrue("the master is still up after both frameworks ended", processes.get(0).isAlive());
    }
}
