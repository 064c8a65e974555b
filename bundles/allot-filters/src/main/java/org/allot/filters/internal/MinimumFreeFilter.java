package org.allot.filters.internal;

import org.allot.api.Resource;
import org.allot.api.Resources;
import org.allot.spi.filter.FilterResult;
import org.allot.spi.filter.OfferCandidate;
import org.allot.spi.filter.OfferFilter;
import org.osgi.service.component.annotations.Component;

/**
 * Offers a framework only agents with at least its {@link org.allot.api.OfferConstraints#minimumFree()}
 * free, so that a framework whose smallest task needs {@code cpus:2;mem:4096} is not offered the
 * crumbs of a busy agent only to decline them.
 *
 * <p>What counts as free is the candidate's {@code agentFree} (neither used nor offered, before this
 * offer), restricted to what the framework could be offered:
 * <ul>
 * <li>an unreserved entry of the minimum ({@code cpus:2}) is met by the agent's unreserved free
 * resources plus those reserved for the framework's own role, summed
 * ({@code cpus:1;cpus(prod):1} free meets {@code cpus:2} for a framework in role {@code prod});</li>
 * <li>a reserved entry ({@code cpus(prod):2}) is met only by free resources of that role.</li>
 * </ul>
 *
 * <p>Reason, e.g. {@code agent a-3 has cpus:1;mem:512 free for framework f-1, which asks for at least
 * cpus:2;mem:512: missing cpus:1}.
 *
 * <p>Stateless, nothing to configure (the minimum is the framework's own); usable without OSGi:
 * {@code new MinimumFreeFilter()}.
 */
@Component(service = OfferFilter.class, property = "service.ranking:Integer=200")
public final class MinimumFreeFilter implements OfferFilter {

    /** The filter's name in logs and the shell. */
    public static final String NAME = "minimum-free";

    public MinimumFreeFilter() {
        // Nothing to configure: the minimum is part of each framework's offer constraints.
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult check(OfferCandidate candidate) {
        Resources minimum = candidate.constraints().minimumFree();
        if (minimum.isEmpty()) {
            return FilterResult.accept();
        }
        Resources free = candidate.agentFree();
        String role = candidate.framework().role();
        boolean unreservedRole = Resource.UNRESERVED.equals(role);
        Resources usable = unreservedRole ? free.unreserved() : free.unreserved().add(free.role(role));
        // Each entry against the free resources of its own name and role.
        Resources missing = minimum.subtractSaturating(free);
        if (!unreservedRole) {
            // NOTE: what the unreserved free resources lack may come from the framework's own
            // reservation: cpus:2 against cpus:1;cpus(prod):0.5 free, in role prod, lacks cpus:0.5.
            Resources unreservedLack = missing.unreserved();
            Resources fromOwnRole = inRole(unreservedLack, role).subtractSaturating(free.role(role));
            missing = missing.subtractSaturating(unreservedLack).add(inRole(fromOwnRole, Resource.UNRESERVED));
        }
        if (missing.isEmpty()) {
            return FilterResult.accept();
        }
        String have = usable.isEmpty() ? "no resources" : usable.toString();
        return FilterResult.refuse("agent " + candidate.agentId() + " has " + have + " free for framework "
                + candidate.frameworkId() + ", which asks for at least " + minimum + ": missing " + missing);
    }

    /** The same entries in {@code role}; {@code resources} must hold a single role. */
    private static Resources inRole(Resources resources, String role) {
        return Resources.of(resources.entries().stream().map(r -> r.withRole(role)).toList());
    }
}
