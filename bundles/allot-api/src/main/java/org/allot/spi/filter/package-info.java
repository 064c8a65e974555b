/**
 * The offer filter SPI: plugins that veto offers before the master makes them, each with a reason.
 *
 * <p>The master asks every registered {@link org.allot.spi.filter.OfferFilter} (ordered by
 * {@code service.ranking}) about each candidate offer the allocator proposes; the first
 * {@link org.allot.spi.filter.FilterResult.Code#REFUSE REFUSE} wins and its reason is kept, so an
 * operator can ask why a framework gets no offers. Filters read state the master owns (the
 * framework's {@link org.allot.api.OfferConstraints} and its {@link org.allot.spi.filter.Decline}s)
 * and keep none of their own.
 *
 * <p>0.2.0: declines are the master's own business (they are checked before any filter, in O(1));
 * {@link org.allot.spi.filter.OfferCandidate#declines()} holds only the framework's decline on the
 * candidate's agent, not all its declines.
 */
@Export(substitution = Export.Substitution.NOIMPORT)
@Version("0.2.0")
package org.allot.spi.filter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
