package org.allot.api.operator;

import java.time.Instant;
import java.util.Objects;

/**
 * The master's health at a glance, cheap to ask often (health checks, load balancers): counts, not views.
 *
 * @param at              when it was taken, on the master's clock
 * @param masterId        the master run's id
 * @param leadership      the master's leadership state, e.g. {@code LEADING}, {@code STANDBY}
 * @param leading         whether the master leads (and so acts on messages and allocates)
 * @param reason          why it does not lead; empty when leading
 * @param listening       whether its server accepts agents and schedulers now
 * @param activeAllocator the allocator in use; empty while there is none (and then no offers are made)
 * @param agents          agents known, connected or not
 * @param connectedAgents agents connected now
 * @param frameworks      frameworks known
 * @param tasks           non-terminal tasks
 * @since 0.2.0
 */
public record MasterStatus(Instant at, String masterId, String leadership, boolean leading, String reason,
                           boolean listening, String activeAllocator, int agents, int connectedAgents,
                           int frameworks, int tasks) {

    public MasterStatus {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(masterId, "masterId");
        Objects.requireNonNull(leadership, "leadership");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(activeAllocator, "activeAllocator");
    }
}
