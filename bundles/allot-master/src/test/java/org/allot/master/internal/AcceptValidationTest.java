package org.allot.master.internal;

import static org.allot.master.internal.Harness.task;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.allot.api.Resources;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.api.operator.OfferView;
import org.allot.master.internal.Harness.FakeAgent;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.junit.Test;

/** Every way a launch can be refused, each with a reason a person can act on; the master serves on. */
public class AcceptValidationTest {

    private final Harness h = new Harness();

    @Test
    public void validLaunchGoesToTheAgentAsStagingAndTheRestReturnsToThePool() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        org.allot.protocol.proto.Offer o = s.oneOffer();
        assertEquals(Resources.parse("cpus:4;mem:4096"), Wire.resources(o.getResourcesList()));

        s.accept(List.of(o.getOfferId()), List.of(task("t1", a.id, "cpus:1;mem:1024")));

        List<org.allot.protocol.proto.RunTask> runs = a.runTasks();
        assertEquals(1, runs.size());
        assertEquals("t1", runs.get(0).getTask().getTaskId());
        assertEquals(s.id.value(), runs.get(0).getFramework().getFrameworkId());
        assertEquals(TaskState.STAGING, h.master.tasks().get(0).state());
        assertEquals(Resources.parse("cpus:1;mem:1024"), h.engine().agent(a.id).orElseThrow().used());
        assertTrue(h.master.offers().isEmpty());
        assertTrue(s.updates().isEmpty());
    }

    @Test
    public void unknownOfferGivesTaskLost() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.offers();
        s.accept(List.of("o-999"), List.of(task("t1", a.id, "cpus:1")));
        TaskStatus st = s.oneUpdate();
        assertEquals(TaskState.LOST, st.state());
        assertEquals(TaskStatus.Source.MASTER, st.source());
        assertEquals(TaskStatus.Reason.INVALID_OFFERS, st.reason().orElseThrow());
        assertThat(st.message(), containsString("offer o-999 is unknown"));
        assertTrue(a.runTasks().isEmpty());
        s.assertServed();
    }

    @Test
    public void rescindedOfferGivesTaskLostNamingTheTimeout() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        String offer = s.oneOffer().getOfferId();
        h.advance(Duration.ofSeconds(30));
        List<Envelope> rescinds = s.conn.take(Envelope.MessageCase.RESCIND_OFFER);
        assertEquals(1, rescinds.size());
        s.offers(); // re-offered meanwhile
        s.accept(List.of(offer), List.of(task("t1", a.id, "cpus:1")));
        TaskStatus st = s.oneUpdate();
        assertEquals(TaskState.LOST, st.state());
        assertEquals(TaskStatus.Reason.OFFER_RESCINDED, st.reason().orElseThrow());
        assertThat(st.message(), containsString("offer " + offer + " was rescinded at 2030-01-01T00:00:30Z"
                + " (offer timeout 30 s)"));
        assertTrue(a.runTasks().isEmpty());
        s.assertServed();
    }

    @Test
    public void partitionAwareFrameworkGetsTaskDroppedInstead() {
        FakeScheduler s = h.scheduler(org.allot.api.FrameworkInfo.builder("pa", "alice")
                .capability("PARTITION_AWARE").build());
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.offers();
        s.accept(List.of("o-404"), List.of(task("t1", a.id, "cpus:1")));
        assertEquals(TaskState.DROPPED, s.oneUpdate().state());
    }

    @Test
    public void usedOfferGivesTaskLost() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        String offer = s.oneOffer().getOfferId();
        s.accept(List.of(offer), List.of(task("t1", a.id, "cpus:1")));
        s.accept(List.of(offer), List.of(task("t2", a.id, "cpus:1")));
        TaskStatus st = s.oneUpdate();
        assertEquals("t2", st.taskId().value());
        assertEquals(TaskState.LOST, st.state());
        assertEquals(TaskStatus.Reason.INVALID_OFFERS, st.reason().orElseThrow());
        assertThat(st.message(), containsString("offer " + offer + " was already used by an Accept at"));
        assertEquals(1, a.runTasks().size());
        s.assertServed();
    }

    @Test
    public void offerOfAnotherFrameworkGivesTaskLostAndStaysWithItsOwner() {
        FakeScheduler first = h.scheduler("first");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        String firstsOffer = first.oneOffer().getOfferId();
        FakeScheduler second = h.scheduler("second");
        second.accept(List.of(firstsOffer), List.of(task("t1", a.id, "cpus:1")));
        TaskStatus st = second.oneUpdate();
        assertEquals(TaskState.LOST, st.state());
        assertEquals(TaskStatus.Reason.INVALID_OFFERS, st.reason().orElseThrow());
        assertThat(st.message(), containsString("offer " + firstsOffer + " was made to another framework"));
        List<OfferView> outstanding = h.master.offers();
        assertEquals(1, outstanding.size());
        assertEquals(first.id, outstanding.get(0).frameworkId());
        assertTrue(a.runTasks().isEmpty());
        second.assertServed();
    }

    @Test
    public void offersOnTwoAgentsGiveTaskLost() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        FakeAgent b = h.agent("host-2", "cpus:4;mem:4096");
        List<org.allot.protocol.proto.Offer> offers = s.offers();
        assertEquals(2, offers.size());
        s.accept(List.of(offers.get(0).getOfferId(), offers.get(1).getOfferId()),
                List.of(task("t1", a.id, "cpus:1")));
        TaskStatus st = s.oneUpdate();
        assertEquals(TaskState.LOST, st.state());
        assertThat(st.message(), containsString("are on different agents"));
        assertTrue(a.runTasks().isEmpty());
        assertTrue(b.runTasks().isEmpty());
        // The two offers are used up by the failed launch; their resources went back to the pool
        // and come again as new offers.
        List<org.allot.protocol.proto.Offer> again = s.offers();
        assertEquals(2, again.size());
        for (org.allot.protocol.proto.Offer o : again) {
            assertEquals(Resources.parse("cpus:4;mem:4096"), Wire.resources(o.getResourcesList()));
        }
        assertTrue(again.stream().noneMatch(o -> o.getOfferId().equals(offers.get(0).getOfferId())));
        s.assertServed();
    }

    @Test
    public void overSpentTaskGivesTaskErrorNamingTheAmounts() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        String offer = s.oneOffer().getOfferId();
        s.accept(List.of(offer), List.of(task("t1", a.id, "cpus:8")));
        TaskStatus st = s.oneUpdate();
        assertEquals(TaskState.ERROR, st.state());
        assertEquals(TaskStatus.Reason.RESOURCES_INSUFFICIENT, st.reason().orElseThrow());
        assertEquals("task t1 asks cpus:8 but offer " + offer + " has cpus:4;mem:4096", st.message());
        assertTrue(a.runTasks().isEmpty());
        s.assertServed();
    }

    @Test
    public void tasksTogetherOverSpendingTheOfferGiveTaskErrorForTheOneThatDoesNotFit() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        String offer = s.oneOffer().getOfferId();
        s.accept(List.of(offer), List.of(task("t1", a.id, "cpus:3"), task("t2", a.id, "cpus:3")));
        TaskStatus st = s.oneUpdate();
        assertEquals("t2", st.taskId().value());
        assertEquals(TaskState.ERROR, st.state());
        assertThat(st.message(), containsString("task t2 asks cpus:3 but only cpus:1;mem:4096 of offer " + offer
                + " is left"));
        assertEquals(1, a.runTasks().size());
    }

    @Test
    public void duplicateTaskIdGivesTaskError() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        String offer = s.oneOffer().getOfferId();
        s.accept(List.of(offer), List.of(task("t1", a.id, "cpus:1"), task("t1", a.id, "cpus:1")));
        TaskStatus st = s.oneUpdate();
        assertEquals(TaskState.ERROR, st.state());
        assertEquals(TaskStatus.Reason.TASK_INVALID, st.reason().orElseThrow());
        assertThat(st.message(), containsString("task id t1 appears more than once"));
        assertEquals(1, a.runTasks().size());

        // And against the framework's live tasks, in a later launch.
        h.advance(Duration.ofSeconds(5));
        String next = s.oneOffer().getOfferId();
        s.accept(List.of(next), List.of(task("t1", a.id, "cpus:1")));
        st = s.oneUpdate();
        assertEquals(TaskState.ERROR, st.state());
        assertThat(st.message(), containsString("task id t1 is already used by a task of framework"));
        s.assertServed();
    }

    @Test
    public void unknownFrameworkIdGetsAnErrorAndTheMasterServesOn() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        String offer = s.oneOffer().getOfferId();
        h.deliver(s.conn, Envelope.newBuilder().setAccept(org.allot.protocol.proto.Accept.newBuilder()
                .setFrameworkId("f-nobody").addOfferIds(offer)).build());
        List<Error> errors = s.errors();
        assertEquals(1, errors.size());
        assertEquals(Error.Code.REFUSED, errors.get(0).getCode());
        assertThat(errors.get(0).getReason(), containsString("unknown framework id f-nobody"));
        // The offer is untouched and still usable.
        s.accept(List.of(offer), List.of(task("t1", a.id, "cpus:1")));
        assertEquals(1, a.runTasks().size());
        s.assertServed();
    }

    @Test
    public void invalidTaskContentGivesTaskErrorWithWiresReason() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        String offer = s.oneOffer().getOfferId();
        org.allot.protocol.proto.TaskInfo noCommand = Wire.toProto(task("t1", a.id, "cpus:1")).toBuilder()
                .clearCommand().build();
        h.deliver(s.conn, Envelope.newBuilder().setAccept(org.allot.protocol.proto.Accept.newBuilder()
                .setFrameworkId(s.id.value()).addOfferIds(offer).addTasks(noCommand)).build());
        TaskStatus st = s.oneUpdate();
        assertEquals(TaskState.ERROR, st.state());
        assertThat(st.message(), containsString("task t1 is invalid"));
        assertTrue(a.runTasks().isEmpty());
        s.assertServed();
    }
}
