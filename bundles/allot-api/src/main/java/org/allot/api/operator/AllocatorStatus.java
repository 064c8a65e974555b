package org.allot.api.operator;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which allocators the master can use, which one it uses, and why.
 *
 * @param available the names of the allocators available now, sorted
 * @param active    the one in use; empty while there is none, and then the master makes no offers
 * @param reason    why the active one is active, or why there is none, e.g.
 *                  {@code no allocator is available: install one (feature:install allot-allocator-drf)}
 */
public record AllocatorStatus(List<String> available, Optional<String> active, String reason) {

    public AllocatorStatus {
        available = List.copyOf(Objects.requireNonNull(available, "available"));
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(reason, "reason");
    }
}
