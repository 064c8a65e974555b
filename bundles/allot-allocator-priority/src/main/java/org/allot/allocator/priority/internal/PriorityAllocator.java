package org.allot.allocator.priority.internal;

import java.util.Comparator;

import org.allot.spi.allocation.AllocationView;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.SortingAllocator;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strict priorities between roles: a role with a higher {@link org.allot.spi.allocation.RoleState#priority()
 * priority} (the operator's, 0 unless set) is always offered before one with a lower priority,
 * whatever their shares; within one priority level DRF decides, as {@code drf} does:
 * <ol>
 * <li>roles by priority, highest first;</li>
 * <li>then by weighted dominant share ({@code dominant share / weight}), lowest first;</li>
 * <li>within a role, frameworks by dominant share, lowest first;</li>
 * <li>ties, at both levels: fewest offers made so far, then name.</li>
 * </ol>
 * Guarantees come before all of this (a role below its guarantee is offered first, and resources
 * are held back for unmet guarantees), and starved roles revoke, lowest priority victims first:
 * both are {@link SortingAllocator}'s.
 *
 * <h2>Worked numbers</h2>
 * Cluster {@code cpus:10}; prod (priority 10) runs tasks worth 6 cpus, batch (priority 0) none.
 * DRF would offer the next agent to batch (share 0 against 0.6); this policy offers it to prod,
 * and keeps doing so while prod's frameworks accept. Batch gets only what prod refuses (declines,
 * or an offer filter's refusal).
 *
 * <p>NOTE: a higher priority does not revoke a lower one by itself: revocation follows guarantees
 * and fair shares only, as in every {@link SortingAllocator}, so that priorities order the free
 * resources without killing tasks when an operator changes a number.
 *
 * <h2>Threading / State</h2>
 * Called on the master's event loop only. Keeps nothing between passes; priorities are the
 * master's and change at runtime (the next pass reads them). Usable without OSGi:
 * {@code new PriorityAllocator()}.
 */
@Component(service = Allocator.class, property = {"allocator.name=" + PriorityAllocator.NAME,
        "service.ranking:Integer=0"})
public final class PriorityAllocator extends SortingAllocator {

    /** The name the operator selects it by, and its {@code allocator.name} service property. */
    public static final String NAME = "priority";

    /** Priority, highest first; then DRF's role order. The base breaks the rest by name. */
    private static final Comparator<Standing> ROLES = Comparator.comparingInt(Standing::priority).reversed()
            .thenComparing(DRF_ROLE_ORDER);

    private static final Logger LOG = LoggerFactory.getLogger(PriorityAllocator.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Comparator<Standing> roleOrder(AllocationView view) {
        return ROLES;
    }

    @Override
    protected Comparator<Standing> frameworkOrder(AllocationView view) {
        return DRF_FRAMEWORK_ORDER;
    }

    @Override
    public Plan allocate(AllocationView view) {
        Plan plan = super.allocate(view);
        if (LOG.isDebugEnabled()) {
            LOG.debug("Priority pass over {} candidate agents and {} roles: {}", view.candidates().size(),
                    view.roles().size(), plan);
        }
        return plan;
    }
}
