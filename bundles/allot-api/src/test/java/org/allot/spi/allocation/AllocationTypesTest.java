package org.allot.spi.allocation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.junit.Test;

public class AllocationTypesTest {

    @Test
    public void allocationMustHoldSomething() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Allocation(FrameworkId.of("f-1"), AgentId.of("a-1"), Resources.empty()));
        assertTrue(e.getMessage(), e.getMessage().contains("a-1") && e.getMessage().contains("f-1"));
    }

    @Test
    public void acceptAllAccepts() {
        assertTrue(OfferCheck.acceptAll().test(FrameworkId.of("f"), AgentId.of("a"), Resources.parse("cpus:1"))
                .isAccepted());
    }

    /** Only the decision and the bookkeeping are mandatory; weights, pause and resume have defaults. */
    @Test
    public void minimalAllocatorNeedsNoOptionalMethods() {
        List<String> calls = new ArrayList<>();
        Allocator minimal = new Allocator() {
            public String name() {
                return "minimal";
            }

            public void addFramework(FrameworkId id, FrameworkInfo info, Map<AgentId, Resources> used, boolean active) {
                calls.add("addFramework " + id);
            }

            public void removeFramework(FrameworkId id) {
            }

            public void activateFramework(FrameworkId id) {
            }

            public void deactivateFramework(FrameworkId id) {
            }

            public void addAgent(AgentId id, AgentInfo info, Resources total, Map<FrameworkId, Resources> used) {
            }

            public void removeAgent(AgentId id) {
            }

            public void updateAgent(AgentId id, Resources total) {
            }

            public void recoverResources(FrameworkId f, AgentId a, Resources r) {
            }

            public void suppressOffers(FrameworkId f) {
            }

            public void reviveOffers(FrameworkId f) {
            }

            public List<Allocation> allocate(OfferCheck check) {
                return List.of();
            }
        };
        minimal.updateWeights(Map.of("prod", 2.0));
        minimal.pause();
        minimal.resume();
        minimal.addFramework(FrameworkId.of("f-1"), FrameworkInfo.builder("x", "u").build(), Map.of(), true);
        assertEquals(List.of("addFramework f-1"), calls);
        assertEquals(List.of(), minimal.allocate(OfferCheck.acceptAll()));
    }
}
