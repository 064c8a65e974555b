package org.allot.filters.internal;

import static org.allot.filters.internal.Candidates.candidate;

import org.allot.spi.filter.OfferCandidate;
import org.allot.spi.filter.OfferFilter;

public class MinimumFreeFilterContractTest extends OfferFilterContractTest {

    @Override
    protected OfferFilter filter() {
        return new MinimumFreeFilter();
    }

    @Override
    protected OfferCandidate refusedCandidate() {
        return candidate().free("cpus:1").minimumFree("cpus:2").build();
    }
}
