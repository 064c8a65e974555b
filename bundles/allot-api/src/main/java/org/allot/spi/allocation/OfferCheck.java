package org.allot.spi.allocation;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.spi.filter.FilterResult;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The master's offer filters, combined, as the allocator sees them: may {@code resources} of
 * {@code agentId} be offered to {@code frameworkId} now? The master supplies it to
 * {@link Allocator#allocate}; it consults the framework's declines, its offer constraints and every
 * registered {@link org.allot.spi.filter.OfferFilter}, and returns the first refusal.
 *
 * <p>Valid only during the {@code allocate} call it was passed to, on the master's event-loop thread.
 */
@ProviderType
@FunctionalInterface
public interface OfferCheck {

    FilterResult test(FrameworkId frameworkId, AgentId agentId, Resources resources);

    /** A check that accepts everything; for tests and for a master without filters. */
    static OfferCheck acceptAll() {
        return (f, a, r) -> FilterResult.accept();
    }
}
