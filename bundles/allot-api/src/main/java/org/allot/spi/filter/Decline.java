package org.allot.spi.filter;

import java.time.Instant;
import java.util.Objects;

import org.allot.api.AgentId;
import org.allot.api.Resources;

/**
 * A framework's decline of an offer, still in force: do not offer these resources of this agent
 * again before {@code until}. The master records one per decline (default 5 s) and drops it when it
 * expires or the framework revives offers.
 *
 * @param agentId   the agent of the declined offer
 * @param resources the declined resources
 * @param until     when the decline expires, on the master's clock
 */
public record Decline(AgentId agentId, Resources resources, Instant until) {

    public Decline {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(until, "until");
    }

    /**
     * Whether this decline refuses offering {@code offered} on {@code agent} at {@code now}: same
     * agent, not expired, and nothing offered beyond what was declined. As in Mesos, an offer that
     * holds more than was declined is made, since the framework may want the larger offer.
     */
    public boolean refuses(AgentId agent, Resources offered, Instant now) {
        return agentId.equals(agent) && now.isBefore(until) && resources.contains(offered);
    }
}
