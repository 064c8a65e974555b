package org.allot.spi.filter;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferConstraints;
import org.allot.api.Resources;

/**
 * Everything an {@link OfferFilter} may look at to decide on one offer the allocator proposes.
 * The master builds it from its registry; all of it is immutable.
 *
 * @param frameworkId the framework the offer would go to
 * @param framework   that framework's info (role, capabilities, ...)
 * @param agent       the agent the resources are on; its id is present
 * @param resources   what would be offered
 * @param agentFree   the agent's resources neither used nor offered, before this offer
 * @param now         the master's current time; compare with it, never with the system clock
 * @param constraints the framework's own offer constraints
 * @param declines    the framework's decline still in force on this agent, if any (since 0.2.0; before, its
 *                    declines on every agent); the master has already refused offers this decline covers
 */
public record OfferCandidate(FrameworkId frameworkId, FrameworkInfo framework, AgentInfo agent, Resources resources,
                             Resources agentFree, Instant now, OfferConstraints constraints, List<Decline> declines) {

    public OfferCandidate {
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(agent, "agent");
        if (agent.id().isEmpty()) {
            throw new IllegalArgumentException("agent " + agent.hostname()
                    + " has no id; only registered agents can be offered");
        }
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(agentFree, "agentFree");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(constraints, "constraints");
        declines = List.copyOf(declines);
    }

    /** The agent's id (always present). */
    public AgentId agentId() {
        return agent.requireId();
    }
}
