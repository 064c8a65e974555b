package org.allot.filters.internal;

import static org.allot.filters.internal.Candidates.candidate;

import org.allot.spi.filter.OfferCandidate;
import org.allot.spi.filter.OfferFilter;

public class RefuseAfterDeclineFilterContractTest extends OfferFilterContractTest {

    @Override
    protected OfferFilter filter() {
        return new RefuseAfterDeclineFilter();
    }

    @Override
    protected OfferCandidate refusedCandidate() {
        return candidate().declined("a-3", "cpus:4;mem:4096", 5).build();
    }
}
