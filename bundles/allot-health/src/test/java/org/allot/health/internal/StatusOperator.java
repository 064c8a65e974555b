package org.allot.health.internal;

import java.util.List;
import java.util.Map;

import org.allot.api.FrameworkId;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.MasterMetrics;
import org.allot.api.operator.MasterStatus;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.Operator;
import org.allot.api.operator.TaskView;

/** An Operator that answers only status() and metrics(), with what the test sets. */
final class StatusOperator implements Operator {

    volatile MasterStatus status;
    volatile RuntimeException failure;

    @Override
    public MasterStatus status() {
        if (failure != null) {
            throw failure;
        }
        return status;
    }

    @Override
    public MasterMetrics metrics() {
        return new MasterMetrics(Map.of("StatusUpdate", 10L, "Accept", 2L), Map.of("OFFERS", 4L),
                Map.of(FrameworkId.of("f-1"), new MasterMetrics.OfferCounts(4, 2, 1, 1),
                        FrameworkId.of("f-2"), new MasterMetrics.OfferCounts(3, 0, 0, 0)),
                5, 1, new MasterMetrics.PassDurations(new double[] {0.01}, new long[] {6, 1}, 0.25, 7));
    }

    @Override
    public List<AgentView> agents() {
        throw new AssertionError("a health check must not read the full state");
    }

    @Override
    public List<FrameworkView> frameworks() {
        throw new AssertionError("a health check must not read the full state");
    }

    @Override
    public List<TaskView> tasks() {
        throw new AssertionError("a health check must not read the full state");
    }

    @Override
    public List<OfferView> offers() {
        throw new AssertionError("a health check must not read the full state");
    }

    @Override
    public List<String> allocators() {
        return List.of("drf");
    }

    @Override
    public String activeAllocator() {
        return status.activeAllocator();
    }

    @Override
    public void useAllocator(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setWeight(String role, double weight) {
        throw new UnsupportedOperationException();
    }

    // Operator 0.2.0's role surface (alloc-ops): not what these tests exercise.

    @Override
    public org.allot.api.operator.AllocatorStatus allocatorStatus() {
        return new org.allot.api.operator.AllocatorStatus(allocators(), java.util.Optional.ofNullable(activeAllocator()), "");
    }

    @Override
    public List<org.allot.api.operator.RoleView> roles() {
        return List.of();
    }

    @Override
    public void setPriority(String role, int priority) {
        throw new UnsupportedOperationException("not part of this fake");
    }

    @Override
    public void setGuarantee(String role, org.allot.api.Resources guarantee) {
        throw new UnsupportedOperationException("not part of this fake");
    }

    @Override
    public void removeGuarantee(String role) {
        throw new UnsupportedOperationException("not part of this fake");
    }
}
