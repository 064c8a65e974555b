package org.allot.spi.allocation;

import java.util.List;
import java.util.Objects;

/**
 * What a policy decided in one pass: offers to make, tasks to revoke. The master validates it
 * (see {@link Allocator}'s Errors section) and carries out what is valid.
 *
 * @param offers      at most one per framework and agent
 * @param revocations tasks to kill to give their resources to others
 */
public record Plan(List<Allocation> offers, List<Revocation> revocations) {

    /** Nothing to do. */
    public static final Plan EMPTY = new Plan(List.of(), List.of());

    public Plan {
        offers = List.copyOf(Objects.requireNonNull(offers, "offers"));
        revocations = List.copyOf(Objects.requireNonNull(revocations, "revocations"));
    }

    /** A plan of offers only. */
    public static Plan of(List<Allocation> offers) {
        return offers.isEmpty() ? EMPTY : new Plan(offers, List.of());
    }

    public boolean isEmpty() {
        return offers.isEmpty() && revocations.isEmpty();
    }
}
