package org.allot.master.internal;

import static org.allot.master.internal.Harness.task;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.allot.api.AgentInfo;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.master.internal.Harness.FakeAgent;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.CloseReason;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Envelope.MessageCase;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;
import org.junit.Test;

/**
 * The master core's seams, asserted on the outbound port on a manual clock: the order of what it
 * sends, leadership, first-class executors, resources freed on the agent's latest state, and
 * launch validation through the master.
 */
public class MasterCoreTest {

    private final Harness h = new Harness();

    @Test
    public void agentLostReachesTheSchedulerBeforeItsTasksUpdates() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1"), task("t2", a.id, "cpus:1")));
        h.out.clear();

        a.lose(CloseReason.HEARTBEAT_TIMEOUT, "no message for 20 s");

        List<MessageCase> kinds = h.out.kindsTo(s.conn);
        assertEquals(List.of(MessageCase.AGENT_LOST, MessageCase.STATUS_UPDATE, MessageCase.STATUS_UPDATE), kinds);
    }

    @Test
    public void aFrameworkThatNeverAcknowledgesDoesNotHoldFinishedTasksResources() {
        FakeScheduler lazy = h.scheduler("lazy");
        FakeAgent a = h.agent("host-1", "cpus:1;mem:1024");
        lazy.accept(List.of(lazy.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1;mem:1024")));
        // The agent's stream still waits for the acknowledgement of STARTING, but the task finished:
        // it says so in latest_state. The master frees the resources at once.
        a.update(lazy.id, "t1", TaskState.STARTING, TaskState.FINISHED);

        assertTrue(h.master.tasks().isEmpty());
        FakeScheduler other = h.scheduler("other");
        h.advance(Duration.ofSeconds(1));
        List<org.allot.protocol.proto.Offer> offers = other.offers();
        offers.addAll(lazy.offers());
        assertEquals(1, offers.size());
        assertEquals(Resources.parse("cpus:1;mem:1024"), Wire.resources(offers.get(0).getResourcesList()));
        // The STARTING update itself still reaches the scheduler, uuid and all.
        assertEquals(TaskState.STARTING, lazy.updates().get(0).state());
    }

    @Test
    public void anExecutorsResourcesAreItsOwnUntilTheAgentReportsItEnded() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        ExecutorInfo exec = new ExecutorInfo(ExecutorId.of("e1"), "echo", CommandInfo.shell("java Echo"),
                Resources.parse("cpus:1;mem:512"));
        TaskInfo t1 = TaskInfo.ofExecutor(TaskId.of("t1"), "t1", a.id, Resources.parse("cpus:1;mem:256"), exec);
        TaskInfo t2 = TaskInfo.ofExecutor(TaskId.of("t2"), "t2", a.id, Resources.parse("cpus:1;mem:256"), exec);
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(t1, t2));
        assertEquals(Resources.parse("cpus:3;mem:1024"), used(a));

        a.update(s.id, "t1", TaskState.FINISHED);
        assertEquals("the first task's end releases its own resources only", Resources.parse("cpus:2;mem:768"),
                used(a));
        a.update(s.id, "t2", TaskState.FINISHED);
        assertEquals("the executor still runs", Resources.parse("cpus:1;mem:512"), used(a));

        h.deliver(a.conn, org.allot.protocol.Messages.executorLost(s.id, ExecutorId.of("e1"), a.id, 0, "exited"));
        assertEquals(Resources.empty(), used(a));
        assertEquals(1, s.conn.take(MessageCase.EXECUTOR_LOST).size());
    }

    @Test
    public void aTaskIdThatWouldEscapeTheSandboxIsRefusedAndNothingIsSentToTheAgent() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("../../../../x", a.id, "cpus:1"),
                task("t-ok", a.id, "cpus:0;mem:64")));
        List<TaskStatus> updates = s.updates();
        assertEquals(2, updates.size());
        assertEquals(TaskState.ERROR, updates.get(0).state());
        assertThat(updates.get(0).message(), containsString("../../../../x"));
        assertEquals(TaskState.ERROR, updates.get(1).state());
        assertThat(updates.get(1).message(), containsString("no cpus"));
        assertTrue(a.runTasks().isEmpty());
    }

    @Test
    public void aCoreThatStepsDownDropsItsRegistrySendsNothingAndRefusesAsNotTheLeader() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.offers();
        h.master.stepDown();
        h.settle();
        List<org.allot.protocol.proto.Error> closing = s.errors();
        assertEquals("its peers are told and disconnected, to find the new leader", 1, closing.size());
        assertEquals(Error.Code.NOT_LEADER, closing.get(0).getCode());
        assertThat(closing.get(0).getReason(), containsString("no longer leads"));
        assertFalse(s.conn.isOpen());
        assertFalse(a.conn.isOpen());
        h.out.clear();
        assertEquals(Leadership.State.STANDBY, h.master.core().leadership.state());
        assertTrue(h.master.agents().isEmpty());
        assertTrue(h.master.frameworks().isEmpty());
        assertTrue(h.master.offers().isEmpty());

        h.advance(Duration.ofMinutes(1)); // offer timeouts, allocation intervals: nothing goes out
        assertTrue(h.out.sent().isEmpty());

        FakeConnection again = h.connect(org.allot.protocol.proto.Role.SCHEDULER, "spark");
        h.deliver(again, Envelope.newBuilder().setRevive(org.allot.protocol.proto.Revive.newBuilder()
                .setFrameworkId(s.id.value())).build());
        List<org.allot.protocol.proto.Error> errors = again.take(Envelope.MessageCase.ERROR).stream()
                .map(Envelope::getError).toList();
        assertEquals(1, errors.size());
        assertEquals(Error.Code.NOT_LEADER, errors.get(0).getCode());
        assertThat(errors.get(0).getReason(), containsString("is not the leader"));
        assertFalse(a.runTasks().size() > 0);
    }

    @Test
    public void aDeclineFloodIsLoggedAtABoundedRate() {
        FakeScheduler s = h.scheduler("spark");
        h.agent("host-1", "cpus:4;mem:4096");
        s.offers();
        for (int i = 0; i < 1000; i++) {
            s.decline("o-unknown-" + i);
        }
        // Every refusal is answered, but the log holds one line for the peer in this minute.
        assertEquals(1000, s.errors().size());
        assertEquals(1, h.master.core().refusals.logged());
    }

    @Test
    public void anExecutorTheReregisteringAgentNoLongerRunsIsReleased() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        ExecutorInfo exec = new ExecutorInfo(ExecutorId.of("e1"), "echo", CommandInfo.shell("java Echo"),
                Resources.parse("cpus:1;mem:512"));
        TaskInfo t1 = TaskInfo.ofExecutor(TaskId.of("t1"), "t1", a.id, Resources.parse("cpus:1;mem:256"), exec);
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(t1));
        a.update(s.id, "t1", TaskState.RUNNING);
        a.lose(CloseReason.PEER_CLOSED, "agent restarting"); // meanwhile the executor died, unreported

        FakeConnection again = h.connect(Role.AGENT, "agent@host-1");
        AgentInfo info = AgentInfo.unregistered("host-1", 5051, Resources.parse("cpus:4;mem:4096")).withId(a.id);
        h.deliver(again, Envelope.newBuilder().setReregisterAgent(org.allot.protocol.proto.ReregisterAgent
                .newBuilder().setAgent(Wire.toProto(info))).build());

        assertTrue("t1 is lost", h.master.tasks().isEmpty());
        assertEquals("nothing runs on the agent, so nothing is used there", Resources.empty(), used(a));
    }

    @Test
    public void anExecutorTheReregisteringAgentReportsIsAdoptedEvenWithoutTasks() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.offers();
        a.lose(CloseReason.PEER_CLOSED, "agent restarting");
        ExecutorInfo exec = new ExecutorInfo(ExecutorId.of("e1"), "echo", CommandInfo.shell("java Echo"),
                Resources.parse("cpus:1;mem:512"));
        FakeConnection again = h.connect(Role.AGENT, "agent@host-1");
        AgentInfo info = AgentInfo.unregistered("host-1", 5051, Resources.parse("cpus:4;mem:4096")).withId(a.id);
        h.deliver(again, Envelope.newBuilder().setReregisterAgent(org.allot.protocol.proto.ReregisterAgent
                .newBuilder().setAgent(Wire.toProto(info)).addExecutors(Wire.toProto(exec, s.id))
                .addFrameworks(Wire.toProto(s.info.toBuilder().id(s.id).build()))).build());

        assertEquals("the executor's resources are not offered to anyone", Resources.parse("cpus:1;mem:512"), used(a));
    }

    @Test
    public void aTaskIdIsNotReusableUntilItsTerminalUpdateIsAcknowledged() {
        FakeScheduler s = h.scheduler("lazy");
        FakeAgent a = h.agent("host-1", "cpus:2;mem:2048");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1;mem:512")));
        a.update(s.id, "t1", TaskState.STARTING, TaskState.FINISHED);
        s.updates();
        a.runTasks();

        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1;mem:512")));
        assertTrue("relaunch of t1 refused while its updates are unacknowledged", a.runTasks().isEmpty());
        assertThat(s.oneUpdate().message(), containsString("not yet acknowledged"));

        UUID finished = a.update(s.id, "t1", TaskState.FINISHED);
        s.acknowledge(a.id, "t1", finished);
        h.advance(Duration.ofSeconds(5));
        s.accept(List.of(s.offers().get(0).getOfferId()), List.of(task("t1", a.id, "cpus:1;mem:512")));
        assertEquals("once acknowledged, the id is free again", 1, a.runTasks().size());
    }

    private Resources used(FakeAgent a) {
        return h.engine().agent(a.id).orElseThrow().used();
    }
}
