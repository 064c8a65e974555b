package org.allot.isolation.posix.internal;

import static org.allot.isolation.contract.Processes.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.allot.api.Resources;
import org.allot.api.TaskStatus;
import org.allot.isolation.contract.IsolatorContractTest;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLimitation;
import org.allot.spi.isolation.Isolator;
import org.awaitility.Awaitility;
import org.junit.Test;

/** The isolator contract against the posix isolator with sampled memory enforcement, plus its rlimits. */
public class PosixIsolatorTest extends IsolatorContractTest {

    @Override
    protected Isolator newIsolator() {
        return new PosixIsolator(new PosixSettings(1000, false, true, Duration.ofMillis(50)));
    }

    @Override
    protected Optional<LimitScenario> limitScenario() {
        // tail keeps a line without newline in memory: 100 MB held while head sleeps.
        return Optional.of(new LimitScenario(Resources.parse("cpus:0.5;mem:32"),
                "(head -c 100000000 /dev/zero; sleep 30) | tail", TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY));
    }

    @Test
    public void everyProcessOfTheContainerGetsTheRlimits() throws Exception {
        ContainerId id = newId();
        launch(id, limits(), "sleep 30 & echo $! > child; wait");
        Path child = tmp.getRoot().toPath().resolve("sandbox-" + id).resolve("child");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(child) && Files.size(child) > 0);
        long pid = Long.parseLong(Files.readString(child).strip());
        String limits = Files.readString(Path.of("/proc", Long.toString(pid), "limits"));
        assertTrue(limits, limits.lines().anyMatch(l -> l.startsWith("Max open files") && l.contains(" 1000 ")));
        end(id);
    }

    @Test
    public void memoryLimitationSaysTheLimitAndThePeak() throws Exception {
        ContainerId id = newId();
        launch(id, Resources.parse("cpus:0.5;mem:16"), limitScenario().orElseThrow().script());
        ContainerLimitation l = await(isolator.watch(id), 30);
        assertEquals(Resources.parse("mem:16"), l.limit());
        assertTrue("peak above the limit: " + l, l.peak().scalar("mem") > 16);
        assertTrue(l.message(), l.message().contains("memory limit 16.0 MB exceeded"));
        end(id);
    }

    @Test
    public void pidsAreTheContainersProcesses() throws Exception {
        ContainerId id = newId();
        long root = launch(id, limits(), "sleep 30 & setsid sleep 31 & wait");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ((PosixIsolator) isolator).pids(id).size() >= 3);
        assertTrue(((PosixIsolator) isolator).pids(id).contains(root));
        end(id);
    }
}
