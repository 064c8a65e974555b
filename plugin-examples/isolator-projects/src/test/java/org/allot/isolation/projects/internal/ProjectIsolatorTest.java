package org.allot.isolation.projects.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.allot.api.CommandInfo;
import org.allot.api.Resources;
import org.allot.api.TaskStatus;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.ContainerLimitation;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The projects isolator with real processes: joining, decoration, and max-processes enforced. */
public class ProjectIsolatorTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ProjectIsolator isolator;
    private Path sandbox;
    private final List<Process> started = new ArrayList<>();

    @Before
    public void projects() throws Exception {
        Path file = tmp.newFile("allot-projects").toPath();
        Files.writeString(file, "batch:100:jobs:*::project.max-processes=(priv,5,deny)\n"
                + "prod:101:by role:*::project.cpu-shares=(priv,5,none);project.max-memory=(priv,1G,deny)\n");
        sandbox = tmp.newFolder("sandbox").toPath();
        isolator = new ProjectIsolator(file, tmp.newFolder("state").toPath(), Path.of("/proc"), Duration.ofMillis(100));
    }

    @After
    public void killWhatWasStarted() {
        isolator.close();
        for (Process p : started) {
            // Every process of the session the test started, by pid (all of them are its descendants).
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private ContainerConfig config(String role, Map<String, String> labels) {
        return new ContainerConfig(Resources.parse("cpus:0.1;mem:32"), sandbox, "root", CommandInfo.shell("true"), role,
                labels);
    }

    @Test
    public void aTaskJoinsByLabelThenByRoleAndAnUnknownLabelFailsTheLaunchSayingWhy() throws Exception {
        ContainerLaunch byLabel = isolator.prepare(ContainerId.of("a"), config("*", Map.of("project", "batch")))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("/usr/bin/prlimit", "--nproc=5:5", "--"), byLabel.argvPrefix());
        assertEquals("batch", byLabel.environment().get("ALLOT_PROJECT"));
        ContainerLaunch byRole = isolator.prepare(ContainerId.of("b"), config("prod", Map.of()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("/usr/bin/prlimit", "--as=1073741824:1073741824", "--", "/usr/bin/nice", "-n", "3"),
                byRole.argvPrefix());
        ContainerLaunch none = isolator.prepare(ContainerId.of("c"), config("*", Map.of()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(ContainerLaunch.none(), none);
        ExecutionException e = assertThrows(ExecutionException.class, () -> isolator.prepare(ContainerId.of("d"),
                config("*", Map.of("project", "nope"))).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage(), e.getCause().getMessage().startsWith(
                "the task's label project=nope names no project in "));
    }

    @Test
    public void aProjectPassingMaxProcessesHasItsContainerEndedWithTheProjectAttributeLimitAndUsage() throws Exception {
        ContainerId id = ContainerId.of("bomb");
        ContainerLaunch launch = isolator.prepare(id, config("*", Map.of("project", "batch")))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<String> argv = new ArrayList<>(List.of("/usr/bin/setsid"));
        argv.addAll(launch.argvPrefix());
        argv.addAll(List.of("sh", "-c", "for i in 1 2 3 4 5 6 7 8; do sleep 60 & done; wait"));
        Process p = new ProcessBuilder(argv).start();
        started.add(p);
        isolator.isolate(id, p.pid()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        ContainerLimitation l = isolator.watch(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(TaskStatus.Reason.CONTAINER_LIMITATION, l.reason());
        assertTrue(l.message(), l.message().startsWith("project 'batch' (id 100) passed project.max-processes=5"
                + " (project.max-processes=(priv,5,deny)): its containers use "));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(".*use (\\d+) processes; ending container bomb, its"
                + " largest user with (\\d+) of them").matcher(l.message());
        assertTrue(l.message(), m.matches());
        assertTrue(l.message(), Integer.parseInt(m.group(1)) > 5 && m.group(1).equals(m.group(2)));
        isolator.cleanup(id).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
