package org.allot.master.internal;

import java.util.ArrayList;
import java.util.List;

import org.allot.api.operator.AgentView;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.TaskView;

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
            views.add(new AgentView(a.id, a.info.hostname(), a.info.port(), a.total(), registry.allocatedOn(a.id),
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

    List<OfferView> offers() {
        List<OfferView> views = new ArrayList<>(registry.offers.size());
        for (OfferEntry o : registry.offers.values()) {
            views.add(new OfferView(o.offer.id(), o.offer.frameworkId(), o.offer.agentId(), o.offer.resources(),
                    o.created));
        }
        return List.copyOf(views);
    }
}
