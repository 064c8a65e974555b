package org.allot.http.internal;

import java.util.Objects;

import org.allot.api.FrameworkId;
import org.allot.api.operator.ClusterState;
import org.allot.api.operator.MasterMetrics;
import org.allot.api.operator.MasterStatus;
import org.allot.api.operator.Operator;

/**
 * Everything this bundle asks of the master, in one place: the only class that calls the
 * {@link Operator}, so that a change of that interface touches this file alone.
 *
 * <p>Threading: any thread (the Operator's calls are).
 */
public final class ClusterSource {

    private final Operator operator;

    public ClusterSource(Operator operator) {
        this.operator = Objects.requireNonNull(operator, "operator");
    }

    /** One consistent snapshot of everything. */
    ClusterState state() {
        return operator.state();
    }

    /** Leadership and counts, cheap. */
    MasterStatus status() {
        return operator.status();
    }

    MasterMetrics metrics() {
        return operator.metrics();
    }

    /** @throws IllegalArgumentException if no allocator has that name */
    void useAllocator(String name) {
        operator.useAllocator(name);
    }

    /** @throws IllegalArgumentException if the role or the weight is invalid */
    void setWeight(String role, double weight) {
        operator.setWeight(role, weight);
    }

    /** @throws java.util.NoSuchElementException if the master has no such framework */
    void teardown(FrameworkId id) {
        operator.teardown(id);
    }
}
