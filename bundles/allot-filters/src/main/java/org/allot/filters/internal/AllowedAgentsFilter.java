package org.allot.filters.internal;

import java.util.List;

import org.allot.api.OfferConstraints;
import org.allot.spi.filter.FilterResult;
import org.allot.spi.filter.OfferCandidate;
import org.allot.spi.filter.OfferFilter;
import org.osgi.service.component.annotations.Component;

/**
 * Offers a framework only agents it allows: when its {@link OfferConstraints#allowedAgents()} is
 * present, an agent is offered only if the list names its id or its hostname. An empty list allows
 * no agent at all; no list allows every agent.
 *
 * <p>Reason, e.g. {@code agent a-3 (host h3) is not in framework f-1's allowed agents [a-1, h2]}.
 *
 * <p>Stateless, nothing to configure (the list is the framework's own); usable without OSGi:
 * {@code new AllowedAgentsFilter()}.
 */
@Component(service = OfferFilter.class, property = "service.ranking:Integer=300")
public final class AllowedAgentsFilter implements OfferFilter {

    /** The filter's name in logs and the shell. */
    public static final String NAME = "allowed-agents";

    public AllowedAgentsFilter() {
        // Nothing to configure: the allow list is part of each framework's offer constraints.
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult check(OfferCandidate candidate) {
        OfferConstraints constraints = candidate.constraints();
        String hostname = candidate.agent().hostname();
        if (constraints.allows(candidate.agentId(), hostname)) {
            return FilterResult.accept();
        }
        List<String> allowed = constraints.allowedAgents().orElseGet(List::of);
        String agent = "agent " + candidate.agentId() + " (host " + hostname + ")";
        if (allowed.isEmpty()) {
            return FilterResult.refuse(agent + " is not allowed: framework " + candidate.frameworkId()
                    + "'s allowed-agents list is empty, so it accepts no agent");
        }
        return FilterResult.refuse(agent + " is not in framework " + candidate.frameworkId()
                + "'s allowed agents " + allowed);
    }
}
