package org.allot.isolation.cgroups.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.allot.api.Resources;
import org.allot.spi.isolation.ContainerExit;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerState;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An agent restart as the cgroups launcher sees it: a second launcher (the restarted agent's)
 * re-adopts the first one's containers from their run dirs and cgroups, gets the exit status the
 * supervisor recorded while "no agent" watched, and reports the containers it has no record of as
 * orphans. On the real kernel; skipped, saying why, where cgroups cannot be written.
 */
public class CgroupsLauncherRecoveryTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private RealCgroups cgroups;

    @After
    public void removeTestCgroups() throws Exception {
        if (cgroups != null) {
            cgroups.close();
        }
    }

    @Test
    public void aRestartedLauncherReadoptsContainersKeepsTheirExitStatusAndReportsOrphans() throws Exception {
        cgroups = RealCgroups.open(CgroupsSettings.defaults(), tmp.getRoot().toPath());
        CgroupsLauncher before = new CgroupsLauncher(cgroups.host);
        ContainerId running = ContainerId.of("running-" + UUID.randomUUID());
        ContainerId exiting = ContainerId.of("exiting-" + UUID.randomUUID());
        ContainerId orphan = ContainerId.of("orphan-" + UUID.randomUUID());
        Resources limits = Resources.parse("cpus:0.1;mem:32");
        long runningPid = cgroups.launch(before, List.of(), running, limits, "sleep", "300");
        long exitingPid = cgroups.launch(before, List.of(), exiting, limits, "sh", "-c", "sleep 0.5; exit 7");
        cgroups.launch(before, List.of(), orphan, limits, "sleep", "300");

        // The agent restarts: it checkpointed two of the three containers.
        CgroupsLauncher after = new CgroupsLauncher(cgroups.host);
        Path runRoot = tmp.getRoot().toPath().resolve("run");
        Set<ContainerId> orphans = after.recover(runRoot, List.of(
                new ContainerState(running, runningPid, runRoot, limits),
                new ContainerState(exiting, exitingPid, runRoot, limits))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(Set.of(orphan), orphans);
        assertEquals(ContainerExit.exited(7), after.onExit(exiting).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertFalse(after.onExit(running).toCompletableFuture().isDone());
        assertTrue(after.pids(running).toCompletableFuture().get(5, TimeUnit.SECONDS).contains(runningPid));

        for (ContainerId id : List.of(running, exiting, orphan)) {
            after.destroy(id).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertTrue(cgroups.containers().isEmpty());
        assertTrue(after.onExit(running).toCompletableFuture().get(5, TimeUnit.SECONDS).status().isPresent());
    }
}
