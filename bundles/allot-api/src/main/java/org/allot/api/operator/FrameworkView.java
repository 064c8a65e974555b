package org.allot.api.operator;

import java.util.Objects;
import java.util.Optional;

import org.allot.api.FrameworkId;
import org.allot.api.Resources;

/**
 * A snapshot of one framework as the master sees it.
 *
 * @param id            the framework id
 * @param name          its name
 * @param role          its role
 * @param principal     who it authenticated as, if anyone
 * @param connected     whether its scheduler is connected now
 * @param allocated     what its tasks and executors use, plus what it is offered
 * @param offered       what is in its outstanding offers (part of {@code allocated})
 * @param dominantShare its largest share of any cluster resource, 0..1, e.g. 0.25 for 4 of 16 cpus
 * @param tasks         how many non-terminal tasks it has
 */
public record FrameworkView(FrameworkId id, String name, String role, Optional<String> principal, boolean connected,
                            Resources allocated, Resources offered, double dominantShare, int tasks) {

    public FrameworkView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(allocated, "allocated");
        Objects.requireNonNull(offered, "offered");
        if (!(dominantShare >= 0) || Double.isInfinite(dominantShare)) {
            throw new IllegalArgumentException("invalid dominant share " + dominantShare + " for framework " + id
                    + ": it must be finite and non-negative");
        }
        if (tasks < 0) {
            throw new IllegalArgumentException("invalid task count " + tasks + " for framework " + id);
        }
    }
}
