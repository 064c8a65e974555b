package org.allot.master.internal;

import java.util.ArrayList;
import java.util.List;

import org.allot.api.Resources;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.MasterStatus;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.RoleView;
import org.allot.api.operator.TaskView;
import org.allot.master.internal.allocation.RoleSnapshot;

/**
 * The operator's read-only views of the registry, consistent within one call. Dominant shares come
 * from the allocation engine, so the shell shows the share the allocator decides by
 * ({@link org.allot.api.DominantShare}, the one definition).
 *
 * <p>Threading: the master's event loop only ({@link Master} runs these through {@code loop.call}).
 */
final class OperatorViews {

    private final Core core;
    private final Registry registry;

    OperatorViews(Core core) {
        this.core = core;
        this.registry = core.registry;
    }

    List<AgentView> agents() {
        List<AgentView> views = new ArrayList<>(registry.agents.size());
        for (AgentEntry a : registry.agents.values()) {
            // The engine keeps a booked agent's used and offered totals: no sum over its tasks on the loop.
            Resources allocated = core.engine.agent(a.id).map(b -> b.used().add(b.offered()))
                    .orElseGet(() -> registry.allocatedOn(a.id));
            views.add(new AgentView(a.id, a.info.hostname(), a.info.port(), a.total(), allocated,
                    a.info.attributes(), a.connected(), a.health));
        }
        return List.copyOf(views);
    }

    List<FrameworkView> frameworks() {
        List<FrameworkView> views = new ArrayList<>(registry.frameworks.size());
        for (FrameworkEntry f : registry.frameworks.values()) {
            views.add(new FrameworkView(f.id, f.info.name(), f.info.role(), f.info.principal(), f.connected(),
                    core.engine.allocation(f.id), core.engine.offered(f.id), core.engine.dominantShare(f.id),
                    f.tasks.size()));
        }
        return List.copyOf(views);
    }

    List<TaskView> tasks() {
        List<TaskView> views = new ArrayList<>();
        for (FrameworkEntry f : registry.frameworks.values()) {
            for (TaskEntry t : f.tasks.values()) {
                views.add(new TaskView(t.info.id(), f.id, t.agentId, t.state, t.resources, t.info.name()));
            }
        }
        return List.copyOf(views);
    }

    /** The engine's roles as the operator sees them; an empty guarantee is none. */
    static List<RoleView> roles(List<RoleSnapshot> roles) {
        List<RoleView> views = new ArrayList<>(roles.size());
        for (RoleSnapshot r : roles) {
            views.add(new RoleView(r.name(), r.weight(), r.priority(),
                    r.guarantee().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(r.guarantee()),
                    r.allocation(), r.dominantShare(), r.frameworks()));
        }
        return List.copyOf(views);
    }

    /**
     * Everything at once, in two halves: {@link StateCapture#capture} runs on the loop and only copies
     * references (to the registry's immutable values and the engine's kept totals) and the few mutable
     * fields' current values; {@link StateCapture#build} then makes the views on the caller's thread.
     * So the loop is blocked for a walk over the entries, not for building 100,000 views or summing
     * each agent's resources (see benchmarks/README.md, StateApiBenchmark).
     */
    StateCapture captureState(boolean listening, String activeAllocator, List<String> allocators) {
        return StateCapture.capture(this, core, status(listening, activeAllocator), allocators);
    }

    /** Leadership and counts: O(agents) for the connected count, nothing allocated per entry. */
    MasterStatus status(boolean listening, String activeAllocator) {
        Leadership leadership = core.leadership;
        int connected = 0;
        for (AgentEntry a : registry.agents.values()) {
            if (a.connected()) {
                connected++;
            }
        }
        int tasks = 0;
        for (FrameworkEntry f : registry.frameworks.values()) {
            tasks += f.tasks.size();
        }
        return new MasterStatus(core.now(), core.masterId, leadership.state().name(), leadership.leading(),
                leadership.leading() ? "" : leadership.notLeaderReason(), listening, activeAllocator,
                registry.agents.size(), connected, registry.frameworks.size(), tasks);
    }

    List<OfferView> offers() {
        List<OfferView> views = new ArrayList<>(registry.offers.size());
        for (OfferEntry o : registry.offers.values()) {
            views.add(new OfferView(o.offer.id(), o.offer.frameworkId(), o.offer.agentId(), o.offer.resources(),
                    o.created));
        }
        return List.copyOf(views);
    }
}
