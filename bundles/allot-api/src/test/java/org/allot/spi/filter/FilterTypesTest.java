package org.allot.spi.filter;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferConstraints;
import org.allot.api.Resources;
import org.junit.Test;

public class FilterTypesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AgentId A1 = AgentId.of("a-1");

    @Test
    public void acceptAndRefuse() {
        assertSame(FilterResult.accept(), FilterResult.accept());
        assertTrue(FilterResult.accept().isAccepted());
        FilterResult no = FilterResult.refuse("agent a-3 is not in framework f-1's allow list [a-1,a-2]");
        assertFalse(no.isAccepted());
        assertEquals(FilterResult.Code.REFUSE, no.code());
        assertEquals("REFUSE: agent a-3 is not in framework f-1's allow list [a-1,a-2]", no.toString());
    }

    @Test
    public void refusalNeedsAReasonAndAcceptanceHasNone() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilterResult.refuse(" "));
        assertTrue(e.getMessage().contains("reason"));
        assertThrows(IllegalArgumentException.class, () -> new FilterResult(FilterResult.Code.ACCEPT, "why"));
    }

    @Test
    public void declineRefusesSameAgentUntilExpiryAndOnlyWhatWasDeclined() {
        Decline d = new Decline(A1, Resources.parse("cpus:4;mem:1024"), T0.plusSeconds(5));
        Resources same = Resources.parse("cpus:4;mem:1024");
        assertTrue("same offer, same agent, in time", d.refuses(A1, same, T0));
        assertTrue("smaller offer", d.refuses(A1, Resources.parse("cpus:1"), T0.plusSeconds(4)));
        assertFalse("expired", d.refuses(A1, same, T0.plusSeconds(5)));
        assertFalse("other agent", d.refuses(AgentId.of("a-2"), same, T0));
        assertFalse("larger offer", d.refuses(A1, Resources.parse("cpus:5;mem:1024"), T0));
    }

    @Test
    public void candidateNeedsRegisteredAgentAndCopiesDeclines() {
        FrameworkInfo fw = FrameworkInfo.builder("spark", "alice").build();
        AgentInfo unregistered = AgentInfo.unregistered("h1", 5051, Resources.parse("cpus:4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OfferCandidate(FrameworkId.of("f-1"), fw, unregistered, Resources.parse("cpus:1"),
                        Resources.parse("cpus:4"), T0, OfferConstraints.none(), List.of()));
        assertTrue(e.getMessage().contains("h1"));

        List<Decline> declines = new ArrayList<>();
        OfferCandidate c = new OfferCandidate(FrameworkId.of("f-1"), fw, unregistered.withId(A1),
                Resources.parse("cpus:1"), Resources.parse("cpus:4"), T0, OfferConstraints.none(), declines);
        declines.add(new Decline(A1, Resources.parse("cpus:1"), T0));
        assertEquals(List.of(), c.declines());
        assertEquals(A1, c.agentId());
    }

    /** A filter written against the SPI, as allot-filters will: it reads the candidate only. */
    @Test
    public void aFilterUsesOnlyTheCandidate() {
        OfferFilter allowList = new OfferFilter() {
            @Override
            public String name() {
                return "allowed-agents";
            }

            @Override
            public FilterResult check(OfferCandidate c) {
                return c.constraints().allows(c.agentId(), c.agent().hostname()) ? FilterResult.accept()
                        : FilterResult.refuse("agent " + c.agentId() + " is not in framework " + c.frameworkId()
                        + "'s allow list " + c.constraints().allowedAgents().orElseThrow());
            }
        };
        FrameworkInfo fw = FrameworkInfo.builder("spark", "alice").build();
        AgentInfo agent = AgentInfo.unregistered("h3", 5051, Resources.parse("cpus:4")).withId(AgentId.of("a-3"));
        OfferCandidate c = new OfferCandidate(FrameworkId.of("f-1"), fw, agent, Resources.parse("cpus:1"),
                Resources.parse("cpus:4"), T0, OfferConstraints.none().withAllowedAgents(List.of("a-1", "a-2")),
                List.of());
        assertEquals("agent a-3 is not in framework f-1's allow list [a-1, a-2]", allowList.check(c).reason());
    }
}
