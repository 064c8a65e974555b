package org.allot.filters.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.allot.spi.filter.FilterResult;
import org.allot.spi.filter.OfferCandidate;
import org.allot.spi.filter.OfferFilter;

/**
 * One named row of a table-driven filter test: a candidate and the expected answer, either
 * {@code null} for accept or the exact refusal reason.
 */
final class FilterCase {

    final String name;
    final OfferCandidate candidate;
    final String refusal;

    private FilterCase(String name, OfferCandidate candidate, String refusal) {
        this.name = name;
        this.candidate = candidate;
        this.refusal = refusal;
    }

    static FilterCase accepts(String name, Candidates candidate) {
        return new FilterCase(name, candidate.build(), null);
    }

    static FilterCase refuses(String name, Candidates candidate, String reason) {
        return new FilterCase(name, candidate.build(), reason);
    }

    static Object[] row(FilterCase c) {
        return new Object[] {c.name, c};
    }

    void verify(OfferFilter filter) {
        FilterResult result = filter.check(candidate);
        if (refusal == null) {
            assertTrue(name + ": expected ACCEPT but got " + result, result.isAccepted());
        } else {
            assertEquals(name + ": expected a refusal", FilterResult.Code.REFUSE, result.code());
            assertEquals(name, refusal, result.reason());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
