package org.allot.allocator.contract;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.OfferCheck;
import org.allot.spi.filter.FilterResult;
import org.junit.Test;

/**
 * Behaviour any {@link Allocator} must have, whatever its policy: nothing offered twice before it
 * is recovered, never more than is free, nothing to removed, inactive or suppressed frameworks,
 * allocations only on known agents, the offer check honoured, nothing while paused, odd reports
 * survived. Subclass it with {@link #newAllocator()} for each allocator, built in or plugged in
 * (the module's test-jar carries it and {@link SimulatedCluster}).
 *
 * <p>Most checks live in {@link SimulatedCluster#offer()}, which verifies every proposal against
 * the simulated master's registry; the tests here drive the situations where an allocator could go
 * wrong. They assume only that an allocator offers something when there are free resources and an
 * eligible framework, not whom it favours.
 */
public abstract class AllocatorContractTest {

    /** A fresh allocator, not yet told of anything. */
    protected abstract Allocator newAllocator();

    private SimulatedCluster twoAgentsTwoHolders() {
        return new SimulatedCluster(newAllocator())
                .agent("a-1", "cpus:4;mem:4096;disk:100;ports:[31000-31009]")
                .agent("a-2", "cpus:2;mem:2048")
                .framework("f-1", "*", "")
                .framework("f-2", "*", "");
    }

    @Test
    public void hasANonBlankName() {
        Allocator a = newAllocator();
        assertNotNull(a.name());
        assertFalse(a.name().isBlank());
    }

    @Test
    public void aReusedInstanceForgetsTheRegistryItWasSeededWithBefore() {
        Allocator reused = newAllocator();
        new SimulatedCluster(reused)
                .agent("a-old", "cpus:8;mem:8192")
                .framework("f-old", "*", "");
        SimulatedCluster now = new SimulatedCluster(newAllocator())
                .agent("a-1", "cpus:2;mem:2048")
                .framework("f-1", "*", "")
                .seed(reused);
        // SimulatedCluster.offer fails on an allocation naming an agent or framework it does not know.
        for (int pass = 0; pass < 3; pass++) {
            for (Allocation a : now.offer()) {
                assertEquals(AgentId.of("a-1"), a.agentId());
                assertEquals(FrameworkId.of("f-1"), a.frameworkId());
            }
        }
        now.declineAll();
        assertFalse("the seeded agent is offered", now.offer().isEmpty());
    }

    @Test
    public void offersFreeResourcesToSomeone() {
        SimulatedCluster c = twoAgentsTwoHolders();
        assertFalse("free resources and two eligible frameworks, yet no offer", c.offer().isEmpty());
    }

    @Test
    public void nothingIsOfferedTwiceBeforeItIsRecovered() {
        SimulatedCluster c = twoAgentsTwoHolders();
        c.offer();
        // The frameworks hold their offers: whatever the second and third passes propose must come
        // from what is still free (SimulatedCluster.offer checks it).
        c.offer();
        c.offer();
        c.declineAll();
        assertFalse("declined resources are free and must be offered again", c.offer().isEmpty());
    }

    @Test
    public void neverOffersMoreThanIsFree() {
        SimulatedCluster c = new SimulatedCluster(newAllocator())
                .agent("a-1", "cpus:9;mem:18432")
                .agent("a-2", "cpus:3;mem:1024;disk:50")
                .framework("f-1", "*", "cpus:1;mem:4096")
                .framework("f-2", "*", "cpus:3;mem:1024")
                .framework("f-3", "*", "cpus:0.5;mem:100;disk:10");
        c.runUntilStable(50);
        assertTrue("tasks were launched: " + c.taskCounts(), c.tasks("f-1") + c.tasks("f-2") + c.tasks("f-3") > 0);
        // A new allocator seeded with what is in use must not offer it again either; every pass
        // is checked against the registry by SimulatedCluster.offer.
        SimulatedCluster swapped = c.seed(newAllocator());
        swapped.runUntilStable(50);
    }

    @Test
    public void seededUsageIsNotOffered() {
        SimulatedCluster c = new SimulatedCluster(newAllocator())
                .agent("a-1", "cpus:4;mem:4096")
                .framework("f-1", "*", "cpus:3;mem:1024");
        c.runUntilStable(10);
        assertEquals(1, c.tasks("f-1"));
        SimulatedCluster swapped = c.seed(newAllocator());
        List<Allocation> offers = swapped.offer();
        for (Allocation a : offers) {
            assertTrue(a + " offers more than the cpus:1;mem:3072 left",
                    Resources.parse("cpus:1;mem:3072").contains(a.resources()));
        }
    }

    @Test
    public void nothingIsOfferedToARemovedFramework() {
        SimulatedCluster c = twoAgentsTwoHolders();
        c.offer();
        c.removeFramework("f-1");
        List<Allocation> offers = c.offer();
        assertTrue(offers.stream().noneMatch(a -> a.frameworkId().equals(FrameworkId.of("f-1"))));
        // What f-1 held is free again without any recoverResources call.
        c.declineAll();
        c.removeFramework("f-2");
        c.framework("f-3", "*", "");
        Resources offered = Resources.empty();
        for (Allocation a : c.offer()) {
            offered = offered.add(a.resources());
        }
        assertEquals("everything is free once both holders are gone",
                Resources.parse("cpus:6;mem:6144;disk:100;ports:[31000-31009]"), offered);
    }

    @Test
    public void allocationsAreOnlyOnKnownAgents() {
        SimulatedCluster c = twoAgentsTwoHolders();
        c.removeAgent("a-2");
        // Usage on an agent the allocator never heard of must not make it offerable.
        c.allocator().addFramework(FrameworkId.of("f-9"),
                org.allot.api.FrameworkInfo.builder("ghost", "nobody").id(FrameworkId.of("f-9")).build(),
                Map.of(AgentId.of("a-9"), Resources.parse("cpus:1")), false);
        List<Allocation> offers = c.offer();
        assertFalse(offers.isEmpty());
        assertTrue(offers.toString(), offers.stream().allMatch(a -> a.agentId().equals(AgentId.of("a-1"))));
        c.declineAll();
        c.removeAgent("a-1");
        assertEquals(List.of(), c.offer());
    }

    @Test
    public void nothingIsOfferedToInactiveOrSuppressedFrameworks() {
        SimulatedCluster c = twoAgentsTwoHolders().framework("f-3", "*", "");
        c.deactivate("f-1");
        c.suppress("f-2");
        List<Allocation> offers = c.offer();
        assertFalse(offers.isEmpty());
        assertTrue(offers.toString(), offers.stream().allMatch(a -> a.frameworkId().equals(FrameworkId.of("f-3"))));
        c.declineAll();
        c.removeFramework("f-3");
        assertEquals("only an inactive and a suppressed framework are left", List.of(), c.offer());
        c.activate("f-1");
        c.revive("f-2");
        assertFalse("both may be offered again", c.offer().isEmpty());
    }

    @Test
    public void refusalsOfTheOfferCheckAreRespectedAndOthersStillServed() {
        SimulatedCluster c = twoAgentsTwoHolders();
        c.check((f, a, r) -> f.equals(FrameworkId.of("f-1")) ? FilterResult.refuse("f-1 is refused everywhere")
                : FilterResult.accept());
        List<Allocation> offers = c.offer();
        assertFalse("f-2 is still eligible", offers.isEmpty());
        assertTrue(offers.toString(), offers.stream().allMatch(a -> a.frameworkId().equals(FrameworkId.of("f-2"))));
        c.declineAll();
        c.check((f, a, r) -> FilterResult.refuse("nobody gets anything"));
        assertEquals(List.of(), c.offer());
    }

    @Test
    public void nothingWhilePaused() {
        SimulatedCluster c = twoAgentsTwoHolders();
        c.pause();
        assertEquals(List.of(), c.offer());
        c.resume();
        assertFalse(c.offer().isEmpty());
    }

    @Test
    public void recoveredPartsAreOfferedAgain() {
        SimulatedCluster c = new SimulatedCluster(newAllocator())
                .agent("a-1", "cpus:4;mem:4096")
                .framework("f-1", "*", "cpus:1;mem:1024");
        assertEquals(4, c.round());
        assertEquals(Resources.empty(), c.free("a-1"));
        assertEquals(List.of(), c.offer());
    }

    @Test
    public void survivesOddReports() {
        Allocator a = newAllocator();
        SimulatedCluster c = new SimulatedCluster(a)
                .agent("a-1", "cpus:4;mem:4096")
                .framework("f-1", "*", "");
        c.offer();
        // Reports the contract says the master does not make; an allocator logs them and goes on.
        a.recoverResources(FrameworkId.of("f-1"), AgentId.of("a-1"), Resources.parse("cpus:100"));
        a.recoverResources(FrameworkId.of("f-7"), AgentId.of("a-1"), Resources.parse("cpus:1"));
        a.recoverResources(FrameworkId.of("f-1"), AgentId.of("a-7"), Resources.parse("cpus:1"));
        a.removeAgent(AgentId.of("a-7"));
        a.removeFramework(FrameworkId.of("f-7"));
        a.suppressOffers(FrameworkId.of("f-7"));
        a.reviveOffers(FrameworkId.of("f-7"));
        a.activateFramework(FrameworkId.of("f-7"));
        a.deactivateFramework(FrameworkId.of("f-7"));
        a.updateAgent(AgentId.of("a-7"), Resources.parse("cpus:1"));
        a.updateWeights(Map.of("r", -1.0, "s", Double.NaN, "t", Double.POSITIVE_INFINITY));
        // The check throwing is the master's bug, but the allocator must stay consistent.
        List<Allocation> offers = a.allocate((f, ag, r) -> {
            throw new IllegalStateException("broken check");
        });
        assertEquals(List.of(), offers);
        assertNotNull(a.allocate(OfferCheck.acceptAll()));
    }

    @Test
    public void atMostOneAllocationPerFrameworkAndAgentInAPass() {
        SimulatedCluster c = new SimulatedCluster(newAllocator())
                .agent("a-1", "cpus:2;cpus(prod):2;mem:1024;mem(prod):1024")
                .framework("f-1", "prod", "")
                .framework("f-2", "*", "");
        // SimulatedCluster.offer fails on a second allocation of a-1 to one framework in the pass.
        List<Allocation> offers = c.offer();
        assertFalse(offers.isEmpty());
        for (Allocation a : offers) {
            if (a.frameworkId().equals(FrameworkId.of("f-2"))) {
                assertEquals("reserved resources go only to their role", Resources.empty(), a.resources().role("prod"));
            }
        }
    }
}
