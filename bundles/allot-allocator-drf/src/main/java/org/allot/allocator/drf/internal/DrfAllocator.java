package org.allot.allocator.drf.internal;

import java.util.Comparator;

import org.allot.spi.allocation.AllocationView;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.SortingAllocator;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dominant Resource Fairness (Ghodsi et al., NSDI 2011) with role weights, as Mesos's hierarchical
 * DRF sorter does it: an ordering only. The master keeps the books and hands each pass an
 * {@link AllocationView}; {@link SortingAllocator} walks the candidate agents and offers each
 * agent's free resources to the first role, then the first framework within it, in this order:
 * <ol>
 * <li>roles by weighted dominant share ({@code dominant share / weight}), lowest first;</li>
 * <li>within a role, frameworks by dominant share, lowest first;</li>
 * <li>ties, at both levels, as Mesos's sorter breaks them: fewest offers made so far
 *     ({@code allocationCount}), then name (role name, framework id).</li>
 * </ol>
 * Offers made earlier in the same pass count (the base re-sorts after each agent), so one pass
 * over many small agents already fills progressively. The dominant share is
 * {@link org.allot.api.DominantShare}'s: the largest of allocated / cluster total over cpus, mem,
 * disk and gpus, where allocated is what tasks use plus what outstanding offers hold.
 *
 * <h2>Worked numbers: the paper's example</h2>
 * The cluster has 9 cpus and 18 GB ({@code cpus:9;mem:18432}). Framework A runs tasks of
 * {@code cpus:1;mem:4096}, B tasks of {@code cpus:3;mem:1024}. Offered one task at a time, the
 * lower share goes first: A 0.22 (mem 4/18), B 0.33 (cpus 3/9), A 0.44, B 0.67, A 0.67 (mem 12/18);
 * the 9 cpus are then used up. A ends with 3 tasks (cpus 3/9 = 0.33, mem 12288/18432 = 0.67:
 * dominant share 0.67), B with 2 (cpus 6/9 = 0.67, mem 2048/18432 = 0.11: dominant share 0.67).
 * Neither can run another task without taking more than the other: DRF's answer. If A's role had
 * weight 2, A would sort as 0.67 / 2 = 0.33 and be offered before B.
 *
 * <p>NOTE: the tie on offers made is what keeps two identical frameworks taking turns. Broken by id
 * alone, every tie at share 0 went to the older framework: with 1.5 cpus free and tasks of 1 cpu,
 * it ran all its tasks before the younger one ran any. Counting offers, the one made fewer offers
 * goes first, and since the master's declines refuse only offers contained in what
 * was declined, the younger one's refusal of a 0.5-cpu leftover does not keep it from 1.5 cpus.
 *
 * <p>NOTE: the whole free part of an agent goes into one offer, as in Mesos. Fairness is therefore
 * decided offer by offer: a framework offered a big agent may launch more than its fair share on
 * it; small agents, or frameworks that accept only what they need, come closer to progressive filling.
 *
 * <h2>Threading / State</h2>
 * Called on the master's event loop only. Keeps nothing between passes, so hot swap, failover and
 * {@link #reset()} need nothing; pause and resume are the master's (it does not call
 * {@link #allocate} in between). Usable without OSGi: {@code new DrfAllocator()}.
 */
@Component(service = Allocator.class, property = {"allocator.name=" + DrfAllocator.NAME, "service.ranking:Integer=0"})
public final class DrfAllocator extends SortingAllocator {

    /** The name the operator selects it by, and its {@code allocator.name} service property. */
    public static final String NAME = "drf";

    private static final Logger LOG = LoggerFactory.getLogger(DrfAllocator.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Comparator<Standing> roleOrder(AllocationView view) {
        return DRF_ROLE_ORDER;
    }

    @Override
    protected Comparator<Standing> frameworkOrder(AllocationView view) {
        return DRF_FRAMEWORK_ORDER;
    }

    @Override
    public Plan allocate(AllocationView view) {
        Plan plan = super.allocate(view);
        if (LOG.isDebugEnabled()) {
            LOG.debug("DRF pass over {} candidate agents and {} roles: {}", view.candidates().size(),
                    view.roles().size(), plan.offers());
        }
        return plan;
    }
}
