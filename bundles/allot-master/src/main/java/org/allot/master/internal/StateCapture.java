package org.allot.master.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.Resources;
import org.allot.api.TaskState;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.ClusterState;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.MasterStatus;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.TaskView;
import org.allot.spi.allocation.AgentState;

/**
 * The master's state copied on the event loop as cheaply as possible, to be made into a
 * {@link ClusterState} on another thread. What it holds may be read off the loop: references to
 * immutable values (ids, infos, resources, the engine's kept totals, offer entries' offers) and the
 * current value of each mutable field it needs (a task's state, an agent's connection), copied here.
 *
 * <p>Threading: {@link #capture} on the event loop only; {@link #build} on any thread, once.
 */
final class StateCapture {

    private final MasterStatus status;
    private final List<String> allocators;
    private final List<FrameworkView> frameworks;
    private final AgentRow[] agents;
    private final TaskEntry[] tasks;
    private final TaskState[] taskStates;
    private final OfferEntry[] offers;

    /** One agent: {@code allocated} is known already (a disconnected agent's, from the registry), or used + offered. */
    private record AgentRow(AgentId id, AgentInfo info, Resources total, Resources used, Resources offered,
                            Resources allocated, boolean connected, org.allot.api.agent.AgentHealth health) {
    }

    private StateCapture(MasterStatus status, List<String> allocators, List<FrameworkView> frameworks,
                         AgentRow[] agents, TaskEntry[] tasks, TaskState[] taskStates, OfferEntry[] offers) {
        this.status = status;
        this.allocators = allocators;
        this.frameworks = frameworks;
        this.agents = agents;
        this.tasks = tasks;
        this.taskStates = taskStates;
        this.offers = offers;
    }

    /** On the loop: O(agents + tasks + offers) reference copies; the few frameworks' views are made here. */
    static StateCapture capture(OperatorViews views, Core core, MasterStatus status, List<String> allocators) {
        Registry registry = core.registry;
        AgentRow[] agents = new AgentRow[registry.agents.size()];
        int i = 0;
        for (AgentEntry a : registry.agents.values()) {
            Optional<AgentState> books = core.engine.agent(a.id);
            // NOTE: the engine keeps each connected agent's used and offered totals; only an agent it
            // does not book (disconnected, kept for re-registration) is summed from the registry here.
            agents[i++] = books.isPresent()
                    ? new AgentRow(a.id, a.info, a.total(), books.get().used(), books.get().offered(), null,
                            a.connected(), a.health)
                    : new AgentRow(a.id, a.info, a.total(), null, null, registry.allocatedOn(a.id), a.connected(),
                            a.health);
        }
        int count = 0;
        for (FrameworkEntry f : registry.frameworks.values()) {
            count += f.tasks.size();
        }
        TaskEntry[] tasks = new TaskEntry[count];
        TaskState[] states = new TaskState[count];
        int t = 0;
        for (FrameworkEntry f : registry.frameworks.values()) {
            for (TaskEntry e : f.tasks.values()) {
                tasks[t] = e;
                states[t++] = e.state;
            }
        }
        OfferEntry[] offers = registry.offers.values().toArray(new OfferEntry[0]);
        return new StateCapture(status, allocators, views.frameworks(), agents, tasks, states, offers);
    }

    /** Off the loop: the views. */
    ClusterState build() {
        List<AgentView> agentViews = new ArrayList<>(agents.length);
        for (AgentRow a : agents) {
            Resources allocated = a.allocated() != null ? a.allocated() : a.used().add(a.offered());
            agentViews.add(new AgentView(a.id(), a.info().hostname(), a.info().port(), a.total(), allocated,
                    a.info().attributes(), a.connected(), a.health()));
        }
        List<TaskView> taskViews = new ArrayList<>(tasks.length);
        for (int i = 0; i < tasks.length; i++) {
            TaskEntry e = tasks[i];
            taskViews.add(new TaskView(e.info.id(), e.frameworkId, e.agentId, taskStates[i], e.resources, e.info.name()));
        }
        List<OfferView> offerViews = new ArrayList<>(offers.length);
        for (OfferEntry o : offers) {
            offerViews.add(new OfferView(o.offer.id(), o.offer.frameworkId(), o.offer.agentId(), o.offer.resources(),
                    o.created));
        }
        return new ClusterState(status, allocators, agentViews, frameworks, taskViews, offerViews);
    }
}
