package org.allot.api;

import java.util.Objects;

/**
 * Resources of one agent offered to one framework. Until the framework answers (launch or decline)
 * or the master rescinds it, the resources count as allocated to that framework.
 *
 * @param id          the offer id, used to launch on or decline the offer
 * @param frameworkId the framework the offer is made to
 * @param agentId     the agent the resources are on
 * @param hostname    the agent's host, for frameworks that place by host
 * @param resources   what is offered; never empty
 * @param attributes  the agent's attributes
 */
public record Offer(OfferId id, FrameworkId frameworkId, AgentId agentId, String hostname, Resources resources,
                    Attributes attributes) {

    public Offer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(agentId, "agentId");
        Names.requireText("offer hostname", hostname);
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(attributes, "attributes");
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("offer " + id + " to framework " + frameworkId
                    + " has no resources; an offer must offer something");
        }
    }
}
