package org.allot.allocator.contract;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.allot.api.AgentId;
import org.allot.api.Resources;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.Revocation;
import org.allot.spi.filter.FilterResult;

/**
 * The {@link org.allot.spi.allocation.Allocator} contract as {@link SimulatedCluster#offer()} checks
 * every plan: offers only on candidate agents, only of what is free there (nothing offered twice
 * in a pass), only to eligible frameworks whose check accepts, only resources unreserved or
 * reserved for the framework's role, at most one per framework and agent; revocations never take
 * a role below its guarantee. Pure assertions.
 */
final class PlanCheck {

    private PlanCheck() {
    }

    static void offers(SimulatedCluster c, Plan plan, Set<AgentId> candidates) {
        Map<AgentId, Resources> freeNow = new HashMap<>();
        Set<String> pairs = new HashSet<>();
        for (Allocation a : plan.offers()) {
            SimAgent agent = c.agentById(a.agentId());
            SimFramework f = c.frameworkById(a.frameworkId());
            assertNotNull("offer on an unknown agent: " + a, agent);
            assertNotNull("offer to an unknown framework: " + a, f);
            assertTrue("offer on agent " + a.agentId() + ", which is not a candidate of this pass: " + a,
                    candidates.contains(a.agentId()));
            assertTrue("offer to framework " + f.id() + ", which is inactive or suppressed: " + a, f.eligible());
            assertTrue("two offers of agent " + a.agentId() + " to framework " + a.frameworkId() + " in one pass: "
                    + plan.offers(), pairs.add(a.frameworkId() + "@" + a.agentId()));
            Resources free = freeNow.computeIfAbsent(a.agentId(), id -> agent.free());
            assertTrue("offer " + a + " exceeds what is free on " + a.agentId() + ": " + free
                    + " (offered twice in the pass, or more than the agent has)", free.contains(a.resources()));
            freeNow.put(a.agentId(), free.subtract(a.resources()));
            for (String role : a.resources().roles()) {
                assertTrue("offer " + a + " holds resources reserved for role " + role + " to a framework of role "
                        + f.role(), role.equals("*") || role.equals(f.role()));
            }
            FilterResult verdict = c.check(a.frameworkId(), a.agentId(), a.resources());
            assertTrue("offer " + a + " was refused: " + verdict, verdict.isAccepted());
        }
    }

    /** Fails if {@code after}, the role's allocation once {@code r} is carried out, is below its guarantee. */
    static void keepsGuarantee(String role, Resources guarantee, Resources after, Revocation r) {
        for (String name : guarantee.names()) {
            assertTrue("revocation " + r + " takes role " + role + " below its guarantee " + guarantee + " (" + name
                    + " would be " + after.scalar(name) + "); a role at or below its guarantee never loses a task",
                    after.scalarMillis(name) >= guarantee.scalarMillis(name));
        }
    }
}
