package org.allot.allocator.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.allot.api.AgentId;
import org.allot.api.DominantShare;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.spi.allocation.FrameworkState;

/**
 * A synthetic framework of a {@link SimulatedCluster} and the scheduler behind it: its task shape,
 * demand, how it answers offers, its declines. Allocation and share come from the cluster's books.
 * Mutated only by its cluster; one test thread.
 */
final class SimFramework implements FrameworkState {

    /** A decline in force until {@code until}: refuses offers contained in {@code resources}. */
    record Decline(Resources resources, Instant until) {
    }

    private final SimulatedCluster cluster;
    private final FrameworkId id;
    private final FrameworkInfo info;
    final Resources taskShape;
    final Map<AgentId, Decline> declines = new HashMap<>();
    /** Tasks still to run; {@link Integer#MAX_VALUE} for no end. */
    int demand = Integer.MAX_VALUE;
    int tasksPerOffer = Integer.MAX_VALUE;
    Duration refuse = SimulatedCluster.DEFAULT_REFUSE;
    /** How long its tasks run; null for until revoked. */
    Duration taskDuration;
    boolean active = true;
    boolean suppressed;
    long allocationCount;

    SimFramework(SimulatedCluster cluster, FrameworkId id, FrameworkInfo info, Resources taskShape) {
        this.cluster = cluster;
        this.id = id;
        this.info = info;
        this.taskShape = taskShape;
    }

    @Override
    public FrameworkId id() {
        return id;
    }

    @Override
    public FrameworkInfo info() {
        return info;
    }

    @Override
    public boolean active() {
        return active;
    }

    @Override
    public boolean suppressed() {
        return suppressed;
    }

    @Override
    public Resources allocation() {
        return cluster.allocationOf(id);
    }

    @Override
    public long allocationCount() {
        return allocationCount;
    }

    @Override
    public double dominantShare() {
        return DominantShare.of(allocation(), cluster.clusterTotal());
    }
}
