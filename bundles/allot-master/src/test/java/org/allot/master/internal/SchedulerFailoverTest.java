package org.allot.master.internal;

import static org.allot.master.internal.Harness.task;
import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.allot.api.FrameworkInfo;
import org.allot.api.TaskState;
import org.allot.master.internal.Harness.FakeAgent;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.CloseReason;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;
import org.junit.Test;

/**
 * A framework's scheduler replaced while connected (hot standby) or coming back within its failover
 * timeout, on the master harness's manual clock (after Mesos's {@code SchedulerFailover} tests).
 */
public class SchedulerFailoverTest {

    private static final FrameworkInfo SPARK = FrameworkInfo.builder("spark", "alice").principal("team-a")
            .failoverTimeout(Duration.ofSeconds(60)).build();

    private final Harness h = new Harness();

    private FakeConnection subscribeWithId(FakeScheduler s, String principal) {
        FakeConnection c = h.connect(Role.SCHEDULER, principal);
        h.deliver(c, Harness.subscribe(s.info.toBuilder().id(s.id).build()));
        return c;
    }

    @Test
    public void aSecondSchedulerWithTheSamePrincipalTakesOverAndTheFirstIsToldItWasReplaced() {
        FakeScheduler first = h.scheduler(SPARK);
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        first.accept(List.of(first.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        a.update(first.id, "t1", TaskState.RUNNING);
        first.updates();

        FakeConnection standby = subscribeWithId(first, "team-a");

        assertEquals(first.id.value(), standby.take(Envelope.MessageCase.SUBSCRIBED).get(0).getSubscribed()
                .getFrameworkId());
        List<Error> errors = first.errors();
        assertEquals(1, errors.size());
        assertEquals(Error.Code.FRAMEWORK_REPLACED, errors.get(0).getCode());
        assertThat(errors.get(0).getReason(), containsString("was taken over by another scheduler"));
        assertFalse("the replaced scheduler's connection is closed", first.conn.isOpen());
        assertEquals("the tasks stay", 1, h.master.tasks().size());
        assertTrue(h.master.frameworks().get(0).connected());

        // Offers, updates and answers now go to the new scheduler.
        h.advance(Duration.ofSeconds(5)); // the rest of the used offer, declined for the default 5 s
        assertEquals("what is left of the agent is offered to the new scheduler", 1,
                standby.take(Envelope.MessageCase.OFFERS).size());
        a.update(first.id, "t1", TaskState.FINISHED);
        assertEquals(List.of("TASK_FINISHED"), standby.take(Envelope.MessageCase.STATUS_UPDATE).stream()
                .map(e -> e.getStatusUpdate().getStatus().getState().name()).collect(Collectors.toList()));
        new FakeScheduler(h, standby, first.id, first.info).assertServed();
    }

    @Test
    public void aSchedulerWithAnotherPrincipalIsRefusedAndTheConnectedOneKeepsTheFramework() {
        FakeScheduler owner = h.scheduler(SPARK);

        FakeConnection intruder = subscribeWithId(owner, "mallory");

        assertTrue(intruder.take(Envelope.MessageCase.SUBSCRIBED).isEmpty());
        List<Envelope> refused = intruder.take(Envelope.MessageCase.ERROR);
        assertEquals(1, refused.size());
        assertEquals(Error.Code.REFUSED, refused.get(0).getError().getCode());
        assertEquals("framework " + owner.id + " belongs to principal 'team-a'; a scheduler that says Hello as"
                + " 'mallory' cannot subscribe with its id; say Hello as 'team-a' or subscribe without a"
                + " framework_id for a new framework", refused.get(0).getError().getReason());
        assertTrue(owner.errors().isEmpty());
        assertTrue(owner.conn.isOpen());
        owner.assertServed();
    }

    @Test
    public void anotherPrincipalCannotTakeADisconnectedFrameworkWithinItsFailoverTimeoutEither() {
        FakeScheduler owner = h.scheduler(SPARK);
        h.close(owner.conn, CloseReason.PEER_CLOSED, "closed by peer");

        FakeConnection intruder = subscribeWithId(owner, "mallory");
        assertThat(intruder.take(Envelope.MessageCase.ERROR).get(0).getError().getReason(),
                containsString("belongs to principal 'team-a'"));
        assertFalse(h.master.frameworks().get(0).connected());

        FakeConnection back = subscribeWithId(owner, "team-a");
        assertEquals(1, back.take(Envelope.MessageCase.SUBSCRIBED).size());
    }

    @Test
    public void aSchedulerBackWithinTheFailoverTimeoutMakesTheAgentsResendItsUnacknowledgedUpdates() {
        FakeScheduler s = h.scheduler(SPARK);
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        FakeAgent b = h.agent("host-2", "cpus:4;mem:4096");
        FakeAgent idle = h.agent("host-3", "cpus:4;mem:4096");
        List<org.allot.protocol.proto.Offer> offers = s.offers();
        for (FakeAgent agent : List.of(a, b)) {
            String offer = offers.stream().filter(o -> o.getAgentId().equals(agent.id.value())).findFirst()
                    .orElseThrow().getOfferId();
            s.accept(List.of(offer), List.of(task("t-" + agent.id.value(), agent.id, "cpus:1")));
        }
        h.close(s.conn, CloseReason.PEER_CLOSED, "closed by peer");
        // Sent while nobody listens: the agent keeps it until a scheduler acknowledges it.
        a.update(s.id, "t-" + a.id.value(), TaskState.RUNNING);
        h.advance(Duration.ofMillis(59_999));

        FakeConnection back = subscribeWithId(s, "team-a");

        assertEquals(1, back.take(Envelope.MessageCase.SUBSCRIBED).size());
        for (FakeAgent agent : List.of(a, b)) {
            List<Envelope> resend = agent.conn.take(Envelope.MessageCase.RESEND_UPDATES);
            assertEquals("ResendUpdates to " + agent.id, 1, resend.size());
            assertEquals(s.id.value(), resend.get(0).getResendUpdates().getFrameworkId());
        }
        assertTrue("no task of the framework there", idle.conn.take(Envelope.MessageCase.RESEND_UPDATES).isEmpty());
        h.advance(Duration.ofSeconds(120));
        assertEquals("the failover timer was cancelled", 2, h.master.tasks().size());
        assertTrue(a.conn.take(Envelope.MessageCase.TEARDOWN).isEmpty());
    }

    @Test
    public void aReplacedSchedulersLateCloseDoesNotDisconnectTheFramework() {
        FakeScheduler first = h.scheduler(SPARK);
        FakeConnection standby = subscribeWithId(first, "team-a");
        standby.take(Envelope.MessageCase.SUBSCRIBED);

        h.close(first.conn, CloseReason.LOCAL_CLOSE, "closed with an error");

        assertTrue(h.master.frameworks().get(0).connected());
        new FakeScheduler(h, standby, first.id, first.info).assertServed();
    }
}
