package org.allot.api.operator;

import java.time.Instant;
import java.util.Objects;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.OfferId;
import org.allot.api.Resources;

/**
 * A snapshot of one outstanding offer.
 *
 * @param offerId     the offer id
 * @param frameworkId the framework it was made to
 * @param agentId     the agent of the resources
 * @param resources   what is offered
 * @param created     when the master made it, on the master's clock
 */
public record OfferView(OfferId offerId, FrameworkId frameworkId, AgentId agentId, Resources resources,
                        Instant created) {

    public OfferView {
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(created, "created");
    }
}
