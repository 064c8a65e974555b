package org.allot.master.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.allot.spi.allocation.AgentState;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.AllocationView;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.FrameworkState;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.RoleState;
import org.allot.spi.filter.FilterResult;

/**
 * A tiny policy for tests: offers every candidate agent's free resources that a framework may use
 * wholly to the first eligible framework (by id, i.e. in subscription order) that the view's check
 * accepts. Records its life cycle calls and the check's refusals so tests can see them.
 */
final class FirstFitAllocator implements Allocator {

    private final String name;
    final List<String> calls = new ArrayList<>();
    /** The reasons the view's check gave when it refused. */
    final List<String> refusals = new ArrayList<>();
    /** How many times {@link #allocate} was called. */
    int passes;
    boolean paused;

    FirstFitAllocator(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset() {
        calls.add("reset");
    }

    @Override
    public void pause() {
        calls.add("pause");
        paused = true;
    }

    @Override
    public void resume() {
        calls.add("resume");
        paused = false;
    }

    @Override
    public Plan allocate(AllocationView view) {
        passes++;
        List<FrameworkState> eligible = new ArrayList<>();
        for (RoleState r : view.roles()) {
            eligible.addAll(r.frameworks());
        }
        eligible.sort(Comparator.comparing(FrameworkState::id));
        List<Allocation> out = new ArrayList<>();
        for (AgentState a : view.candidates()) {
            for (FrameworkState f : eligible) {
                org.allot.api.Resources mayUse = a.freeFor(f.role());
                if (mayUse.isEmpty()) {
                    continue;
                }
                FilterResult verdict = view.check(f.id(), a.id(), mayUse);
                if (verdict.isAccepted()) {
                    out.add(new Allocation(f.id(), a.id(), mayUse));
                    break;
                }
                refusals.add(verdict.reason());
            }
        }
        return Plan.of(out);
    }
}
