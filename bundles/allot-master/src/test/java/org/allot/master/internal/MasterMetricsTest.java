package org.allot.master.internal;

import static org.allot.master.internal.Harness.task;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

import org.allot.api.FrameworkId;
import org.allot.api.TaskId;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.api.operator.ClusterState;
import org.allot.api.operator.MasterMetrics;
import org.allot.api.operator.MasterStatus;
import org.allot.master.internal.Harness.FakeAgent;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Envelope.MessageCase;
import org.junit.Test;

/** The master's counters move with the events they count; state() and teardown() through the Operator. */
public class MasterMetricsTest {

    private final Harness h = new Harness();

    private MasterMetrics metrics() {
        return h.master.metrics();
    }

    @Test
    public void offersSentAcceptedDeclinedAndRescindedAreCountedPerFramework() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        String first = s.oneOffer().getOfferId();
        assertEquals(new MasterMetrics.OfferCounts(1, 0, 0, 0), metrics().offers().get(s.id));

        s.decline(first);
        h.advance(Duration.ofSeconds(5)); // the refuse filter expires: a second offer
        String second = s.oneOffer().getOfferId();
        s.accept(List.of(second), List.of(task("t1", a.id, "cpus:1;mem:128")), 0.0);
        h.advance(Duration.ofSeconds(1)); // the rest comes back: a third offer
        s.oneOffer();
        h.advance(MasterConfig.defaults().offerTimeout()); // unanswered: rescinded, then offered again
        assertEquals(new MasterMetrics.OfferCounts(4, 1, 1, 1), metrics().offers().get(s.id));
    }

    @Test
    public void messagesInAndOutAreCountedByType() {
        FakeScheduler s = h.scheduler("spark");
        h.agent("host-1", "cpus:4;mem:4096");
        s.decline(s.oneOffer().getOfferId());

        MasterMetrics m = metrics();
        assertEquals(Long.valueOf(1), m.messagesIn().get("Subscribe"));
        assertEquals(Long.valueOf(1), m.messagesIn().get("RegisterAgent"));
        assertEquals(Long.valueOf(1), m.messagesIn().get("Decline"));
        assertEquals(Long.valueOf(1), m.messagesOut().get(MessageCase.SUBSCRIBED.name()));
        assertEquals(Long.valueOf(1), m.messagesOut().get(MessageCase.AGENT_REGISTERED.name()));
        assertEquals(Long.valueOf(1), m.messagesOut().get(MessageCase.OFFERS.name()));
        assertEquals("nothing queued once the loop settled", 0, m.eventQueue());
    }

    @Test
    public void anUpdateSentAgainWithTheSameUuidIsARetry() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1;mem:128")));
        a.update(s.id, "t1", TaskState.RUNNING);
        assertEquals(0, metrics().statusUpdateRetries());

        Envelope update = update(a, s.id, "t1", UUID.randomUUID());
        h.deliver(a.conn, update);
        h.deliver(a.conn, update);
        h.deliver(a.conn, update);
        assertEquals(2, metrics().statusUpdateRetries());
    }

    private Envelope update(FakeAgent a, FrameworkId f, String task, UUID uuid) {
        TaskStatus st = TaskStatus.builder(TaskId.of(task), TaskState.RUNNING, TaskStatus.Source.AGENT, h.loop.now())
                .agentId(a.id).uuid(uuid).build();
        return Envelope.newBuilder().setStatusUpdate(org.allot.protocol.proto.StatusUpdate.newBuilder()
                .setFrameworkId(f.value()).setStatus(Wire.toProto(st))
                .setLatestState(Wire.toProto(TaskState.RUNNING))).build();
    }

    @Test
    public void everyPassLandsInOneBucketOfTheDurationHistogram() {
        h.scheduler("spark");
        long before = metrics().passes().count();
        h.agent("host-1", "cpus:4;mem:4096");
        h.advance(Duration.ofSeconds(3));
        MasterMetrics.PassDurations p = metrics().passes();
        assertTrue("passes counted: " + p, p.count() >= before + 3);
        assertEquals(p.count(), Arrays.stream(p.counts()).sum());
        assertEquals(Metrics.PASS_BOUNDS.length + 1, p.counts().length);
        assertTrue(p.sumSeconds() > 0);
    }

    @Test
    public void countersOfARemovedFrameworkAreDropped() {
        FakeScheduler s = h.scheduler("spark");
        h.agent("host-1", "cpus:4;mem:4096");
        s.oneOffer();
        assertTrue(metrics().offers().containsKey(s.id));
        h.master.teardown(s.id);
        assertFalse(metrics().offers().containsKey(s.id));
    }

    @Test
    public void stateIsOneSnapshotWithTheLeadership() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1;mem:128")));

        ClusterState state = h.master.state();
        MasterStatus status = state.status();
        assertTrue(status.leading());
        assertEquals("LEADING", status.leadership());
        assertEquals("", status.reason());
        assertFalse("the harness's master has no server", status.listening());
        assertEquals("first-fit", status.activeAllocator());
        assertEquals(List.of("first-fit"), state.allocators());
        assertEquals(Harness.START, status.at());
        assertEquals(status, h.master.status());
        assertEquals(1, status.connectedAgents());
        assertEquals(1, status.tasks());
        assertEquals(1, state.agents().size());
        assertEquals(1, state.frameworks().size());
        assertEquals(1, state.tasks().size());
        assertEquals(h.master.offers(), state.offers());
        assertEquals("the agents' allocated from the engine's totals, as the registry sums them",
                h.master.agents(), state.agents());
        assertEquals(h.master.tasks(), state.tasks());
        assertEquals(h.master.frameworks(), state.frameworks());

        FakeAgent other = h.agent("host-2", "cpus:2;mem:1024");
        other.lose(org.allot.protocol.CloseReason.PEER_CLOSED, "restart");
        assertEquals("a disconnected agent too", h.master.agents(), h.master.state().agents());
    }

    @Test
    public void aMasterThatStepsDownSaysWhyItDoesNotLead() {
        h.master.stepDown();
        MasterStatus status = h.master.status();
        assertFalse(status.leading());
        assertEquals("STANDBY", status.leadership());
        assertTrue(status.reason(), status.reason().contains("is not the leader"));
    }

    @Test
    public void teardownByTheOperatorTellsTheSchedulerAndKillsItsTasks() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1;mem:128")));
        a.runTasks();

        h.master.teardown(s.id);
        assertTrue(h.master.frameworks().isEmpty());
        assertTrue(h.master.tasks().isEmpty());
        assertEquals(1, a.conn.take(MessageCase.TEARDOWN).size());
        assertTrue(s.errors().get(0).getReason().contains("torn down by the operator"));
        assertFalse("the scheduler's connection is closed", s.conn.isOpen());

        NoSuchElementException again = assertThrows(NoSuchElementException.class, () -> h.master.teardown(s.id));
        assertTrue(again.getMessage(), again.getMessage().contains("was removed already"));
        NoSuchElementException unknown = assertThrows(NoSuchElementException.class,
                () -> h.master.teardown(FrameworkId.of("f-nope")));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("unknown to this master"));
    }
}
