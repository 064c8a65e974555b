package org.allot.master.internal.allocation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.allot.api.AgentId;
import org.allot.spi.allocation.AllocationView;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.SortingAllocator;

/**
 * A tiny ordering policy for the engine's tests: the standard hierarchical walk with roles and
 * frameworks in name order (the {@link SortingAllocator}'s tie-break alone). Records what each
 * pass was shown.
 */
final class ByIdPolicy extends SortingAllocator {

    /** Per call of {@link #allocate}, the candidate agents it was shown. */
    final List<List<AgentId>> shown = new ArrayList<>();

    @Override
    public String name() {
        return "by-id";
    }

    @Override
    protected Comparator<Standing> roleOrder(AllocationView view) {
        return (a, b) -> 0;
    }

    @Override
    protected Comparator<Standing> frameworkOrder(AllocationView view) {
        return (a, b) -> 0;
    }

    @Override
    public Plan allocate(AllocationView view) {
        List<AgentId> ids = new ArrayList<>();
        view.candidates().forEach(a -> ids.add(a.id()));
        shown.add(ids);
        return super.allocate(view);
    }
}
