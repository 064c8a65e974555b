package org.allot.filters.internal;

import static org.allot.filters.internal.Candidates.candidate;

import org.allot.spi.filter.OfferCandidate;
import org.allot.spi.filter.OfferFilter;

public class AllowedAgentsFilterContractTest extends OfferFilterContractTest {

    @Override
    protected OfferFilter filter() {
        return new AllowedAgentsFilter();
    }

    @Override
    protected OfferCandidate refusedCandidate() {
        return candidate().allowed("a-1").build();
    }
}
