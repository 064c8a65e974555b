package org.allot.master.internal;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.allot.api.AgentId;
import org.allot.api.Resources;
import org.allot.filters.internal.AllowedAgentsFilter;
import org.allot.filters.internal.MinimumFreeFilter;
import org.allot.protocol.Messages;
import org.allot.protocol.Wire;
import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Role;
import org.junit.Before;
import org.junit.Test;

/**
 * An elected master's leadership transitions on a manual clock: a standby redirects, an elected
 * master recovers (no offers, no launches) until the roster's agents are back or the recovery
 * window has passed, stamps every message with its epoch, stops acting at once when suspended and
 * drops everything when defeated.
 */
public class MasterElectionTest {

    private static final Duration WINDOW = Duration.ofSeconds(6);

    private final FakeElection election = new FakeElection();
    private Harness h;

    @Before
    public void contend() {
        MasterConfig config = MasterConfig.builder().election(ElectionConfig.of("zk://127.0.0.1:2181/allot", 4000,
                WINDOW.toMillis())).build();
        h = new Harness(config, new FirstFitAllocator("first-fit"),
                List.of(new AllowedAgentsFilter(), new MinimumFreeFilter()), election);
        h.master.contend("127.0.0.1:5050");
        h.settle();
    }

    private void elect(long epoch, Set<String> roster) {
        election.elect(epoch, roster);
        h.settle();
    }

    private Leadership.State state() {
        return h.master.core().leadership.state();
    }

    /** An agent of the previous leader re-registering with its id. */
    private FakeConnection reregister(String id) {
        FakeConnection c = h.connect(Role.AGENT, "agent@" + id);
        org.allot.api.AgentInfo info = org.allot.api.AgentInfo.unregistered(id, 5051,
                Resources.parse("cpus:4;mem:4096")).withId(AgentId.of(id));
        h.deliver(c, Envelope.newBuilder().setReregisterAgent(org.allot.protocol.proto.ReregisterAgent.newBuilder()
                .setAgent(Wire.toProto(info))).build());
        assertEquals(1, c.take(Envelope.MessageCase.AGENT_REREGISTERED).size());
        return c;
    }

    @Test
    public void aStandbyAnswersWithTheLeadersAddress() {
        assertEquals(Leadership.State.STANDBY, state());
        assertEquals("127.0.0.1:5050", election.hostPort);
        MasterAddress leader = new MasterAddress("10.0.0.2", 5050, 7, Optional.of("m-2"));
        election.leader = Optional.of(leader);
        FakeConnection c = h.connect(Role.AGENT, "agent@host-1");
        h.deliver(c, Envelope.newBuilder().setRegisterAgent(org.allot.protocol.proto.RegisterAgent.newBuilder()
                .setAgent(Wire.toProto(org.allot.api.AgentInfo.unregistered("host-1", 5051,
                        Resources.parse("cpus:1;mem:64"))))).build());
        List<Envelope> errors = c.take(Envelope.MessageCase.ERROR);
        assertEquals(1, errors.size());
        assertEquals(Error.Code.NOT_LEADER, errors.get(0).getError().getCode());
        assertEquals(Optional.of(leader), Messages.leaderOf(errors.get(0).getError()));
    }

    @Test
    public void anEmptyRosterLeadsAtOnceAndNewAgentsJoinTheRoster() {
        elect(3, Set.of());
        assertEquals(Leadership.State.LEADING, state());
        Harness.FakeScheduler s = h.scheduler("spark");
        Harness.FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        assertEquals(List.of("+" + a.id.value()), election.roster);
        org.allot.protocol.proto.Offer offer = s.oneOffer();
        assertEquals(a.id.value(), offer.getAgentId());
        h.out.sent().forEach(sent -> assertEquals("every message carries the epoch: " + sent, 3,
                sent.message().getMasterEpoch()));
    }

    @Test
    public void anElectedMasterRecoversUntilEveryAgentOfTheRosterIsBackThenOffers() {
        elect(4, Set.of("a-1", "a-2"));
        assertEquals(Leadership.State.RECOVERING, state());
        Harness.FakeScheduler s = h.scheduler("spark");
        FakeConnection first = reregister("a-1");
        h.advance(Duration.ofSeconds(2));
        assertTrue("no offers while recovering", s.offers().isEmpty());
        s.accept(List.of("o-old"), List.of(Harness.task("t1", AgentId.of("a-1"), "cpus:1")));
        org.allot.api.TaskStatus voided = s.oneUpdate();
        assertEquals(org.allot.api.TaskState.LOST, voided.state());
        assertEquals(Optional.of(org.allot.api.TaskStatus.Reason.INVALID_OFFERS), voided.reason());
        assertThat(voided.message(), containsString("recovering"));
        assertTrue(s.errors().isEmpty());
        assertTrue(first.take(Envelope.MessageCase.RUN_TASK).isEmpty());
        h.deliver(s.conn, Messages.reconcile(s.id, List.of(org.allot.api.TaskId.of("t-unknown"))));
        assertTrue("no answer about unknown tasks while recovering", s.updates().isEmpty());

        reregister("a-2");
        assertEquals("the last expected agent ends the recovery", Leadership.State.LEADING, state());
        assertEquals("the reconciliation is answered once it leads", org.allot.api.TaskState.LOST,
                s.oneUpdate().state());
        assertEquals(2, s.offers().size());
        assertEquals("agents re-registering from the roster are not written again", List.of(), election.roster);
    }

    @Test
    public void afterTheWindowTheMissingAgentsAreLostAndTheMasterLeads() {
        elect(5, Set.of("a-1", "a-ghost"));
        Harness.FakeScheduler s = h.scheduler("spark");
        reregister("a-1");
        h.advance(WINDOW.minusMillis(1));
        assertEquals(Leadership.State.RECOVERING, state());
        h.advance(Duration.ofMillis(1));
        assertEquals(Leadership.State.LEADING, state());
        List<Envelope> lost = s.conn.take(Envelope.MessageCase.AGENT_LOST);
        assertEquals(1, lost.size());
        assertEquals("a-ghost", lost.get(0).getAgentLost().getAgentId());
        assertThat(lost.get(0).getAgentLost().getReason(), containsString("recovery window"));
        assertEquals(List.of("-a-ghost"), election.roster);
        assertEquals(1, s.offers().size());
    }

    @Test
    public void aSuspendedLeaderStopsOfferingAndLaunchingAtOnceAndADefeatedOneDropsEverything() {
        elect(6, Set.of());
        Harness.FakeScheduler s = h.scheduler("spark");
        Harness.FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        String offer = s.oneOffer().getOfferId();

        election.listener.suspended();
        h.settle();
        assertTrue(h.master.core().leadership.suspended());
        s.accept(List.of(offer), List.of(Harness.task("t1", a.id, "cpus:1")));
        assertTrue("no launch while suspended", a.runTasks().isEmpty());
        org.allot.api.TaskStatus voided = s.oneUpdate();
        assertEquals(org.allot.api.TaskState.LOST, voided.state());
        assertThat(voided.message(), containsString("cannot reach ZooKeeper"));
        s.conn.take(Envelope.MessageCase.RESCIND_OFFER);
        h.advance(Duration.ofMinutes(1));
        assertTrue("no offers while suspended", s.offers().isEmpty());

        election.listener.defeated("its ZooKeeper session was lost");
        h.settle();
        assertEquals(Leadership.State.STANDBY, state());
        assertTrue(h.master.agents().isEmpty());
        assertFalse(a.conn.isOpen());
        assertFalse(s.conn.isOpen());
        assertEquals("the roster stays for the successor", List.of("+" + a.id.value()), election.roster);
        assertEquals(0, h.master.core().epoch);
    }

    @Test
    public void stoppingGivesTheCandidacyUp() {
        h.master.stop();
        assertTrue(election.closed);
    }
}
