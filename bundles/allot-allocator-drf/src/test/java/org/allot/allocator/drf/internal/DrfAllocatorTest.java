package org.allot.allocator.drf.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.allot.allocator.contract.SimulatedCluster;
import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.OfferCheck;
import org.allot.spi.filter.FilterResult;
import org.junit.Test;

public class DrfAllocatorTest {

    private static final AgentId A1 = AgentId.of("a-1");
    private static final AgentId A2 = AgentId.of("a-2");
    private static final AgentId A3 = AgentId.of("a-3");
    private static final FrameworkId F1 = FrameworkId.of("f-1");
    private static final FrameworkId F2 = FrameworkId.of("f-2");

    private static Allocation allocation(FrameworkId f, AgentId a, String resources) {
        return new Allocation(f, a, Resources.parse(resources));
    }

    private static FrameworkInfo info(FrameworkId id, String role) {
        return FrameworkInfo.builder("fw-" + id, "nobody").role(role).id(id).build();
    }

    private static void addAgent(DrfAllocator drf, AgentId id, String total, Map<FrameworkId, Resources> used) {
        Resources r = Resources.parse(total);
        drf.addAgent(id, AgentInfo.unregistered(id + ".example", 5051, r).withId(id), r, used);
    }

    @Test
    public void resetForgetsAgentsFrameworksAllocationsAndWeightsButNotPause() {
        DrfAllocator drf = new DrfAllocator();
        addAgent(drf, A1, "cpus:4;mem:4096", Map.of(F1, Resources.parse("cpus:1")));
        drf.addFramework(F1, info(F1, "prod"), Map.of(A1, Resources.parse("cpus:1")), true);
        drf.updateWeights(Map.of("prod", 2.0));

        drf.reset();
        assertEquals(List.of(), drf.allocate(OfferCheck.acceptAll()));
        assertThrows(IllegalArgumentException.class, () -> drf.weightedShare(F1));

        // Seeded again: only what it is told now counts; the old usage and weight are gone.
        addAgent(drf, A2, "cpus:2;mem:2048", Map.of());
        drf.addFramework(F1, info(F1, "prod"), Map.of(), true);
        assertEquals(0.0, drf.weightedShare(F1), 1e-9);
        assertEquals(List.of(allocation(F1, A2, "cpus:2;mem:2048")), drf.allocate(OfferCheck.acceptAll()));
        assertEquals("share 1.0 with weight 1 after reset, not 2", 1.0, drf.weightedShare(F1), 1e-9);

        drf.pause();
        drf.reset();
        addAgent(drf, A1, "cpus:1", Map.of());
        drf.addFramework(F2, info(F2, "*"), Map.of(), true);
        assertEquals("still paused after reset", List.of(), drf.allocate(OfferCheck.acceptAll()));
    }

    @Test
    public void offersGoToTheLowestDominantShareFirst() {
        DrfAllocator drf = new DrfAllocator();
        Resources f1Uses = Resources.parse("cpus:1;mem:8192");
        Resources f2Uses = Resources.parse("cpus:3;mem:1024");
        addAgent(drf, A1, "cpus:9;mem:18432", Map.of(F1, f1Uses, F2, f2Uses));
        drf.addFramework(F1, info(F1, "*"), Map.of(A1, f1Uses), true);
        drf.addFramework(F2, info(F2, "*"), Map.of(A1, f2Uses), true);
        // f-1: max(1/9, 8192/18432) = max(0.11, 0.44) = 0.44 (memory); f-2: max(3/9, 1024/18432) = 0.33 (cpus).
        // Usage reported by both addAgent and addFramework counts once.
        assertEquals(8192.0 / 18432, drf.weightedShare(F1), 1e-9);
        assertEquals(3.0 / 9, drf.weightedShare(F2), 1e-9);
        assertEquals(List.of(allocation(F2, A1, "cpus:5;mem:9216")), drf.allocate(OfferCheck.acceptAll()));
        // f-2 now holds cpus:8;mem:10240: 8/9 = 0.89.
        assertEquals(8.0 / 9, drf.weightedShare(F2), 1e-9);
    }

    @Test
    public void theDominantShareIsTakenOverCpusMemDiskAndGpus() {
        DrfAllocator drf = new DrfAllocator();
        addAgent(drf, A1, "cpus:10;mem:1000;disk:1000;gpus:4;ports:[1-100]", Map.of());
        drf.addFramework(F1, info(F1, "*"), Map.of(A1, Resources.parse("cpus:1;disk:500;ports:[1-100]")), true);
        drf.addFramework(F2, info(F2, "*"), Map.of(A1, Resources.parse("cpus:1;gpus:3")), true);
        assertEquals("disk 500/1000", 0.5, drf.weightedShare(F1), 1e-9);
        assertEquals("gpus 3/4", 0.75, drf.weightedShare(F2), 1e-9);
        drf.updateAgent(A1, Resources.parse("cpus:10;mem:1000;disk:2000;gpus:4"));
        assertEquals("disk 500/2000 after the agent grew; cpus 1/10 is less", 0.25, drf.weightedShare(F1), 1e-9);
    }

    @Test
    public void tiesAreBrokenByFrameworkId() {
        DrfAllocator drf = new DrfAllocator();
        addAgent(drf, A1, "cpus:1", Map.of());
        addAgent(drf, A2, "cpus:1", Map.of());
        drf.addFramework(FrameworkId.of("f-b"), info(FrameworkId.of("f-b"), "*"), Map.of(), true);
        drf.addFramework(FrameworkId.of("f-a"), info(FrameworkId.of("f-a"), "*"), Map.of(), true);
        assertEquals(List.of(allocation(FrameworkId.of("f-a"), A1, "cpus:1"),
                allocation(FrameworkId.of("f-b"), A2, "cpus:1")), drf.allocate(OfferCheck.acceptAll()));
    }

    @Test
    public void oneBigAgentIsOfferedWholeToTheLowestShare() {
        // NOTE: documents the limit of whole-agent offers: on one agent of 9 cpus and 18 GB, A (first
        // by id) is offered everything and launches 4 tasks (memory-bound: 16384 of 18432); B gets
        // the rest (cpus:5;mem:2048) and launches 1. Fairness is per offer, not per task.
        SimulatedCluster c = new SimulatedCluster(new DrfAllocator())
                .agent("a-1", "cpus:9;mem:18432")
                .framework("f-1", "*", "cpus:1;mem:4096")
                .framework("f-2", "*", "cpus:3;mem:1024");
        c.runUntilStable(20);
        assertEquals(Map.of("f-1", 4, "f-2", 1), c.taskCounts());
    }

    @Test
    public void aRoleWithWeightTwoGetsTwiceTheDominantShare() {
        SimulatedCluster c = new SimulatedCluster(new DrfAllocator());
        for (int i = 1; i <= 12; i++) {
            c.agent(String.format("a-%02d", i), "cpus:1;mem:1024");
        }
        c.framework("f-1", "heavy", "cpus:1;mem:1024").framework("f-2", "light", "cpus:1;mem:1024");
        c.weights(Map.of("heavy", 2.0));
        c.runUntilStable(20);
        // Agent by agent: f-1, f-2, f-1, f-1, f-2, ... : f-1 runs 8 (8/12 = 0.67, weighted 0.33), f-2 runs 4 (0.33).
        assertEquals(Map.of("f-1", 8, "f-2", 4), c.taskCounts());
        assertEquals(2 * c.dominantShare("f-2"), c.dominantShare("f-1"), 1e-9);
    }

    @Test
    public void withoutWeightsTheSameClusterSplitsEvenly() {
        SimulatedCluster c = new SimulatedCluster(new DrfAllocator());
        for (int i = 1; i <= 12; i++) {
            c.agent(String.format("a-%02d", i), "cpus:1;mem:1024");
        }
        c.framework("f-1", "heavy", "cpus:1;mem:1024").framework("f-2", "light", "cpus:1;mem:1024");
        c.runUntilStable(20);
        assertEquals(Map.of("f-1", 6, "f-2", 6), c.taskCounts());
    }

    @Test
    public void suppressedFrameworksGetNothingEvenWithTheLowestShare() {
        SimulatedCluster c = new SimulatedCluster(new DrfAllocator())
                .agent("a-1", "cpus:2;mem:2048")
                .agent("a-2", "cpus:2;mem:2048")
                .framework("f-1", "*", "cpus:1;mem:1024")
                .framework("f-2", "*", "cpus:1;mem:1024");
        c.suppress("f-1");
        c.runUntilStable(10);
        assertEquals(Map.of("f-1", 0, "f-2", 4), c.taskCounts());
        c.revive("f-1");
        assertEquals("nothing is free to offer the revived framework", List.of(), c.offer());
        c.agent("a-3", "cpus:1;mem:1024");
        assertEquals(List.of(allocation(F1, A3, "cpus:1;mem:1024")), c.offer());
    }

    @Test
    public void aReseededAllocatorMakesTheSameNextDecisionAsTheOriginal() {
        SimulatedCluster original = new SimulatedCluster(new DrfAllocator())
                .agent("a-1", "cpus:5;mem:11264")
                .agent("a-2", "cpus:4;mem:7168")
                .agent("a-3", "cpus:2;mem:2048;gpus:1")
                .framework("f-1", "*", "cpus:1;mem:4096")
                .framework("f-2", "batch", "cpus:3;mem:1024")
                .framework("f-3", "gpu", "gpus:1;cpus:1")
                .framework("f-4", "*", "cpus:0.5;mem:512");
        original.weights(Map.of("batch", 1.5));
        original.suppress("f-4");
        original.round();
        original.offer(); // offers outstanding at the swap stay counted

        SimulatedCluster swapped = original.seed(new DrfAllocator());

        original.declineAll();
        swapped.declineAll();
        assertEquals(original.offer(), swapped.offer());
        assertEquals(original.answerOffers(), swapped.answerOffers());
        original.runUntilStable(20);
        swapped.runUntilStable(20);
        assertEquals(original.taskCounts(), swapped.taskCounts());
    }

    @Test
    public void removeAgentDropsItsResourcesFromTheShares() {
        DrfAllocator drf = new DrfAllocator();
        SimulatedCluster c = new SimulatedCluster(drf)
                .agent("a-1", "cpus:8")
                .agent("a-2", "cpus:1")
                .framework("f-1", "*", "")
                .framework("f-2", "*", "");
        assertEquals(List.of(allocation(F1, A1, "cpus:8"), allocation(F2, A2, "cpus:1")), c.offer());
        assertEquals(8.0 / 9, drf.weightedShare(F1), 1e-9);
        c.removeAgent("a-1");
        assertEquals(0.0, drf.weightedShare(F1), 1e-9);
        assertEquals("f-2 holds all of the remaining cpus:1", 1.0, drf.weightedShare(F2), 1e-9);
        c.agent("a-3", "cpus:1");
        // f-1 now has the lower share (0 against 1/2), so the new agent is offered to it.
        assertEquals(List.of(allocation(F1, A3, "cpus:1")), c.offer());
    }

    @Test
    public void removeFrameworkFreesWhatItHeld() {
        DrfAllocator drf = new DrfAllocator();
        SimulatedCluster c = new SimulatedCluster(drf)
                .agent("a-1", "cpus:4;mem:4096")
                .framework("f-1", "*", "")
                .framework("f-2", "*", "");
        assertEquals(List.of(allocation(F1, A1, "cpus:4;mem:4096")), c.offer());
        c.removeFramework("f-1");
        assertThrows(IllegalArgumentException.class, () -> drf.weightedShare(F1));
        assertEquals(List.of(allocation(F2, A1, "cpus:4;mem:4096")), c.offer());
    }

    @Test
    public void aRefusalOfTheOfferCheckSkipsToTheNextFramework() {
        SimulatedCluster c = new SimulatedCluster(new DrfAllocator())
                .agent("a-1", "cpus:2")
                .agent("a-2", "cpus:2")
                .framework("f-1", "*", "")
                .framework("f-2", "*", "");
        c.check((f, a, r) -> f.equals(F1) && a.equals(A1) ? FilterResult.refuse("f-1 declined a-1")
                : FilterResult.accept());
        // a-1: f-1 refused, so f-2; a-2: f-1 (share 0) before f-2 (share 1/2).
        assertEquals(List.of(allocation(F2, A1, "cpus:2"), allocation(F1, A2, "cpus:2")), c.offer());
    }

    @Test
    public void reservedResourcesGoOnlyToTheirRole() {
        SimulatedCluster c = new SimulatedCluster(new DrfAllocator())
                .agent("a-1", "cpus:2;cpus(prod):2;mem:1024;mem(test):512")
                .framework("f-1", "*", "")
                .framework("f-2", "prod", "");
        // f-1 first by id takes the unreserved part; the part reserved for prod goes to f-2; mem(test) stays.
        assertEquals(List.of(allocation(F1, A1, "cpus:2;mem:1024"), allocation(F2, A1, "cpus(prod):2")), c.offer());
        assertEquals(Resources.parse("mem(test):512"), c.free("a-1"));
    }

    @Test
    public void usageOfAnAgentNotYetAddedCountsOnceItIs() {
        DrfAllocator drf = new DrfAllocator();
        drf.addFramework(F1, info(F1, "*"), Map.of(A1, Resources.parse("cpus:3")), true);
        assertEquals(0.0, drf.weightedShare(F1), 1e-9);
        addAgent(drf, A1, "cpus:4", Map.of());
        assertEquals(0.75, drf.weightedShare(F1), 1e-9);
        assertEquals(List.of(allocation(F1, A1, "cpus:1")), drf.allocate(OfferCheck.acceptAll()));
    }

    @Test
    public void anAgentShrunkBelowItsUsageOffersOnlyWhatIsLeft() {
        DrfAllocator drf = new DrfAllocator();
        addAgent(drf, A1, "cpus:4;mem:100", Map.of(F1, Resources.parse("cpus:3")));
        drf.addFramework(F1, info(F1, "*"), Map.of(A1, Resources.parse("cpus:3")), true);
        drf.updateAgent(A1, Resources.parse("cpus:2;mem:100"));
        assertEquals(List.of(allocation(F1, A1, "mem:100")), drf.allocate(OfferCheck.acceptAll()));
    }

    @Test
    public void isNamedDrf() {
        assertEquals("drf", new DrfAllocator().name());
    }

    @Test
    public void registersAsADeclarativeServicesComponentNamedDrf() throws IOException {
        String xml;
        try (InputStream in = DrfAllocator.class.getClassLoader()
                .getResourceAsStream("OSGI-INF/org.allot.allocator.drf.internal.DrfAllocator.xml")) {
            assertTrue("bnd should have written the component description", in != null);
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(xml, xml.contains("<provide interface=\"org.allot.spi.allocation.Allocator\"/>"));
        assertTrue(xml, xml.contains("name=\"allocator.name\" type=\"String\" value=\"drf\""));
        assertTrue(xml, xml.contains("name=\"service.ranking\" type=\"Integer\" value=\"0\""));
    }
}
