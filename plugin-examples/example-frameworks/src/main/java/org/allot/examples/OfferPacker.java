package org.allot.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.allot.api.Resource;
import org.allot.api.Resources;

/**
 * Packs tasks of one shape into an offer: the decision every example framework makes. Pure, so it is
 * tested without a network.
 *
 * <p>A framework subscribed in a role may be offered resources reserved for that role as well as
 * unreserved ones; a task shape written without roles ({@code cpus:1;mem:128}) is taken from the
 * role's reservation when that holds it, else from the unreserved resources.
 */
public final class OfferPacker {

    private final String role;

    /** @param role the framework's role; {@code *} for none */
    public OfferPacker(String role) {
        this.role = Objects.requireNonNull(role, "role");
    }

    /**
     * The resources one task of {@code shape} would take from {@code available}, or empty if it does
     * not fit.
     */
    public Optional<Resources> take(Resources available, Resources shape) {
        if (!"*".equals(role) && shape.roles().equals(java.util.Set.of("*"))) {
            List<Resource> reserved = new ArrayList<>();
            shape.entries().forEach(r -> reserved.add(r.withRole(role)));
            Resources inRole = Resources.of(reserved);
            if (available.contains(inRole)) {
                return Optional.of(inRole);
            }
        }
        return available.contains(shape) ? Optional.of(shape) : Optional.empty();
    }

    /**
     * Takes up to {@code max} tasks of {@code shape} from {@code available}, plus {@code overhead} once
     * if at least one task fits (e.g. a custom executor's own resources).
     *
     * @return what each task takes, in order; empty if not even one fits with the overhead
     */
    public List<Resources> pack(Resources available, Resources shape, Resources overhead, int max) {
        List<Resources> tasks = new ArrayList<>();
        Resources rest = available;
        if (!overhead.isEmpty()) {
            Optional<Resources> o = take(rest, overhead);
            if (o.isEmpty()) {
                return tasks;
            }
            rest = rest.subtract(o.get());
        }
        while (tasks.size() < max) {
            Optional<Resources> t = take(rest, shape);
            if (t.isEmpty()) {
                break;
            }
            tasks.add(t.get());
            rest = rest.subtract(t.get());
        }
        return tasks;
    }
}
