package org.allot.examples.binpack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.spi.allocation.AgentState;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.AllocationView;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.Plan;
import org.allot.spi.allocation.SortingAllocator;
import org.osgi.service.component.annotations.Component;

/**
 * Bin-packing (the seed's "pack tasks onto few machines"), written against the allocator SPI only,
 * as an operator's drop-in: copy the jar into Karaf's {@code deploy/}, then
 * {@code allot:allocator-use binpack}.
 *
 * <p>It decides whom to offer what as DRF does (roles by weighted dominant share, frameworks by
 * dominant share; {@link SortingAllocator} also holds back guaranteed resources and revokes for
 * starved roles), then packs: a framework offered an agent that already runs tasks is not offered
 * empty agents in the same pass, and one offered only empty agents gets just the first of them.
 * So a framework fills the machines in use before it opens another one, and the empty ones stay
 * whole for large tasks (or can be switched off). Empty agents it is not offered stay free for
 * the next pass, at most one allocation interval later.
 *
 * <h2>Worked numbers</h2>
 * Three agents of {@code cpus:4}, one framework of 1-cpu tasks, launching what it is offered:
 * DRF offers all three agents at once and the tasks spread over them; bin-packing offers a-1,
 * four tasks fill it, then a-2, and after 6 tasks a-3 is still empty.
 *
 * <h2>Threading / State</h2>
 * The master's event loop only; nothing kept between passes (reset, pause and resume need nothing).
 */
@Component(service = Allocator.class, property = {"allocator.name=" + BinPackingAllocator.NAME,
        "service.ranking:Integer=-10"})
public final class BinPackingAllocator extends SortingAllocator {

    /** The name the operator selects it by, and its {@code allocator.name} service property. */
    public static final String NAME = "binpack";

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
        Plan drf = super.allocate(view);
        if (drf.offers().size() < 2) {
            return drf;
        }
        Set<AgentId> inUse = new HashSet<>();
        for (AgentState a : view.candidates()) {
            if (!a.used().isEmpty() || !a.offered().isEmpty()) {
                inUse.add(a.id());
            }
        }
        Map<FrameworkId, List<Allocation>> byFramework = new LinkedHashMap<>();
        drf.offers().forEach(o -> byFramework.computeIfAbsent(o.frameworkId(), k -> new ArrayList<>()).add(o));
        List<Allocation> packed = new ArrayList<>();
        for (List<Allocation> offers : byFramework.values()) {
            List<Allocation> onUsed = offers.stream().filter(o -> inUse.contains(o.agentId())).toList();
            if (!onUsed.isEmpty()) {
                packed.addAll(onUsed);
            } else {
                offers.stream().min(Comparator.comparing(Allocation::agentId)).ifPresent(packed::add);
            }
        }
        return new Plan(packed, drf.revocations());
    }
}
