package org.allot.filters.internal;

import static org.allot.filters.internal.Candidates.candidate;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.allot.api.AgentId;
import org.allot.api.Resources;
import org.allot.spi.filter.Decline;
import org.allot.spi.filter.FilterResult;
import org.allot.spi.filter.OfferCandidate;
import org.allot.spi.filter.OfferFilter;
import org.junit.Test;

/**
 * Behaviour every {@link OfferFilter} must have, whatever its rule (the SPI's written contract):
 * it never throws, whatever the candidate; a refusal has a non-blank reason naming the framework
 * and the agent; the answer is a pure function of the candidate. Subclass it for each filter,
 * built in or plugged in, and supply one candidate the filter refuses.
 */
public abstract class OfferFilterContractTest {

    /** A fresh instance of the filter under test. */
    protected abstract OfferFilter filter();

    /** A candidate the filter must refuse (framework f-1, agent a-3 unless the subclass says otherwise). */
    protected abstract OfferCandidate refusedCandidate();

    /** Odd but valid candidates: empty resources, empty lists, extreme times, kind clashes. */
    protected Map<String, OfferCandidate> oddCandidates() {
        Map<String, OfferCandidate> odd = new LinkedHashMap<>();
        odd.put("default", candidate().build());
        odd.put("nothing offered, nothing free", candidate().offering("").build());
        odd.put("offered more than free", candidate().offering("cpus:8").free("cpus:1").build());
        odd.put("empty allow list", candidate().allowed().build());
        odd.put("minimum of another kind than free", candidate().free("ports:[1-5]").minimumFree("ports:3").build());
        odd.put("minimum of reserved ranges", candidate().free("ports:[1-5]").minimumFree("ports(x):[1-2]").build());
        odd.put("ranges at the end of the long line", candidate().free("ports:[0-9223372036854775806]")
                .minimumFree("ports:[5-9223372036854775807]").build());
        odd.put("decline of nothing", candidate().declined("a-3", "", 5).build());
        odd.put("decline of nothing, nothing offered", candidate().offering("").declined("a-3", "", 5).build());
        odd.put("a decline here of something else", candidate().declined("a-3", "gpus:1", 3).build());
        odd.put("time at the beginning of time",
                candidate().at(Instant.MIN).declined("a-3", "cpus:4;mem:4096", 5).build());
        odd.put("decline until the end of time", withDeclineUntil(Instant.MAX, Instant.MIN));
        odd.put("time at the end of time", candidate().at(Instant.MAX).declined("a-3", "cpus:4;mem:4096", 5).build());
        odd.put("everything at once", candidate().framework("f-9", "prod").agent("a-3", "h")
                .offering("cpus(prod):1;ports:[1-2];disks:{a}").free("cpus(prod):1;ports:[1-2];disks:{a}")
                .allowed("a-3").minimumFree("cpus:1;ports:[1-1];disks:{a}").declined("a-3", "ports:[1-2]", 1).build());
        return odd;
    }

    private static OfferCandidate withDeclineUntil(Instant until, Instant now) {
        OfferCandidate c = candidate().at(now).build();
        return new OfferCandidate(c.frameworkId(), c.framework(), c.agent(), c.resources(), c.agentFree(), c.now(),
                c.constraints(), List.of(new Decline(AgentId.of("a-3"), Resources.parse("cpus:4;mem:4096"), until)));
    }

    @Test
    public void hasAStableNonBlankName() {
        OfferFilter f = filter();
        assertNotNull(f.name());
        assertFalse(f.name().isBlank());
        assertEquals(f.name(), filter().name());
    }

    @Test
    public void neverThrowsAndAlwaysAnswers() {
        OfferFilter f = filter();
        oddCandidates().forEach((name, c) -> {
            FilterResult r;
            try {
                r = f.check(c);
            } catch (RuntimeException e) {
                throw new AssertionError(f.name() + " threw on candidate '" + name + "': " + e, e);
            }
            assertNotNull(name, r);
            if (!r.isAccepted()) {
                assertFalse(name + ": a refusal needs a reason", r.reason().isBlank());
            }
        });
    }

    @Test
    public void refusalNamesTheFrameworkAndTheAgent() {
        OfferCandidate c = refusedCandidate();
        FilterResult r = filter().check(c);
        assertEquals(FilterResult.Code.REFUSE, r.code());
        assertFalse(r.reason().isBlank());
        assertTrue(r.reason() + " should name framework " + c.frameworkId(),
                r.reason().contains("framework " + c.frameworkId()));
        assertTrue(r.reason() + " should name agent " + c.agentId(), r.reason().contains("agent " + c.agentId()));
    }

    @Test
    public void isDeterministic() {
        OfferFilter f = filter();
        OfferFilter other = filter();
        Map<String, OfferCandidate> cases = oddCandidates();
        cases.put("refused", refusedCandidate());
        cases.forEach((name, c) -> {
            FilterResult first = f.check(c);
            for (int i = 0; i < 3; i++) {
                assertEquals(name, first, f.check(c));
            }
            assertEquals(name + ": another instance answers the same", first, other.check(c));
            OfferCandidate copy = new OfferCandidate(c.frameworkId(), c.framework(), c.agent(), c.resources(),
                    c.agentFree(), c.now(), c.constraints(), c.declines());
            assertEquals(name + ": an equal candidate gets the same answer", first, f.check(copy));
        });
    }

    @Test
    public void acceptsAnUnconstrainedCandidateWithoutDeclines() {
        assertTrue(filter().check(candidate().build()).isAccepted());
    }
}
