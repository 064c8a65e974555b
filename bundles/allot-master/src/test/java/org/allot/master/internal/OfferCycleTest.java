package org.allot.master.internal;

import static org.allot.master.internal.Harness.task;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.allot.api.Resources;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.FrameworkView;
import org.allot.master.internal.Harness.FakeAgent;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;
import org.allot.spi.filter.FilterResult;
import org.allot.spi.filter.OfferFilter;
import org.junit.Test;

import com.google.protobuf.ByteString;

/** Offers, declines, timeouts, status updates and acknowledgements through the master. */
public class OfferCycleTest {

    private final Harness h = new Harness();

    @Test
    public void offeredResourcesCountAsAllocatedToTheFramework() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        org.allot.protocol.proto.Offer o = s.oneOffer();
        Resources all = Resources.parse("cpus:4;mem:4096");

        FrameworkView f = h.master.frameworks().get(0);
        assertEquals(all, f.allocated());
        assertEquals(all, f.offered());
        assertEquals(1.0, f.dominantShare(), 1e-9);
        AgentView agent = h.master.agents().get(0);
        assertEquals(all, agent.allocated());
        assertEquals(o.getOfferId(), h.master.offers().get(0).offerId().value());
        assertEquals(all, h.engine().agent(a.id).orElseThrow().offered());
        assertEquals(all, h.engine().allocation(s.id));
    }

    @Test
    public void declinedResourcesComeBackExactlyAfterTheRefuseFilter() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.decline(s.oneOffer().getOfferId());
        assertEquals(Resources.empty(), h.engine().allocation(s.id));

        h.advance(Duration.ofMillis(4999)); // interval passes at 1..4 s find the decline in force
        assertTrue(s.offers().isEmpty());
        h.advance(Duration.ofMillis(1));
        assertEquals(Resources.parse("cpus:4;mem:4096"), Wire.resources(s.oneOffer().getResourcesList()));
    }

    @Test
    public void declineWithRefuseSecondsUsesThatFilter() {
        FakeScheduler s = h.scheduler("spark");
        h.agent("host-1", "cpus:4;mem:4096");
        String offer = s.oneOffer().getOfferId();
        h.deliver(s.conn, Envelope.newBuilder().setDecline(org.allot.protocol.proto.Decline.newBuilder()
                .setFrameworkId(s.id.value()).addOfferIds(offer).setRefuseSeconds(20)).build());
        h.advance(Duration.ofSeconds(19));
        assertTrue(s.offers().isEmpty());
        h.advance(Duration.ofSeconds(1));
        assertEquals(1, s.offers().size());
    }

    @Test
    public void declinedResourcesGoToAnotherFrameworkAtOnce() {
        FakeScheduler first = h.scheduler("first");
        FakeScheduler second = h.scheduler("second");
        h.agent("host-1", "cpus:4;mem:4096");
        first.decline(first.oneOffer().getOfferId());
        assertEquals(1, second.offers().size());
    }

    @Test
    public void aDeclineNamingAlsoAnUnknownOfferReturnsTheValidOneAtOnce() {
        FakeScheduler first = h.scheduler("first");
        FakeScheduler second = h.scheduler("second");
        h.agent("host-1", "cpus:4;mem:4096");
        String offer = first.oneOffer().getOfferId();
        h.deliver(first.conn, Envelope.newBuilder().setDecline(org.allot.protocol.proto.Decline.newBuilder()
                .setFrameworkId(first.id.value()).addOfferIds(offer).addOfferIds("o-999")).build());
        assertThat(first.errors().get(0).getReason(), containsString("o-999"));
        assertEquals("offered in the same pass, not after the interval", 1, second.offers().size());
    }

    @Test
    public void unusedPartOfAnAcceptedOfferIsFilteredForDefaultRefuse() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1;mem:1024")));
        h.advance(Duration.ofMillis(4999));
        assertTrue(s.offers().isEmpty());
        h.advance(Duration.ofMillis(1));
        assertEquals(Resources.parse("cpus:3;mem:3072"), Wire.resources(s.oneOffer().getResourcesList()));
    }

    @Test
    public void unansweredOfferIsRescindedAfterTheOfferTimeoutAndGoesToOthers() {
        FakeScheduler first = h.scheduler("first");
        h.agent("host-1", "cpus:4;mem:4096");
        String offer = first.oneOffer().getOfferId();
        first.conn.take(Envelope.MessageCase.RESCIND_OFFER);
        h.advance(Duration.ofMillis(29_999));
        assertTrue(first.conn.take(Envelope.MessageCase.RESCIND_OFFER).isEmpty());
        h.advance(Duration.ofMillis(1));
        List<Envelope> rescinds = first.conn.take(Envelope.MessageCase.RESCIND_OFFER);
        assertEquals(1, rescinds.size());
        assertEquals(offer, rescinds.get(0).getRescindOffer().getOfferId());
        assertThat(rescinds.get(0).getRescindOffer().getReason(), containsString("offer timeout of 30 s"));
        assertTrue(h.master.offers().stream().noneMatch(o -> o.offerId().value().equals(offer)));
    }

    @Test
    public void statusUpdatesAreForwardedWithTheirUuidAndAcknowledgementsGoToTheAgent() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1;mem:1024")));
        a.runTasks();

        UUID running = a.update(s.id, "t1", TaskState.RUNNING);
        TaskStatus st = s.oneUpdate();
        assertEquals(TaskState.RUNNING, st.state());
        assertEquals(running, st.uuid().orElseThrow());
        assertEquals(TaskState.RUNNING, h.master.tasks().get(0).state());

        s.acknowledge(a.id, "t1", running);
        List<Envelope> acks = a.conn.take(Envelope.MessageCase.ACKNOWLEDGE);
        assertEquals(1, acks.size());
        assertEquals("t1", acks.get(0).getAcknowledge().getTaskId());
        assertEquals(ByteString.copyFrom(java.nio.ByteBuffer.allocate(16)
                .putLong(running.getMostSignificantBits()).putLong(running.getLeastSignificantBits()).array()),
                acks.get(0).getAcknowledge().getUuid());

        // A terminal state releases the task's resources.
        a.update(s.id, "t1", TaskState.FINISHED);
        assertEquals(TaskState.FINISHED, s.oneUpdate().state());
        assertTrue(h.master.tasks().isEmpty());
        assertEquals(Resources.empty(), h.engine().agent(a.id).orElseThrow().used());
    }

    @Test
    public void killGoesToTheAgentAndAnUnknownTaskIsAnsweredLost() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        h.deliver(s.conn, Envelope.newBuilder().setKill(org.allot.protocol.proto.Kill.newBuilder()
                .setFrameworkId(s.id.value()).setTaskId("t1")).build());
        List<Envelope> kills = a.conn.take(Envelope.MessageCase.KILL_TASK);
        assertEquals(1, kills.size());
        assertEquals("t1", kills.get(0).getKillTask().getTaskId());

        h.deliver(s.conn, Envelope.newBuilder().setKill(org.allot.protocol.proto.Kill.newBuilder()
                .setFrameworkId(s.id.value()).setTaskId("ghost")).build());
        TaskStatus st = s.oneUpdate();
        assertEquals(TaskState.LOST, st.state());
        assertEquals(TaskStatus.Reason.TASK_UNKNOWN, st.reason().orElseThrow());
        assertThat(st.message(), containsString("task ghost is not known to the master"));
    }

    @Test
    public void reconcileAnswersTheLatestStateOfEachTask() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        a.update(s.id, "t1", TaskState.RUNNING);
        s.updates();
        h.deliver(s.conn, Envelope.newBuilder().setReconcile(org.allot.protocol.proto.Reconcile.newBuilder()
                .setFrameworkId(s.id.value())).build());
        TaskStatus st = s.oneUpdate();
        assertEquals(TaskState.RUNNING, st.state());
        assertEquals(TaskStatus.Reason.RECONCILIATION, st.reason().orElseThrow());
        assertTrue(st.uuid().isEmpty());
    }

    @Test
    public void frameworkMessagesAreRoutedBothWays() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        Envelope toAgent = Envelope.newBuilder().setFrameworkMessage(org.allot.protocol.proto.FrameworkMessage
                .newBuilder().setFrameworkId(s.id.value()).setAgentId(a.id.value()).setExecutorId("e1")
                .setData(ByteString.copyFromUtf8("hi"))).build();
        h.deliver(s.conn, toAgent);
        assertEquals(List.of(toAgent), a.conn.take(Envelope.MessageCase.FRAMEWORK_MESSAGE));
        Envelope toScheduler = toAgent.toBuilder().setFrameworkMessage(toAgent.getFrameworkMessage().toBuilder()
                .setData(ByteString.copyFromUtf8("back"))).build();
        h.deliver(a.conn, toScheduler);
        assertEquals(List.of(toScheduler), s.conn.take(Envelope.MessageCase.FRAMEWORK_MESSAGE));
    }

    @Test
    public void suppressStopsOffersUntilRevive() {
        FakeScheduler s = h.scheduler("spark");
        h.deliver(s.conn, Envelope.newBuilder().setSuppress(org.allot.protocol.proto.Suppress.newBuilder()
                .setFrameworkId(s.id.value())).build());
        h.agent("host-1", "cpus:4;mem:4096");
        h.advance(Duration.ofSeconds(3));
        assertTrue(s.offers().isEmpty());
        h.deliver(s.conn, Envelope.newBuilder().setRevive(org.allot.protocol.proto.Revive.newBuilder()
                .setFrameworkId(s.id.value())).build());
        assertEquals(1, s.offers().size());
    }

    @Test
    public void reviveClearsDeclines() {
        FakeScheduler s = h.scheduler("spark");
        h.agent("host-1", "cpus:4;mem:4096");
        s.decline(s.oneOffer().getOfferId());
        assertTrue(s.offers().isEmpty());
        h.deliver(s.conn, Envelope.newBuilder().setRevive(org.allot.protocol.proto.Revive.newBuilder()
                .setFrameworkId(s.id.value())).build());
        assertEquals(1, s.offers().size());
    }

    @Test
    public void anOfferFilterRefusalKeepsOffersBackAndItsRemovalLetsThemThrough() {
        OfferFilter noHost1 = new OfferFilter() {
            @Override
            public String name() {
                return "no-host-1";
            }

            @Override
            public FilterResult check(org.allot.spi.filter.OfferCandidate c) {
                return c.agent().hostname().equals("host-1") ? FilterResult.refuse("host-1 is closed") : FilterResult.accept();
            }
        };
        h.master.addFilter(noHost1, 0);
        FakeScheduler s = h.scheduler("spark");
        h.agent("host-1", "cpus:4;mem:4096");
        h.advance(Duration.ofSeconds(2));
        assertTrue(s.offers().isEmpty());
        h.master.removeFilter(noHost1);
        h.settle();
        assertEquals(1, s.offers().size());
    }

    @Test
    public void declinesAreTheMastersOwnAndKeepTheAgentFromFiltersAndPolicyUntilTheyEnd() {
        List<org.allot.spi.filter.OfferCandidate> seen = new java.util.ArrayList<>();
        h.master.addFilter(new OfferFilter() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public FilterResult check(org.allot.spi.filter.OfferCandidate c) {
                seen.add(c);
                return FilterResult.accept();
            }
        }, 1000);
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.decline(s.oneOffer().getOfferId());
        seen.clear();
        int passes = h.firstFit().passes;

        h.advance(Duration.ofSeconds(4)); // interval passes with the decline in force
        assertTrue(s.offers().isEmpty());
        assertEquals("the only framework declined the only agent: no filter is asked", List.of(), seen);
        assertEquals("nor is the policy", passes, h.firstFit().passes);

        h.advance(Duration.ofSeconds(1));
        assertEquals(1, s.offers().size());
        assertEquals(a.id, seen.get(0).agentId());
        assertEquals("the decline ended", List.of(), seen.get(0).declines());
    }

    @Test
    public void theDefaultRefuseAppliesWithoutAnyOfferFilter() {
        Harness bare = new Harness(MasterConfig.defaults(), new FirstFitAllocator("first-fit"), List.of());
        FakeScheduler s = bare.scheduler("spark");
        bare.agent("host-1", "cpus:4;mem:4096");
        s.decline(s.oneOffer().getOfferId()); // no refuse_seconds: the master's default.refuse, 5 s
        bare.advance(Duration.ofMillis(4999));
        assertTrue(s.offers().isEmpty());
        bare.advance(Duration.ofMillis(1));
        assertEquals(1, s.offers().size());
    }

    @Test
    public void minimumFreeCountsResourcesReservedForTheFrameworksRole() {
        FakeScheduler s = h.scheduler(org.allot.api.FrameworkInfo.builder("spark", "alice").role("prod").build());
        h.deliver(s.conn, Envelope.newBuilder().setUpdateOfferConstraints(
                org.allot.protocol.proto.UpdateOfferConstraints.newBuilder().setFrameworkId(s.id.value())
                        .setConstraints(Wire.toProto(org.allot.api.OfferConstraints.none()
                                .withMinimumFree(Resources.parse("cpus:3"))))).build());
        h.agent("host-1", "cpus:1;cpus(prod):2;mem:1024");
        assertEquals("cpus:1 unreserved plus cpus(prod):2 meet cpus:3 for role prod", 1, s.offers().size());
    }

    @Test
    public void eachProposalIsCheckedOnce() {
        int[] asked = new int[1];
        h.master.addFilter(new OfferFilter() {
            @Override
            public String name() {
                return "counter";
            }

            @Override
            public FilterResult check(org.allot.spi.filter.OfferCandidate c) {
                asked[0]++;
                return FilterResult.accept();
            }
        }, 0);
        FakeScheduler s = h.scheduler("spark");
        h.agent("host-1", "cpus:4;mem:4096");
        assertEquals(1, s.offers().size());
        assertEquals(1, asked[0]);
    }

    @Test
    public void wrongRoleAndInvalidContentGetErrorsAndTheMasterServesOn() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.offers();
        // An agent may not accept offers.
        h.deliver(a.conn, Envelope.newBuilder().setAccept(org.allot.protocol.proto.Accept.newBuilder()
                .setFrameworkId(s.id.value())).build());
        List<Envelope> agentErrors = a.conn.take(Envelope.MessageCase.ERROR);
        assertEquals(1, agentErrors.size());
        assertEquals(Error.Code.PROTOCOL_VIOLATION, agentErrors.get(0).getError().getCode());
        // A scheduler may not register agents.
        h.deliver(s.conn, Envelope.newBuilder().setRegisterAgent(org.allot.protocol.proto.RegisterAgent
                .getDefaultInstance()).build());
        assertEquals(Error.Code.PROTOCOL_VIOLATION, s.errors().get(0).getCode());
        // A status update with a 3-byte uuid.
        h.deliver(a.conn, Envelope.newBuilder().setStatusUpdate(org.allot.protocol.proto.StatusUpdate.newBuilder()
                .setFrameworkId(s.id.value()).setStatus(org.allot.protocol.proto.TaskStatus.newBuilder()
                        .setTaskId("t1").setState(org.allot.protocol.proto.TaskState.TASK_RUNNING)
                        .setSource(org.allot.protocol.proto.TaskStatus.Source.SOURCE_AGENT)
                        .setUuid(ByteString.copyFrom(new byte[3])))).build());
        agentErrors = a.conn.take(Envelope.MessageCase.ERROR);
        assertEquals(Error.Code.REFUSED, agentErrors.get(0).getError().getCode());
        assertThat(agentErrors.get(0).getError().getReason(), containsString("uuid"));
        // A status update for a framework the master does not know.
        a.update(org.allot.api.FrameworkId.of("f-ghost"), "t1", TaskState.RUNNING);
        assertThat(a.conn.take(Envelope.MessageCase.ERROR).get(0).getError().getReason(),
                containsString("f-ghost"));
        // A scheduler's message before Subscribe on a fresh connection.
        FakeConnection stranger = h.connect(Role.SCHEDULER, "stranger");
        h.deliver(stranger, Envelope.newBuilder().setRevive(org.allot.protocol.proto.Revive.newBuilder()
                .setFrameworkId(s.id.value())).build());
        assertThat(stranger.take(Envelope.MessageCase.ERROR).get(0).getError().getReason(),
                containsString("not subscribed on this connection"));

        s.assertServed();
        assertTrue(a.conn.isOpen());
        assertEquals(1, h.master.agents().size());
    }
}
