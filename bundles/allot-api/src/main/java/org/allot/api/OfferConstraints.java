package org.allot.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Constraints a framework puts on the offers it wants, set when it subscribes and changeable later.
 * The master keeps them with the framework; offer filters read them to refuse unsuitable offers
 * before they are made, which saves a round of offer and decline.
 *
 * @param allowedAgents    if present, only agents whose id or hostname is in this list are
 *                         offered; an empty list means no agent at all
 * @param minimumFree      offers are made only from agents with at least this much free; empty
 *                         resources mean no minimum
 */
public record OfferConstraints(Optional<List<String>> allowedAgents, Resources minimumFree) {

    private static final OfferConstraints NONE = new OfferConstraints(Optional.empty(), Resources.empty());

    public OfferConstraints {
        Objects.requireNonNull(allowedAgents, "allowedAgents");
        allowedAgents = allowedAgents.map(List::copyOf);
        allowedAgents.ifPresent(list -> list.forEach(a -> Names.requireId("allowed agent", a)));
        Objects.requireNonNull(minimumFree, "minimumFree");
    }

    /** No constraints: every agent, any amount free. */
    public static OfferConstraints none() {
        return NONE;
    }

    /** Only the given agents (ids or hostnames). */
    public OfferConstraints withAllowedAgents(List<String> agents) {
        return new OfferConstraints(Optional.of(agents), minimumFree);
    }

    /** Only agents with at least {@code free} unallocated. */
    public OfferConstraints withMinimumFree(Resources free) {
        return new OfferConstraints(allowedAgents, free);
    }

    /** Whether the allow list (if any) names this agent by id or hostname. */
    public boolean allows(AgentId agentId, String hostname) {
        return allowedAgents.map(list -> list.contains(agentId.value()) || list.contains(hostname)).orElse(true);
    }
}
