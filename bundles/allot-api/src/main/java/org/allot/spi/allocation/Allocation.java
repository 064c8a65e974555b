package org.allot.spi.allocation;

import java.util.Objects;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;

/**
 * One decision of {@link Allocator#allocate}: offer {@code resources} of {@code agentId} to
 * {@code frameworkId}. The master turns it into an offer.
 *
 * @param frameworkId who gets the offer
 * @param agentId     whose resources
 * @param resources   what is offered; never empty
 */
public record Allocation(FrameworkId frameworkId, AgentId agentId, Resources resources) {

    public Allocation {
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(resources, "resources");
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("allocation of agent " + agentId + " to framework " + frameworkId
                    + " has no resources; leave it out instead");
        }
    }
}
