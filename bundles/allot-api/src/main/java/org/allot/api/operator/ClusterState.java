package org.allot.api.operator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One consistent snapshot of the master's books, taken in one step on its event loop: every list
 * describes the same moment (a task's agent and framework are in {@link #agents} and
 * {@link #frameworks}, an offer's resources are counted in its agent's {@code allocated}).
 *
 * @param taken           when it was taken, on the master's clock
 * @param masterId        the master run's id
 * @param leadership      the master's leadership state, e.g. {@code LEADING}, {@code STANDBY}
 * @param leading         whether the master leads (and so acts on messages and allocates)
 * @param reason          why it does not lead, e.g. {@code master m1 is STANDBY: ...}; empty when leading
 * @param listening       whether its server accepts agents and schedulers now
 * @param activeAllocator the allocator in use; empty while there is none
 * @param allocators      the allocators available, sorted
 * @param agents          every agent, sorted by id
 * @param frameworks      every framework, sorted by id
 * @param tasks           every non-terminal task, sorted by framework then task id
 * @param offers          every outstanding offer, oldest first
 * @since 0.2.0
 */
public record ClusterState(Instant taken, String masterId, String leadership, boolean leading, String reason,
                           boolean listening, String activeAllocator, List<String> allocators,
                           List<AgentView> agents, List<FrameworkView> frameworks, List<TaskView> tasks,
                           List<OfferView> offers) {

    public ClusterState {
        Objects.requireNonNull(taken, "taken");
        Objects.requireNonNull(masterId, "masterId");
        Objects.requireNonNull(leadership, "leadership");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(activeAllocator, "activeAllocator");
        // NOTE: List.copyOf returns an already unmodifiable list as it is, so the master's snapshot
        // (built once, handed out once) is not copied again here.
        allocators = List.copyOf(allocators);
        agents = List.copyOf(agents);
        frameworks = List.copyOf(frameworks);
        tasks = List.copyOf(tasks);
        offers = List.copyOf(offers);
    }
}
