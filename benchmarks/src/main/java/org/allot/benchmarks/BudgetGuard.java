package org.allot.benchmarks;

import org.allot.spi.filter.FilterResult;
import org.allot.spi.filter.OfferCandidate;
import org.allot.spi.filter.OfferFilter;

/**
 * Ends a measurement of {@link AllocationBenchmark} whose time budget ran out, even in the middle of an
 * allocation pass that would take hours: an {@link OfferFilter}, first in the master's chain, that accepts
 * every candidate (so the real filters decide) and, once the deadline has passed, throws
 * {@link Exhausted} out of the pass.
 *
 * <p>NOTE: {@link Exhausted} is an {@link Error} on purpose: the master and the DRF allocator turn a
 * filter's {@link RuntimeException} into a refusal and carry on, which would let the pass run to its end.
 * The master it escapes from is left inconsistent and must be discarded (see {@link AllocationScenario#close}).
 * The clock is read once every {@value #CALLS_PER_CLOCK_READ} checks, so the guard costs a counter
 * increment per check.
 *
 * <p>Not thread-safe: called on the master's manual loop, which is the harness's thread.
 */
final class BudgetGuard implements OfferFilter {

    private static final int CALLS_PER_CLOCK_READ = 1024;

    private long deadlineNanos = Long.MAX_VALUE;
    private long calls;

    /** Starts a budget: checks from now on throw {@link Exhausted} once {@code System.nanoTime()} passes it. */
    void setDeadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** Throws {@link Exhausted} if the deadline has passed; for the harness between its own steps. */
    void checkDeadline() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new Exhausted();
        }
    }

    @Override
    public String name() {
        return "benchmark-budget";
    }

    @Override
    public FilterResult check(OfferCandidate candidate) {
        if (++calls % CALLS_PER_CLOCK_READ == 0) {
            checkDeadline();
        }
        return FilterResult.accept();
    }

    /** The measurement's time budget ran out. */
    static final class Exhausted extends Error {

        private static final long serialVersionUID = 1L;

        Exhausted() {
            super("time budget exhausted", null, false, false);
        }
    }
}
