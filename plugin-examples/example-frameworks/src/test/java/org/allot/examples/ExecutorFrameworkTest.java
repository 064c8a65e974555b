package org.allot.examples;

import static org.allot.examples.Fixtures.FRAMEWORK;
import static org.allot.examples.Fixtures.offer;
import static org.allot.examples.Fixtures.status;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.client.Status;
import org.junit.Test;

public class ExecutorFrameworkTest {

    private final RecordingDriver driver = new RecordingDriver();

    @Test
    public void theExecutorCommandRunsEchoExecutorWithThisClassPath() {
        CommandInfo c = ExecutorFramework.echoExecutorCommand();
        assertEquals(false, c.shell());
        assertTrue(c.argv().get(0), c.argv().get(0).endsWith("java"));
        assertEquals(List.of("-cp", ExecutorFramework.absoluteClassPath(System.getProperty("java.class.path")),
                EchoExecutor.class.getName()),
                c.argv().subList(1, 4));
    }

    @Test
    public void aRelativeClassPathIsMadeAbsoluteForTheExecutorsSandbox() {
        String sep = java.io.File.pathSeparator;
        String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
        assertEquals(cwd + "/launcher/target/allot-local.jar" + sep + "/opt/x.jar",
                ExecutorFramework.absoluteClassPath("launcher/target/allot-local.jar" + sep + "/opt/x.jar"));
    }

    @Test
    public void tasksGoUnderTheExecutorWithTheirDataAndRoomForTheExecutor() {
        ExecutorFramework fw = new ExecutorFramework("127.0.0.1:5050", FRAMEWORK, 3, Resources.parse("cpus:0.5;mem:16"),
                CommandInfo.shell("java Echo"));
        // cpus:1 holds the executor's 0.1 and one task of 0.5; the second offer holds the other two.
        fw.resourceOffers(driver, List.of(offer("o-1", "cpus:1;mem:1024"), offer("o-2", "cpus:0.05;mem:1024"),
                offer("o-3", "cpus:2;mem:1024")));
        assertEquals(List.of(OfferId.of("o-2")), driver.declines);
        assertEquals(1, driver.launches.get(0).tasks().size());
        assertEquals(2, driver.launches.get(1).tasks().size());
        TaskInfo t = driver.launches.get(0).tasks().get(0);
        assertEquals(fw.executor(), t.executor().orElseThrow());
        assertEquals("echo 1", new String(t.data(), StandardCharsets.UTF_8));
    }

    @Test
    public void doneWhenEveryTaskFinishedAndEveryEchoCameBack() {
        ExecutorFramework fw = new ExecutorFramework("127.0.0.1:5050", FRAMEWORK, 2, Resources.parse("cpus:0.1"),
                CommandInfo.shell("java Echo"));
        fw.resourceOffers(driver, List.of(offer("o-1", "cpus:1;mem:1024")));
        List<TaskInfo> tasks = driver.launchedTasks();
        tasks.forEach(t -> fw.statusUpdate(driver, status(t.id(), TaskState.FINISHED)));
        fw.frameworkMessage(driver, ExecutorId.of("echo-executor"), AgentId.of("a-1"), "echo 1".getBytes());
        assertEquals(1, fw.result(false, Status.DRIVER_STOPPED).exitCode());
        fw.frameworkMessage(driver, ExecutorId.of("echo-executor"), AgentId.of("a-1"), "echo 2".getBytes());
        ExecutorFramework.Result r = fw.result(false, Status.DRIVER_STOPPED);
        assertEquals(List.of("echo 1", "echo 2"), r.echoes());
        assertEquals(0, r.exitCode());
    }
}
