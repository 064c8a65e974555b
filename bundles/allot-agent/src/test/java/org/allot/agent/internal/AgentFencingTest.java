package org.allot.agent.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.allot.api.CommandInfo;
import org.allot.protocol.Messages;
import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.proto.Envelope;
import org.junit.Test;

/**
 * Epoch fencing in the agent: orders from a master older than the newest epoch the agent has seen
 * are refused, and every launch it accepts is logged with its epoch in {@code fencing.log}.
 */
public class AgentFencingTest extends AgentTestSupport {

    @Test
    public void theFenceAdmitsTheNewestEpochAndRefusesOlderOnes() throws Exception {
        Instant[] now = {Instant.parse("2030-01-01T00:00:00Z")};
        EpochFence fence = new EpochFence(tmp.newFolder().toPath(), () -> now[0]);
        assertTrue("a standalone master's unstamped messages", fence.admits(0, "RUN_TASK"));
        fence.seen(3);
        assertFalse(fence.admits(2, "RUN_TASK"));
        assertTrue(fence.admits(3, "RUN_TASK"));
        assertTrue(fence.admits(4, "KILL_TASK"));
        assertFalse("epoch 3 is now older than the newest", fence.admits(3, "RUN_TASK"));
        assertFalse("unstamped after an elected master", fence.admits(0, "RUN_TASK"));
        fence.seen(2);
        assertEquals(4, fence.newest());
    }

    @Test
    public void anAgentRefusesLaunchesFromADeposedMasterAndLogsTheEpochOfEveryLaunchItAccepts() throws Exception {
        FakeMaster master = master(0);
        Agent agent = start(config(master).build(), new ThreadEventLoop("agent"));
        awaitRegistered(agent);

        master.send(Messages.withEpoch(runTask("t1", CommandInfo.shell("true")), 5));
        awaitUpdateFor(master, "t1");
        master.send(Messages.withEpoch(runTask("t2", CommandInfo.shell("true")), 4));
        master.send(Messages.withEpoch(runTask("t3", CommandInfo.shell("true")), 6));
        awaitUpdateFor(master, "t3");

        assertFalse("the launch from epoch 4 after epoch 5 ran", updatedTasks(master).contains("t2"));
        List<String> log = Files.readAllLines(agent.workDir().resolve(EpochFence.FILE));
        assertEquals(2, log.size());
        assertTrue(log.get(0), log.get(0).matches("[0-9]+ epoch=5 master=\\S+ framework=" + FID + " task=t1"));
        assertTrue(log.get(1), log.get(1).matches("[0-9]+ epoch=6 master=\\S+ framework=" + FID + " task=t3"));
    }

    private static void awaitUpdateFor(FakeMaster master, String task) {
        await().atMost(WAIT).until(() -> updatedTasks(master).contains(task));
    }

    private static List<String> updatedTasks(FakeMaster master) {
        return master.of(Envelope.MessageCase.STATUS_UPDATE).stream()
                .map(e -> e.getStatusUpdate().getStatus().getTaskId()).distinct().collect(Collectors.toList());
    }
}
