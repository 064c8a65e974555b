package org.allot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.allot.examples.BagOfTasks;
import org.junit.After;
import org.junit.Test;

/**
 * A master, an agent and a framework, each its own JVM: the agent is killed with SIGKILL while many
 * short tasks run, then started again on the same work dir. Its tasks keep running meanwhile, are
 * re-adopted and reported again; the ones that ended while no agent ran are reported with their
 * real exit status (FINISHED, not FAILED "exit status unknown"). Every task reaches the framework
 * exactly once: finished, or, if the master sent it while the agent was dying and the agent never got
 * it, reported LOST when the agent re-registers.
 */
public class AgentCrashRecoveryTest {

    private static final Duration START = Duration.ofSeconds(30);
    private static final int TASKS = 60;

    private final List<JavaProcess> processes = new ArrayList<>();

    @After
    public void endEveryProcess() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }

    private JavaProcess start(String name, Class<?> main, List<String> args, Path dir) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaProcess process = JavaProcess.start(name, classPath, main, args, dir.resolve(name + ".log"), 192);
        processes.add(process);
        return process;
    }

    @Test
    public void aKill9OfTheAgentUnderLoadLosesNoTaskAndReportsNoneTwice() throws Exception {
        Path dir = Files.createDirectories(Paths.get("target", "agent-crash-" + System.nanoTime()).toAbsolutePath());
        Matcher ready = start("master", MasterMain.class, List.of("--port", "0"), dir)
                .awaitLine(MasterMain.READY, START);
        String master = ready.group(1) + ":" + ready.group(2);
        List<String> agentArgs = List.of("--master", master, "--port", "0", "--hostname", "agent-1",
                "--resources", "cpus:4;mem:2048", "--work-dir", dir.resolve("agent-1").toString(),
                "--set", "status_retry_interval=500ms");
        JavaProcess agent = start("agent-1", AgentMain.class, agentArgs, dir);
        agent.awaitLine(AgentMain.READY, START);
        // Each task sleeps a little longer than the agent takes to come back, so some end while no agent runs.
        JavaProcess framework = start("framework", BagOfTasks.class, List.of("--master", master, "--name", "crash",
                "--tasks", Integer.toString(TASKS), "--resources", "cpus:0.1;mem:16", "--task-seconds", "2",
                "--timeout", "50"), dir);
        agent.awaitLine("Task task-[0-9]+ of framework \\S+ is RUNNING", START);
        framework.awaitLine("Task task-[0-9]+ is FINISHED", START);

        agent.kill9();
        JavaProcess restarted = start("agent-1-restarted", AgentMain.class, agentArgs, dir);
        restarted.awaitLine("Re-registered with master", START);

        Matcher result = framework.awaitLine(
                "BagOfTasks: ([0-9]+) of ([0-9]+) task\\(s\\) finished, ([0-9]+) failed, ([0-9]+) duplicate",
                Duration.ofSeconds(55));
        assertEquals("tasks in " + framework.log(), Integer.toString(TASKS), result.group(2));
        assertEquals("terminal updates delivered twice in " + framework.log(), "0", result.group(4));
        // A task the master sent while the agent was being killed never reached it: the master reports
        // it LOST when the agent re-registers without it. Every other task, also the ones that ended
        // while no agent ran, finished, with its real exit status.
        String agentLog = Files.readString(agent.log());
        Matcher ended = Pattern.compile("Task (task-[0-9]+) ended (.*)").matcher(Files.readString(framework.log()));
        int lost = 0;
        while (ended.find()) {
            assertTrue("only a task the agent never got may end otherwise than FINISHED: " + ended.group(),
                    ended.group(2).startsWith("LOST (AGENT_RESTARTED)") && ended.group(2).endsWith("(it was STAGING)"));
            assertFalse(ended.group(1) + " was launched by the killed agent, yet reported lost: " + agent.log(),
                    agentLog.contains("Launching task " + ended.group(1) + " "));
            lost++;
        }
        assertEquals("finished in " + framework.log(), TASKS - lost, Integer.parseInt(result.group(1)));
        assertEquals("failed in " + framework.log(), lost, Integer.parseInt(result.group(3)));
        assertTrue("the restarted agent recovered containers: " + restarted.log(),
                Files.readString(restarted.log()).contains("Recovered container"));
    }
}
