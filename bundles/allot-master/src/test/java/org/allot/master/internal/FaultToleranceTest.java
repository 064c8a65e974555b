package org.allot.master.internal;

import static org.allot.master.internal.Harness.task;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.master.internal.Harness.FakeAgent;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.CloseReason;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Role;
import org.junit.Test;

/** Agents and schedulers that go away and come back (after Mesos's fault_tolerance_tests). */
public class FaultToleranceTest {

    private final Harness h = new Harness();

    @Test
    public void agentLostGivesTaskLostToTheFramework() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        h.advance(Duration.ofSeconds(5));
        String pending = s.oneOffer().getOfferId(); // the rest, after the refuse filter

        a.lose(CloseReason.HEARTBEAT_TIMEOUT, "heartbeat timeout: no message for 20 s");

        TaskStatus st = s.oneUpdate();
        assertEquals(TaskState.LOST, st.state());
        assertEquals(TaskStatus.Reason.AGENT_REMOVED, st.reason().orElseThrow());
        assertEquals(TaskStatus.Source.MASTER, st.source());
        assertThat(st.message(), containsString("agent " + a.id + " (host-1:5051) was removed: heartbeat timeout"));
        List<Envelope> lost = s.conn.take(Envelope.MessageCase.AGENT_LOST);
        assertEquals(1, lost.size());
        assertEquals(a.id.value(), lost.get(0).getAgentLost().getAgentId());
        List<Envelope> rescinds = s.conn.take(Envelope.MessageCase.RESCIND_OFFER);
        assertEquals(pending, rescinds.get(0).getRescindOffer().getOfferId());
        assertTrue(h.firstFit().calls.contains("removeAgent " + a.id));
        assertTrue(h.master.agents().isEmpty());
        assertTrue(h.master.tasks().isEmpty());
        assertTrue(h.master.offers().isEmpty());
        s.assertServed();
    }

    @Test
    public void agentReregisteringWithinTheTimeoutAfterItsConnectionClosedKeepsItsTasks() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        h.advance(Duration.ofSeconds(5));
        String pending = s.oneOffer().getOfferId();

        a.lose(CloseReason.PEER_CLOSED, "closed by peer");
        java.time.Instant reregisterDeadline = h.loop.now().plus(Duration.ofSeconds(15));
        assertTrue("the re-register timer starts", h.loop.liveTimers().contains(reregisterDeadline));
        List<Envelope> rescinds = s.conn.take(Envelope.MessageCase.RESCIND_OFFER);
        assertEquals(1, rescinds.size());
        assertEquals(pending, rescinds.get(0).getRescindOffer().getOfferId());
        assertTrue(h.firstFit().calls.contains("removeAgent " + a.id));
        assertFalse(h.firstFit().totals.containsKey(a.id));
        assertFalse("disconnected", h.master.agents().get(0).active());
        assertEquals(1, h.master.tasks().size());
        h.advance(Duration.ofSeconds(10));
        assertTrue(s.updates().isEmpty());
        assertTrue(s.offers().isEmpty());

        FakeConnection again = h.connect(Role.AGENT, "agent@host-1");
        h.deliver(again, reregister(a, s, "t1"));
        assertEquals(1, again.take(Envelope.MessageCase.AGENT_REREGISTERED).size());
        assertFalse("the re-register timer was cancelled", h.loop.liveTimers().contains(reregisterDeadline));
        assertTrue(again.take(Envelope.MessageCase.KILL_TASK).isEmpty());
        assertTrue(h.master.agents().get(0).active());
        assertEquals(1, h.master.tasks().size());
        Resources offered = h.master.offers().isEmpty() ? Resources.empty() : h.master.offers().get(0).resources();
        assertEquals(Resources.parse("cpus:1"), h.firstFit().allocatedTo(s.id, a.id).subtract(offered));

        h.advance(Duration.ofSeconds(60)); // the re-register timer was cancelled
        assertTrue(s.updates().stream().noneMatch(u -> u.state() == TaskState.LOST));
        assertEquals(1, h.master.agents().size());
    }

    @Test
    public void agentNotReregisteringWithinTheTimeoutIsRemovedAndItsTasksLost() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));

        a.lose(CloseReason.PEER_CLOSED, "closed by peer");
        h.advance(Duration.ofMillis(14_999)); // the default: the heartbeat timeout of 15 s
        assertTrue(s.updates().isEmpty());
        assertEquals(1, h.master.agents().size());

        h.advance(Duration.ofMillis(1));
        TaskStatus st = s.oneUpdate();
        assertEquals(TaskState.LOST, st.state());
        assertEquals(TaskStatus.Reason.AGENT_REMOVED, st.reason().orElseThrow());
        assertThat(st.message(), containsString("did not re-register within 15 s"));
        assertTrue(h.master.agents().isEmpty());
        assertEquals("removed from the allocator once", 1,
                h.firstFit().calls.stream().filter(c -> c.equals("removeAgent " + a.id)).count());
    }

    @Test
    public void tasksAReregisteringAgentDoesNotReportAreLostAndTheirResourcesFreed() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1"), task("t2", a.id, "cpus:1")));
        a.lose(CloseReason.PEER_CLOSED, "closed by peer"); // e.g. the agent restarted and lost t2

        FakeConnection again = h.connect(Role.AGENT, "agent@host-1");
        h.deliver(again, reregister(a, s, "t1"));
        TaskStatus st = s.oneUpdate();
        assertEquals("t2", st.taskId().value());
        assertEquals(TaskState.LOST, st.state());
        assertEquals(TaskStatus.Reason.AGENT_RESTARTED, st.reason().orElseThrow());
        assertEquals(TaskStatus.Source.MASTER, st.source());
        assertThat(st.message(), containsString("agent " + a.id + " (host-1:5051) re-registered without it"));
        assertEquals(1, h.master.tasks().size());
        assertEquals("t1", h.master.tasks().get(0).taskId().value());
        Resources offered = h.master.offers().isEmpty() ? Resources.empty() : h.master.offers().get(0).resources();
        assertEquals(Resources.parse("cpus:1"), h.firstFit().allocatedTo(s.id, a.id).subtract(offered));
        assertEquals(Resources.parse("cpus:1"), h.master.agents().get(0).allocated().subtract(offered));
    }

    @Test
    public void theReregisterTimeoutIsConfigurable() {
        Harness h2 = new Harness(MasterConfig.builder().agentReregisterTimeout(Duration.ofSeconds(40)).build(),
                new FirstFitAllocator("first-fit"));
        FakeScheduler s = h2.scheduler("spark");
        FakeAgent a = h2.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        a.lose(CloseReason.PEER_CLOSED, "closed by peer");
        h2.advance(Duration.ofSeconds(39));
        assertTrue(s.updates().isEmpty());
        h2.advance(Duration.ofSeconds(1));
        assertEquals(TaskState.LOST, s.oneUpdate().state());
    }

    private static Envelope reregister(FakeAgent a, FakeScheduler s, String... running) {
        org.allot.api.AgentInfo info = org.allot.api.AgentInfo.unregistered("host-1", 5051,
                Resources.parse("cpus:4;mem:4096")).withId(a.id);
        org.allot.protocol.proto.ReregisterAgent.Builder b = org.allot.protocol.proto.ReregisterAgent.newBuilder()
                .setAgent(Wire.toProto(info));
        for (String t : running) {
            b.addTasks(org.allot.protocol.proto.Task.newBuilder().setFrameworkId(s.id.value())
                    .setInfo(Wire.toProto(task(t, a.id, "cpus:1")))
                    .setState(org.allot.protocol.proto.TaskState.TASK_RUNNING));
        }
        return Envelope.newBuilder().setReregisterAgent(b).build();
    }

    @Test
    public void reregisteringAgentIsReaddedAndTasksDeclaredLostAreKilled() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        a.lose(CloseReason.HEARTBEAT_TIMEOUT, "heartbeat timeout");
        s.updates();

        FakeConnection again = h.connect(Role.AGENT, "agent@host-1");
        h.deliver(again, reregister(a, s, "t1", "t2"));

        assertEquals(1, again.take(Envelope.MessageCase.AGENT_REREGISTERED).size());
        List<Envelope> kills = again.take(Envelope.MessageCase.KILL_TASK);
        assertEquals(1, kills.size());
        assertEquals("t1", kills.get(0).getKillTask().getTaskId());
        assertEquals(1, h.master.tasks().size());
        assertEquals("t2", h.master.tasks().get(0).taskId().value());
        // The allocator counts the adopted task (cpus:1) plus whatever is offered again.
        Resources offered = h.master.offers().isEmpty() ? Resources.empty() : h.master.offers().get(0).resources();
        assertEquals(Resources.parse("cpus:1"), h.firstFit().allocatedTo(s.id, a.id).subtract(offered));
    }

    @Test
    public void updatesOfATaskDeclaredLostAreAcknowledgedByTheMasterAndNotForwarded() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        a.lose(CloseReason.HEARTBEAT_TIMEOUT, "heartbeat timeout: no message for 20 s");
        assertEquals(TaskState.LOST, s.oneUpdate().state());

        FakeConnection again = h.connect(Role.AGENT, "agent@host-1");
        h.deliver(again, reregister(a, s, "t1"));
        assertEquals(1, again.take(Envelope.MessageCase.KILL_TASK).size());

        FakeAgent back = new FakeAgent(h, again, a.id);
        java.util.UUID uuid = back.update(s.id, "t1", TaskState.KILLED);
        List<Envelope> acks = again.take(Envelope.MessageCase.ACKNOWLEDGE);
        assertEquals(1, acks.size());
        assertEquals("t1", acks.get(0).getAcknowledge().getTaskId());
        assertEquals(s.id.value(), acks.get(0).getAcknowledge().getFrameworkId());
        assertEquals(a.id.value(), acks.get(0).getAcknowledge().getAgentId());
        assertEquals(uuidBytes(uuid), acks.get(0).getAcknowledge().getUuid());
        assertTrue("LOST then KILLED would contradict", s.updates().isEmpty());
        assertTrue(again.take(Envelope.MessageCase.ERROR).isEmpty());
    }

    @Test
    public void updatesForARemovedFrameworkAreAcknowledgedByTheMaster() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        h.deliver(s.conn, Envelope.newBuilder().setTeardown(org.allot.protocol.proto.Teardown.newBuilder()
                .setFrameworkId(s.id.value()).setReason("driver.stop()")).build());

        java.util.UUID uuid = a.update(s.id, "t1", TaskState.KILLED);
        List<Envelope> acks = a.conn.take(Envelope.MessageCase.ACKNOWLEDGE);
        assertEquals(1, acks.size());
        assertEquals("t1", acks.get(0).getAcknowledge().getTaskId());
        assertEquals(uuidBytes(uuid), acks.get(0).getAcknowledge().getUuid());
        assertTrue("no Error: the agent did nothing wrong", a.conn.take(Envelope.MessageCase.ERROR).isEmpty());
        assertTrue(s.updates().isEmpty());
    }

    @Test
    public void theKilledCopyOfATaskRelaunchedElsewhereIsNotReportedToTheFramework() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        a.lose(CloseReason.HEARTBEAT_TIMEOUT, "heartbeat timeout: no message for 20 s");
        assertEquals(TaskState.LOST, s.oneUpdate().state());

        FakeAgent b = h.agent("host-2", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", b.id, "cpus:1")));
        assertEquals(1, b.conn.take(Envelope.MessageCase.RUN_TASK).size());

        FakeConnection again = h.connect(Role.AGENT, "agent@host-1");
        h.deliver(again, reregister(a, s, "t1"));
        assertEquals("a's stale copy is killed", 1, again.take(Envelope.MessageCase.KILL_TASK).size());
        FakeAgent back = new FakeAgent(h, again, a.id);
        back.update(s.id, "t1", TaskState.KILLED);
        assertEquals("acknowledged by the master", 1, again.take(Envelope.MessageCase.ACKNOWLEDGE).size());
        assertTrue("the framework's t1 runs on " + b.id + "; KILLED of the old copy must not reach it",
                s.updates().isEmpty());
        assertEquals(b.id, h.master.tasks().get(0).agentId());
    }

    @Test
    public void anAgentBackAfterItsFrameworkWasRemovedGetsTheTeardownItMissed() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        a.lose(CloseReason.PEER_CLOSED, "closed by peer");
        h.deliver(s.conn, Envelope.newBuilder().setTeardown(org.allot.protocol.proto.Teardown.newBuilder()
                .setFrameworkId(s.id.value()).setReason("driver.stop()")).build());
        assertTrue(h.master.frameworks().isEmpty());

        FakeConnection again = h.connect(Role.AGENT, "agent@host-1");
        Envelope reregister = reregister(a, s, "t1");
        h.deliver(again, reregister.toBuilder().setReregisterAgent(reregister.getReregisterAgent().toBuilder()
                .addFrameworks(Wire.toProto(s.info.withId(s.id)))).build());
        List<Envelope> teardowns = again.take(Envelope.MessageCase.TEARDOWN);
        assertEquals("executors of the removed framework go too", 1, teardowns.size());
        assertEquals(s.id.value(), teardowns.get(0).getTeardown().getFrameworkId());
        assertThat(teardowns.get(0).getTeardown().getReason(), containsString("driver.stop()"));
    }

    private static com.google.protobuf.ByteString uuidBytes(java.util.UUID uuid) {
        return com.google.protobuf.ByteString.copyFrom(java.nio.ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
    }

    @Test
    public void frameworkFailoverTimeoutKillsItsTasks() {
        FakeScheduler s = h.scheduler(FrameworkInfo.builder("spark", "alice")
                .failoverTimeout(Duration.ofSeconds(60)).build());
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));

        h.close(s.conn, CloseReason.PEER_CLOSED, "closed by peer");
        assertTrue(h.firstFit().calls.contains("deactivateFramework " + s.id));
        h.advance(Duration.ofMillis(59_999));
        assertTrue(a.conn.take(Envelope.MessageCase.TEARDOWN).isEmpty());
        assertEquals(1, h.master.tasks().size());

        h.advance(Duration.ofMillis(1));
        List<Envelope> teardowns = a.conn.take(Envelope.MessageCase.TEARDOWN);
        assertEquals(1, teardowns.size());
        assertEquals(s.id.value(), teardowns.get(0).getTeardown().getFrameworkId());
        assertThat(teardowns.get(0).getTeardown().getReason(), containsString("failover timeout of 60 s"));
        assertTrue(h.master.frameworks().isEmpty());
        assertTrue(h.master.tasks().isEmpty());
        assertTrue(h.firstFit().calls.contains("removeFramework " + s.id));

        // Too late to come back with the old id.
        FakeConnection late = h.connect(Role.SCHEDULER, "spark");
        h.deliver(late, Harness.subscribe(s.info.toBuilder().id(s.id).build()));
        assertThat(late.take(Envelope.MessageCase.ERROR).get(0).getError().getReason(),
                containsString("was removed"));
    }

    @Test
    public void resubscribingWithinTheFailoverTimeoutKeepsTasksAndGetsPendingUpdates() {
        FakeScheduler s = h.scheduler(FrameworkInfo.builder("spark", "alice")
                .failoverTimeout(Duration.ofSeconds(60)).build());
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        FakeAgent b = h.agent("host-2", "cpus:4;mem:4096");
        List<org.allot.protocol.proto.Offer> offers = s.offers();
        String onA = offers.stream().filter(o -> o.getAgentId().equals(a.id.value())).findFirst().orElseThrow()
                .getOfferId();
        String onB = offers.stream().filter(o -> o.getAgentId().equals(b.id.value())).findFirst().orElseThrow()
                .getOfferId();
        s.accept(List.of(onA), List.of(task("t1", a.id, "cpus:1")));
        s.accept(List.of(onB), List.of(task("t2", b.id, "cpus:1")));

        h.close(s.conn, CloseReason.PEER_CLOSED, "closed by peer");
        b.lose(CloseReason.HEARTBEAT_TIMEOUT, "heartbeat timeout"); // t2 is lost while the scheduler is away
        h.advance(Duration.ofSeconds(30));

        FakeConnection back = h.connect(Role.SCHEDULER, "spark");
        h.deliver(back, Harness.subscribe(s.info.toBuilder().id(s.id).build()));
        assertEquals(s.id.value(), back.take(Envelope.MessageCase.SUBSCRIBED).get(0).getSubscribed().getFrameworkId());
        List<Envelope> updates = back.take(Envelope.MessageCase.STATUS_UPDATE);
        assertEquals(1, updates.size());
        assertEquals("t2", updates.get(0).getStatusUpdate().getStatus().getTaskId());
        assertEquals(org.allot.protocol.proto.TaskState.TASK_LOST, updates.get(0).getStatusUpdate().getStatus().getState());
        assertEquals(1, h.master.tasks().size());
        assertTrue(h.master.frameworks().get(0).connected());
        assertFalse(back.take(Envelope.MessageCase.OFFERS).isEmpty());

        h.advance(Duration.ofSeconds(60));
        assertEquals(1, h.master.frameworks().size());
        assertTrue(a.conn.take(Envelope.MessageCase.TEARDOWN).isEmpty());
    }

    @Test
    public void teardownFromTheSchedulerKillsItsTasksAndRemovesIt() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        h.deliver(s.conn, Envelope.newBuilder().setTeardown(org.allot.protocol.proto.Teardown.newBuilder()
                .setFrameworkId(s.id.value()).setReason("done")).build());
        assertEquals(1, a.conn.take(Envelope.MessageCase.TEARDOWN).size());
        assertTrue(h.master.frameworks().isEmpty());
        assertTrue(h.master.agents().get(0).allocated().isEmpty());
    }

    @Test
    public void anAllocatorSwitchedAwayFromAndBackForgetsWhatWasRemovedMeanwhile() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        FakeAgent b = h.agent("host-2", "cpus:2;mem:2048");
        h.master.setAllocator(new FirstFitAllocator("next"));
        h.settle();
        a.lose(CloseReason.HEARTBEAT_TIMEOUT, "heartbeat timeout: no message for 20 s");
        h.deliver(s.conn, Envelope.newBuilder().setTeardown(org.allot.protocol.proto.Teardown.newBuilder()
                .setFrameworkId(s.id.value())).build());

        h.master.useAllocator("first-fit");
        assertTrue(h.firstFit().calls.contains("reset"));
        assertEquals(java.util.Set.of(b.id), h.firstFit().totals.keySet());
        assertTrue(h.firstFit().frameworks.isEmpty());
    }

    @Test
    public void allocationsForUnknownFrameworksOrAgentsAreReportedBackToTheAllocator() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent real = h.agent("host-1", "cpus:4;mem:4096");
        s.offers();
        org.allot.api.FrameworkId ghostFramework = org.allot.api.FrameworkId.of("f-ghost");
        org.allot.api.AgentId ghostAgent = org.allot.api.AgentId.of("a-ghost");
        List<String> told = new java.util.ArrayList<>();
        // An allocator whose state went stale: it proposes a framework and an agent the master removed.
        org.allot.spi.allocation.Allocator stale = new org.allot.spi.allocation.Allocator() {
            @Override
            public String name() {
                return "stale";
            }

            @Override
            public void addFramework(org.allot.api.FrameworkId id, FrameworkInfo info,
                                     java.util.Map<org.allot.api.AgentId, Resources> used, boolean active) {
            }

            @Override
            public void removeFramework(org.allot.api.FrameworkId id) {
                told.add("removeFramework " + id);
            }

            @Override
            public void activateFramework(org.allot.api.FrameworkId id) {
            }

            @Override
            public void deactivateFramework(org.allot.api.FrameworkId id) {
            }

            @Override
            public void addAgent(org.allot.api.AgentId id, org.allot.api.AgentInfo info, Resources total,
                                 java.util.Map<org.allot.api.FrameworkId, Resources> used) {
            }

            @Override
            public void removeAgent(org.allot.api.AgentId id) {
                told.add("removeAgent " + id);
            }

            @Override
            public void updateAgent(org.allot.api.AgentId id, Resources total) {
            }

            @Override
            public void recoverResources(org.allot.api.FrameworkId f, org.allot.api.AgentId a, Resources r) {
            }

            @Override
            public void suppressOffers(org.allot.api.FrameworkId id) {
            }

            @Override
            public void reviveOffers(org.allot.api.FrameworkId id) {
            }

            @Override
            public List<org.allot.spi.allocation.Allocation> allocate(org.allot.spi.allocation.OfferCheck check) {
                return told.isEmpty() ? List.of(
                        new org.allot.spi.allocation.Allocation(ghostFramework, real.id,
                                Resources.parse("cpus:1")),
                        new org.allot.spi.allocation.Allocation(s.id, ghostAgent, Resources.parse("cpus:1")))
                        : List.of();
            }
        };
        h.master.setAllocator(stale);
        h.settle();
        assertEquals(List.of("removeFramework f-ghost", "removeAgent a-ghost"), told);
        assertTrue(s.offers().isEmpty());
    }

    @Test
    public void stoppingTheMasterShutsItsEventLoopDown() {
        h.agent("host-1", "cpus:4;mem:4096");
        assertFalse(h.loop.isShutdown());
        h.master.stop();
        assertTrue(h.loop.isShutdown());
    }

    @Test
    public void newAllocatorIsSeededWithUsedAndOfferedResources() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1;mem:1024")));
        h.advance(Duration.ofSeconds(5));
        s.oneOffer(); // cpus:3;mem:3072 outstanding

        FirstFitAllocator next = new FirstFitAllocator("next");
        h.master.setAllocator(next);
        h.settle();
        assertEquals("next", h.master.activeAllocator());
        assertTrue(h.firstFit().paused);
        assertEquals(Resources.parse("cpus:4;mem:4096"), next.allocatedTo(s.id, a.id));
        assertTrue(h.master.allocators().containsAll(List.of("first-fit", "next")));
        assertEquals(1, h.master.offers().size());
        assertEquals(1, h.master.tasks().size());

        h.master.useAllocator("first-fit");
        assertEquals("first-fit", h.master.activeAllocator());
    }
}
