package org.allot.agent.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeNoException;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.allot.api.CommandInfo;
import org.allot.isolation.cgroups.internal.CgroupsHost;
import org.allot.isolation.cgroups.internal.CgroupsLauncher;
import org.allot.isolation.cgroups.internal.CgroupsSettings;
import org.allot.isolation.cgroups.internal.MemoryIsolator;
import org.allot.isolation.cgroups.internal.PidsIsolator;
import org.allot.isolation.cgroups.internal.kernel.Cgroup;
import org.allot.isolation.cgroups.internal.kernel.CgroupDetector;
import org.allot.isolation.cgroups.internal.kernel.CgroupIo;
import org.allot.isolation.cgroups.internal.kernel.Controller;
import org.allot.isolation.cgroups.internal.kernel.Signaller;
import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.TaskStatus;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A real agent with {@code launcher=cgroups} and {@code isolation=cgroups/mem,cgroups/pids} on this
 * host's cgroups: a task that allocates past its memory limit ends {@code TASK_FAILED} with
 * {@code CONTAINER_LIMITATION_MEMORY} and a message naming the limit and the peak. Skipped, saying
 * why, where cgroups cannot be written.
 */
public class AgentCgroupsTest extends AgentTestSupport {

    private CgroupsHost host;
    private MemoryIsolator mem;
    private List<Path> parents = List.of();

    @Before
    public void cgroups() {
        assumeTrue("cgroups need root; running as " + System.getProperty("user.name"),
                "root".equals(System.getProperty("user.name")));
        try {
            host = new CgroupsHost(CgroupDetector.detect("auto", "allot-agent-test-" + UUID.randomUUID()),
                    CgroupsSettings.defaults());
        } catch (RuntimeException e) {
            assumeNoException("cgroups are not writable here: " + e.getMessage(), e);
        }
        parents = host.hierarchy().parentDirectories();
        mem = new MemoryIsolator(host);
    }

    @After
    public void removeCgroups() throws Exception {
        if (host == null) {
            return;
        }
        for (Agent a : agents) {
            a.stop();
        }
        agents.clear();
        for (String name : host.hierarchy().containers()) {
            Cgroup cg = host.hierarchy().cgroup(name);
            cg.killAll(Signaller.sigkill(), Duration.ofSeconds(10));
            cg.destroy(EnumSet.allOf(Controller.class), Duration.ofSeconds(10));
        }
        mem.close();
        host.close();
        for (Path p : parents) {
            CgroupIo.direct().rmdir(p);
        }
    }

    @Test
    public void aTaskPastItsMemoryLimitFailsWithTheMemoryLimitationReasonLimitAndPeak() throws Exception {
        FakeMaster master = master(0);
        IsolationRegistry registry = IsolationRegistry.of(new CgroupsLauncher(host), mem, new PidsIsolator(host));
        Agent agent = new Agent(config(master).launcher("cgroups").isolation("cgroups/mem,cgroups/pids").build(),
                registry, new ThreadEventLoop("agent"));
        agents.add(agent);
        agent.start();
        awaitRegistered(agent);

        // The task has mem:32; dd's 256 MiB block passes it.
        master.send(runTask("t-oom", CommandInfo.shell("dd if=/dev/zero of=/dev/null bs=256M count=4")));

        await().atMost(WAIT).until(() -> master.states("t-oom").contains(TaskState.TASK_FAILED));
        List<StatusUpdate> updates = master.updates("t-oom");
        TaskStatus last = updates.get(updates.size() - 1).getStatus();
        assertEquals(TaskState.TASK_FAILED, last.getState());
        assertEquals(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, last.getReason());
        assertTrue(last.getMessage(), last.getMessage().matches("memory limit \\d+ MB of container \\S+ exceeded"
                + " \\(peak \\d+\\.\\d MB\\): the kernel's OOM killer killed \\d+ process\\(es\\)"));
    }
}
