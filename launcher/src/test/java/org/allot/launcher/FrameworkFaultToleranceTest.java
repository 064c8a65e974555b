package org.allot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Schedulers and executors that die hard, as separate JVMs on loopback, with kill -9 (SIGKILL) and
 * no polite shutdown: one master and one agent shared by the tests, and a {@link ProbeScheduler}
 * process per scheduler (after Mesos's {@code SchedulerFailover*} and {@code ExecutorLost} tests).
 */
public class FrameworkFaultToleranceTest {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration EVENT = Duration.ofSeconds(30);

    private static final List<JavaProcess> PROCESSES = new ArrayList<>();
    private static Path dir;
    private static String master;
    private static JavaProcess agent;

    @BeforeClass
    public static void startCluster() throws Exception {
        dir = Files.createDirectories(Paths.get("target", "fault-tolerance-" + System.nanoTime()).toAbsolutePath());
        Matcher ready = start("master", MasterMain.class, List.of("--port", "0")).awaitLine(MasterMain.READY, START);
        master = ready.group(1) + ":" + ready.group(2);
        agent = start("agent", AgentMain.class, List.of("--master", master, "--port", "0", "--hostname", "agent-1",
                "--resources", "cpus:4;mem:2048;disk:1024", "--work-dir", dir.resolve("agent").toString()));
        agent.awaitLine(AgentMain.READY, START);
    }

    @AfterClass
    public static void endEveryProcess() {
        for (int i = PROCESSES.size() - 1; i >= 0; i--) {
            PROCESSES.get(i).close();
        }
        PROCESSES.clear();
    }

    private static JavaProcess start(String name, Class<?> main, List<String> args) throws Exception {
        // Surefire runs tests from a manifest-only jar; children get the real class path.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaProcess process = JavaProcess.start(name, classPath, main, args, dir.resolve(name + ".log"), 128);
        PROCESSES.add(process);
        return process;
    }

    private static JavaProcess scheduler(String name, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--master", master));
        all.addAll(List.of(args));
        return start(name, ProbeScheduler.class, all);
    }

    /** kill -9 of a process: no shutdown hook, no goodbye on its connections. */
    private static void killHard(long pid) throws Exception {
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
        assertTrue("SIGKILL sent to " + pid, p.destroyForcibly());
        p.onExit().get(EVENT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    /** A process the agent started (a task, an executor) whose command line contains {@code marker}. */
    private static Optional<ProcessHandle> underAgent(String marker) {
        return ProcessHandle.of(agent.pid()).orElseThrow().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(marker)).findFirst();
    }

    private static String log(JavaProcess p) throws Exception {
        return Files.readString(p.log(), StandardCharsets.UTF_8);
    }

    @Test
    public void aSchedulerKilledAndReplacedWithinItsFailoverTimeoutKeepsItsTasksAndGetsTheUnacknowledgedUpdates()
            throws Exception {
        // The first scheduler never acknowledges: its tasks' first updates (TASK_STARTING) are still
        // unacknowledged when it dies, and the agent sends each task's updates in order, one at a time.
        JavaProcess first = scheduler("failover-first", "--name", "failover", "--principal", "team",
                "--failover-timeout", "30", "--tasks", "2", "--command", "sleep 3", "--acknowledge", "never");
        String id = first.awaitLine("REGISTERED (\\S+)", START).group(1);
        String uuid1 = first.awaitLine("STATUS t-1 STARTING - uuid=(\\S+)", EVENT).group(1);
        String uuid2 = first.awaitLine("STATUS t-2 STARTING - uuid=(\\S+)", EVENT).group(1);

        killHard(first.pid());
        JavaProcess second = scheduler("failover-second", "--name", "failover", "--principal", "team",
                "--failover-timeout", "30", "--framework-id", id);

        Matcher registered = second.awaitLine("REGISTERED (\\S+) at (\\S+)", START);
        assertEquals(id, registered.group(1));
        // The master asked the agent to resend at once rather than at its next retry (up to 10 s away).
        agent.awaitLine("Resent the oldest unacknowledged update of 2 task\\(s\\) of framework " + id, EVENT);
        assertEquals("the same update, redelivered", uuid1,
                second.awaitLine("STATUS t-1 STARTING - uuid=(\\S+)", EVENT).group(1));
        Matcher redelivered = second.awaitLine("STATUS t-2 STARTING - uuid=(\\S+) at (\\S+)", EVENT);
        assertEquals(uuid2, redelivered.group(1));
        System.out.println("Unacknowledged updates redelivered " + Duration.between(Instant.parse(registered.group(2)),
                Instant.parse(redelivered.group(2))).toMillis() + " ms after the new scheduler registered");
        second.awaitLine("STATUS t-1 RUNNING", EVENT);
        second.awaitLine("STATUS t-2 RUNNING", EVENT);
        // The tasks ran on while no scheduler was there: they finish, not killed.
        second.awaitLine("STATUS t-1 FINISHED", EVENT);
        second.awaitLine("STATUS t-2 FINISHED", EVENT);
        assertFalse(log(second).contains("KILLED"));
    }

    @Test
    public void aSchedulerKilledAndNotBackWithinItsFailoverTimeoutLosesItsFrameworkAndItsTasksAreKilled()
            throws Exception {
        JavaProcess first = scheduler("timeout-first", "--name", "timeout", "--principal", "team",
                "--failover-timeout", "1", "--tasks", "1", "--command", "sleep 61.5");
        String id = first.awaitLine("REGISTERED (\\S+)", START).group(1);
        first.awaitLine("STATUS t-1 RUNNING", EVENT);
        assertTrue("the task runs under the agent", underAgent("sleep 61.5").isPresent());

        killHard(first.pid());

        long deadline = System.nanoTime() + EVENT.toNanos();
        while (underAgent("sleep 61.5").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse("the task was killed once the failover timeout of 1 s passed", underAgent("sleep 61.5").isPresent());
        JavaProcess late = scheduler("timeout-late", "--name", "timeout", "--principal", "team",
                "--framework-id", id);
        String error = late.awaitLine("ERROR (.*)", START).group(1);
        assertTrue(error, error.contains("framework " + id + " was removed"));
        assertTrue(error, error.contains("did not re-subscribe within its failover timeout of 1 s"));
    }

    @Test
    public void aSecondSchedulerWithTheSamePrincipalTakesOverAndAnotherPrincipalIsRefused() throws Exception {
        JavaProcess first = scheduler("hot-first", "--name", "hot", "--principal", "team",
                "--failover-timeout", "30");
        String id = first.awaitLine("REGISTERED (\\S+)", START).group(1);

        JavaProcess intruder = scheduler("hot-intruder", "--name", "hot", "--principal", "mallory",
                "--framework-id", id);
        String refused = intruder.awaitLine("ERROR (.*)", START).group(1);
        assertTrue(refused, refused.contains("belongs to principal 'team'"));
        assertFalse("the connected scheduler keeps the framework", log(first).contains("ERROR"));

        JavaProcess standby = scheduler("hot-standby", "--name", "hot", "--principal", "team",
                "--failover-timeout", "30", "--framework-id", id);
        assertEquals(id, standby.awaitLine("REGISTERED (\\S+)", START).group(1));
        String replaced = first.awaitLine("ERROR (.*)", EVENT).group(1);
        assertTrue(replaced, replaced.contains("was replaced by another scheduler"));
        first.awaitLine("ENDED DRIVER_ABORTED", EVENT);
        assertFalse("the new scheduler is not displaced", log(standby).contains("ERROR"));
    }

    @Test
    public void anExecutorKilledUnderItsTaskFailsTheTaskAndReportsExecutorLost() throws Exception {
        JavaProcess framework = scheduler("executor-lost", "--name", "executor-lost", "--tasks", "1",
                "--executor", "sleepy");
        framework.awaitLine("STATUS t-1 RUNNING", START);
        // The java process itself, not its posix supervisor (a shell whose command line names it too).
        ProcessHandle executor = ProcessHandle.of(agent.pid()).orElseThrow().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/java"))
                .filter(p -> p.info().commandLine().orElse("").contains("-Dallot.probe=" + SleepyExecutor.class.getName()))
                .findFirst().orElseThrow(
                () -> new AssertionError("no SleepyExecutor process under the agent"));

        killHard(executor.pid());

        Matcher failed = framework.awaitLine("STATUS t-1 (FINISHED|FAILED|KILLED|LOST|ERROR) (\\S+)", EVENT);
        assertEquals("FAILED", failed.group(1));
        assertEquals("EXECUTOR_TERMINATED", failed.group(2));
        Matcher lost = framework.awaitLine("EXECUTOR_LOST sleepy (\\S+) (-?[0-9]+)", EVENT);
        assertTrue("an agent id: " + lost.group(1), lost.group(1).startsWith("a-"));
    }
}
