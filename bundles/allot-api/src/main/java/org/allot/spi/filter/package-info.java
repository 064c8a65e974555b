/**
 * The offer filter SPI: plugins that veto offers before the master makes them, each with a reason.
 *
 * <p>The master asks every registered {@link org.allot.spi.filter.OfferFilter} (ordered by
 * {@code service.ranking}) about each candidate offer the allocator proposes; the first
 * {@link org.allot.spi.filter.FilterResult.Code#REFUSE REFUSE} wins and its reason is kept, so an
 * operator can ask why a framework gets no offers. Filters read state the master owns (the
 * framework's {@link org.allot.api.OfferConstraints} and its {@link org.allot.spi.filter.Decline}s)
 * and keep none of their own.
 */
@Export(substitution = Export.Substitution.NOIMPORT)
@Version("0.1.0")
package org.allot.spi.filter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
