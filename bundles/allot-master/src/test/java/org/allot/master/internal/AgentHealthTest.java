package org.allot.master.internal;

import static org.allot.master.internal.Harness.task;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.allot.api.agent.AgentHealth;
import org.allot.master.internal.Harness.FakeAgent;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.Messages;
import org.allot.protocol.proto.Envelope;
import org.junit.Test;

/**
 * An agent says how it is (iso-agent): a DEGRADED one (e.g. a configured isolator is missing) or a
 * DRAINING one is shown with its reason in the operator view, keeps its tasks, and is offered
 * nothing until it is ACTIVE again.
 */
public class AgentHealthTest {

    private static final AgentHealth DEGRADED = new AgentHealth(AgentHealth.State.DEGRADED,
            "isolator 'cgroups/mem' of isolation=cgroups/mem,posix is not available");

    private final Harness h = new Harness();

    @Test
    public void aDegradedAgentIsShownWithItsReasonAndOffersNothingUntilItIsActiveAgain() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));
        h.advance(Duration.ofSeconds(5));
        String pending = s.oneOffer().getOfferId();

        h.deliver(a.conn, Messages.agentHealth(a.id, DEGRADED));

        assertEquals(DEGRADED, h.master.agents().get(0).health());
        assertEquals("the one-snapshot state shows it too", DEGRADED, h.master.state().agents().get(0).health());
        assertEquals(pending, s.conn.take(Envelope.MessageCase.RESCIND_OFFER).get(0).getRescindOffer().getOfferId());
        assertTrue("not offered while degraded", h.engine().agent(a.id).isEmpty());
        assertEquals("its task is kept", 1, h.master.tasks().size());
        h.advance(Duration.ofSeconds(10));
        assertTrue(s.offers().isEmpty());

        h.deliver(a.conn, Messages.agentHealth(a.id, AgentHealth.ACTIVE));

        assertEquals(AgentHealth.ACTIVE, h.master.agents().get(0).health());
        h.advance(Duration.ofSeconds(1));
        assertEquals("cpus:3;mem:4096", org.allot.protocol.Wire.fromProto(s.oneOffer()).resources().toString());
    }

    @Test
    public void aDrainingAgentIsNotOfferedAndKeepsItsTasksUntilTheyEnd() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t1", a.id, "cpus:1")));

        h.deliver(a.conn, Messages.agentHealth(a.id, new AgentHealth(AgentHealth.State.DRAINING,
                "drained by an operator")));
        h.advance(Duration.ofSeconds(10));

        assertTrue(s.offers().isEmpty());
        assertEquals(AgentHealth.State.DRAINING, h.master.agents().get(0).health().state());
        assertEquals(1, h.master.tasks().size());
    }

    @Test
    public void healthFromAnUnregisteredConnectionIsRefused() {
        FakeConnection c = h.connect(org.allot.protocol.proto.Role.AGENT, "agent@nowhere");
        h.deliver(c, Messages.agentHealth(org.allot.api.AgentId.of("a-x"), DEGRADED));
        List<Envelope> errors = c.take(Envelope.MessageCase.ERROR);
        assertEquals(1, errors.size());
        assertEquals("AgentHealth from an agent that has not registered on this connection; send RegisterAgent or"
                + " ReregisterAgent first", errors.get(0).getError().getReason());
        assertTrue(h.master.agents().isEmpty());
    }
}
