package org.allot.allocator.contract;

import java.util.Collection;

import org.allot.api.DominantShare;
import org.allot.api.Resources;
import org.allot.spi.allocation.RoleState;

/**
 * A role of a {@link SimulatedCluster}, computed from its frameworks when asked: allocation and
 * offers made summed over all of them, {@link #frameworks()} the eligible ones; weight, priority
 * and guarantee from the cluster's settings. One test thread.
 */
final class SimRole implements RoleState {

    private final SimulatedCluster cluster;
    private final String name;

    SimRole(SimulatedCluster cluster, String name) {
        this.cluster = cluster;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double weight() {
        return cluster.settings().weight(name);
    }

    @Override
    public int priority() {
        return cluster.settings().priority(name);
    }

    @Override
    public Resources guarantee() {
        return cluster.settings().guarantee(name);
    }

    @Override
    public Resources allocation() {
        Resources sum = Resources.empty();
        for (SimFramework f : cluster.frameworksIn(name, false)) {
            sum = sum.add(f.allocation());
        }
        return sum;
    }

    @Override
    public long allocationCount() {
        return cluster.frameworksIn(name, false).stream().mapToLong(SimFramework::allocationCount).sum();
    }

    @Override
    public double dominantShare() {
        return DominantShare.of(allocation(), cluster.clusterTotal());
    }

    @Override
    public Collection<SimFramework> frameworks() {
        return cluster.frameworksIn(name, true);
    }
}
