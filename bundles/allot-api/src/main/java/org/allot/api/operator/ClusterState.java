package org.allot.api.operator;

import java.util.List;
import java.util.Objects;

/**
 * One consistent snapshot of the master's books, taken in one step on its event loop: every list
 * describes the same moment (a task's agent and framework are in {@link #agents} and
 * {@link #frameworks}, an offer's resources are counted in its agent's {@code allocated}).
 *
 * @param status     the master's status at that moment
 * @param allocators the allocators available, sorted
 * @param agents     every agent, sorted by id
 * @param frameworks every framework, sorted by id
 * @param tasks      every non-terminal task, sorted by framework then task id
 * @param offers     every outstanding offer, oldest first
 * @since 0.2.0
 */
public record ClusterState(MasterStatus status, List<String> allocators, List<AgentView> agents,
                           List<FrameworkView> frameworks, List<TaskView> tasks, List<OfferView> offers) {

    public ClusterState {
        Objects.requireNonNull(status, "status");
        // NOTE: List.copyOf returns an already unmodifiable list as it is, so the master's snapshot
        // (built once, handed out once) is not copied again here.
        allocators = List.copyOf(allocators);
        agents = List.copyOf(agents);
        frameworks = List.copyOf(frameworks);
        tasks = List.copyOf(tasks);
        offers = List.copyOf(offers);
    }
}
