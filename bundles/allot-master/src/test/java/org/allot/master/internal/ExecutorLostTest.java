package org.allot.master.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.master.internal.Harness.FakeAgent;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.Messages;
import org.allot.protocol.proto.Envelope;
import org.junit.Test;

/** An executor process that dies under its tasks, as the master relays it (after Mesos's ExecutorLost tests). */
public class ExecutorLostTest {

    private final Harness h = new Harness();
    private final ExecutorInfo exec = new ExecutorInfo(ExecutorId.of("e1"), "echo", CommandInfo.shell("java Echo"),
            Resources.parse("cpus:1;mem:512"));

    @Test
    public void theTasksFailedUpdateAndTheExecutorLostReachTheSchedulerAndEverythingIsFreed() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(TaskInfo.ofExecutor(TaskId.of("t1"), "t1", a.id,
                Resources.parse("cpus:1;mem:256"), exec)));
        a.update(s.id, "t1", TaskState.RUNNING);
        s.updates();

        // What the agent reports when the executor's process dies: its task failed, then the executor.
        a.update(s.id, "t1", TaskState.FAILED);
        h.deliver(a.conn, Messages.executorLost(s.id, ExecutorId.of("e1"), a.id, 137, "executor exited with status 137"));

        assertEquals(TaskState.FAILED, s.oneUpdate().state());
        List<Envelope> lost = s.conn.take(Envelope.MessageCase.EXECUTOR_LOST);
        assertEquals(1, lost.size());
        assertEquals("e1", lost.get(0).getExecutorLost().getExecutorId());
        assertEquals(137, lost.get(0).getExecutorLost().getExitStatus());
        assertEquals(Resources.empty(), h.engine().agent(a.id).orElseThrow().used());
        assertTrue(h.master.tasks().isEmpty());
    }

    @Test
    public void theExecutorLostOfARemovedFrameworkIsDroppedWithoutAnErrorToTheAgent() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(TaskInfo.ofExecutor(TaskId.of("t1"), "t1", a.id,
                Resources.parse("cpus:1;mem:256"), exec)));
        h.deliver(s.conn, Messages.teardown(s.id, "done"));
        assertEquals(1, a.conn.take(Envelope.MessageCase.TEARDOWN).size());

        h.deliver(a.conn, Messages.executorLost(s.id, ExecutorId.of("e1"), a.id, 0, "executor shut down"));

        assertTrue(a.conn.take(Envelope.MessageCase.ERROR).isEmpty());
    }
}
