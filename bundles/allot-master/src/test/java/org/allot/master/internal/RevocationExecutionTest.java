package org.allot.master.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.master.internal.Harness.FakeAgent;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Envelope.MessageCase;
import org.allot.protocol.proto.InverseOffer;
import org.allot.protocol.proto.KillTask;
import org.allot.spi.allocation.AllocationView;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.Revocation;
import org.junit.Test;

/**
 * The master carries out the revocations a plan names: an inverse offer first when the revocation
 * has a deadline, a kill with reason REVOKED at the deadline (or at once without one), each once
 * however often the policy repeats itself, and no kill for a task that ended in time.
 */
public class RevocationExecutionTest {

    /** First fit for offers, and whatever revocations the test sets in every plan. */
    static final class RevokingAllocator implements Allocator {
        private final FirstFitAllocator offers = new FirstFitAllocator("revoking");
        List<Revocation> revocations = List.of();
        int passes;

        @Override
        public String name() {
            return "revoking";
        }

        @Override
        public Plan allocate(AllocationView view) {
            passes++;
            return new Plan(offers.allocate(view).offers(), revocations);
        }
    }

    private final RevokingAllocator policy = new RevokingAllocator();
    // A role starved for no time at all may be helped: every full pass asks the policy.
    private final Harness h = new Harness(MasterConfig.builder().revocationDelay(Duration.ZERO).build(), policy);

    /** A framework runs task t1 on the whole of a one-agent cluster; another waits for resources. */
    private record Cluster(FakeAgent agent, FakeScheduler batch, FakeScheduler prod) {
    }

    private Cluster fullCluster() {
        FakeScheduler batch = h.scheduler("batch");
        FakeAgent agent = h.agent("host-1", "cpus:2;mem:2048");
        batch.accept(List.of(batch.oneOffer().getOfferId()),
                List.of(Harness.task("t1", agent.id, "cpus:2;mem:2048")));
        assertEquals(1, agent.runTasks().size());
        agent.update(batch.id, "t1", TaskState.RUNNING);
        batch.updates();
        FakeScheduler prod = h.scheduler("prod");
        return new Cluster(agent, batch, prod);
    }

    private static List<InverseOffer> inverseOffers(FakeScheduler s) {
        return s.conn.take(MessageCase.INVERSE_OFFERS).stream()
                .flatMap(e -> e.getInverseOffers().getInverseOffersList().stream()).toList();
    }

    private static List<KillTask> kills(FakeAgent a) {
        return a.conn.take(MessageCase.KILL_TASK).stream().map(Envelope::getKillTask).toList();
    }

    @Test
    public void aRevocationWithADeadlineIsAnnouncedOnceThenKilledAtTheDeadlineWithReasonRevoked() {
        Cluster c = fullCluster();
        Instant deadline = h.loop.now().plus(Duration.ofSeconds(10));
        policy.revocations = List.of(new Revocation(c.batch().id, c.agent().id, org.allot.api.TaskId.of("t1"),
                "role prod is below its guarantee cpus:2", deadline));

        h.advance(Duration.ofSeconds(1)); // a full pass
        List<InverseOffer> notices = inverseOffers(c.batch());
        assertEquals(1, notices.size());
        org.allot.api.InverseOffer notice = Wire.fromProto(notices.get(0));
        assertEquals("t1", notice.taskId().value());
        assertEquals(c.agent().id, notice.agentId());
        assertEquals(org.allot.api.Resources.parse("cpus:2;mem:2048"), notice.resources());
        assertEquals(deadline, notice.deadline());
        assertEquals("role prod is below its guarantee cpus:2", notice.reason());

        h.advance(Duration.ofMillis(8999)); // passes repeat the revocation; nothing is repeated
        assertTrue("passes went on", policy.passes > 5);
        assertEquals(List.of(), inverseOffers(c.batch()));
        assertEquals("no kill before the deadline", List.of(), kills(c.agent()));

        h.advance(Duration.ofMillis(1));
        List<KillTask> kills = kills(c.agent());
        assertEquals(1, kills.size());
        assertEquals("t1", kills.get(0).getTaskId());
        assertEquals(org.allot.protocol.proto.TaskStatus.Reason.REASON_REVOKED, kills.get(0).getReason());
        assertTrue(kills.get(0).getMessage(), kills.get(0).getMessage().startsWith("role prod is below its guarantee"));

        h.advance(Duration.ofSeconds(5));
        assertEquals("killed once", List.of(), kills(c.agent()));
    }

    @Test
    public void aRevocationWithoutDeadlineKillsAtOnceAndOnce() {
        Cluster c = fullCluster();
        policy.revocations = List.of(new Revocation(c.batch().id, c.agent().id, org.allot.api.TaskId.of("t1"),
                "role prod is starved"));
        h.advance(Duration.ofSeconds(1));
        assertEquals(List.of(), inverseOffers(c.batch()));
        assertEquals(1, kills(c.agent()).size());
        h.advance(Duration.ofSeconds(10));
        assertEquals(List.of(), kills(c.agent()));

        // The agent reports the kill; the scheduler gets it, and the resources are offered again.
        c.agent().update(c.batch().id, "t1", TaskState.KILLED);
        TaskStatus killed = c.batch().oneUpdate();
        assertEquals(TaskState.KILLED, killed.state());
        policy.revocations = List.of();
        h.advance(Duration.ofSeconds(1));
        assertEquals(1, h.master.offers().size());
    }

    @Test
    public void aTaskThatEndsBeforeItsDeadlineIsNotKilled() {
        Cluster c = fullCluster();
        policy.revocations = List.of(new Revocation(c.batch().id, c.agent().id, org.allot.api.TaskId.of("t1"),
                "role prod is starved", h.loop.now().plus(Duration.ofSeconds(5))));
        h.advance(Duration.ofSeconds(1));
        assertEquals(1, inverseOffers(c.batch()).size());
        policy.revocations = List.of();

        c.agent().update(c.batch().id, "t1", TaskState.FINISHED); // the framework gave it back itself
        h.advance(Duration.ofSeconds(10));
        assertEquals(List.of(), kills(c.agent()));
        assertEquals("the resources are offered again", 1, h.master.offers().size());
    }

    @Test
    public void aTaskWhoseAgentIsAwayAtTheDeadlineIsKilledWhenTheAgentReturns() {
        Cluster c = fullCluster();
        policy.revocations = List.of(new Revocation(c.batch().id, c.agent().id, org.allot.api.TaskId.of("t1"),
                "role prod is starved", h.loop.now().plus(Duration.ofSeconds(5))));
        h.advance(Duration.ofSeconds(1));
        assertEquals(1, inverseOffers(c.batch()).size());
        c.agent().lose(org.allot.protocol.CloseReason.PEER_CLOSED, "network blip");

        h.advance(Duration.ofSeconds(5));
        Map<TaskKey, Envelope> waiting = h.master.core().registry.agents.get(c.agent().id).pendingKills;
        assertEquals("the kill waits for the agent", Set.of(new TaskKey(c.batch().id, org.allot.api.TaskId.of("t1"))),
                waiting.keySet());
        assertEquals("and keeps its reason for when it is sent", org.allot.protocol.proto.TaskStatus.Reason.REASON_REVOKED,
                waiting.values().iterator().next().getKillTask().getReason());
    }

    @Test
    public void aDeadlineThatPassesWhileTheMasterIsSuspendedKillsOnlyOnceItLeadsAgain() {
        Cluster c = fullCluster();
        policy.revocations = List.of(new Revocation(c.batch().id, c.agent().id, org.allot.api.TaskId.of("t1"),
                "role prod is starved", h.loop.now().plus(Duration.ofSeconds(5))));
        h.advance(Duration.ofSeconds(1));
        h.master.core().leadership.suspend(true);

        h.advance(Duration.ofSeconds(10));
        assertEquals("a suspended master, which may be deposed, kills nothing", List.of(), kills(c.agent()));

        h.master.core().leadership.suspend(false);
        h.advance(RevocationRoom.SUSPENDED_RETRY);
        assertEquals(1, kills(c.agent()).size());
    }

    @Test
    public void aDeadlineAlreadyPassedKillsAtOnceWithoutNotice() {
        Cluster c = fullCluster();
        policy.revocations = List.of(new Revocation(c.batch().id, c.agent().id, org.allot.api.TaskId.of("t1"),
                "role prod is starved", Harness.START));
        h.advance(Duration.ofSeconds(1));
        assertEquals(List.of(), inverseOffers(c.batch()));
        assertEquals(1, kills(c.agent()).size());
    }
}
