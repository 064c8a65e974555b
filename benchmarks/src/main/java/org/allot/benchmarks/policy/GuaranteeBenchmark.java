package org.allot.benchmarks.policy;

import java.util.concurrent.TimeUnit;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.api.Resources;
import org.allot.spi.allocation.Plan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Mesos's LargeAndSmallQuota shape (3000 agents) on the real allocation engine with DRF: agents of
 * {@code cpus:2;mem:2048;disk:2048}; 2,500 roles guaranteed {@code cpus:1;mem:1024;disk:1024} (half
 * an agent: agents are cut) and 500 guaranteed {@code cpus:4;mem:4096;disk:4096} (two agents); one
 * framework per role, all asking. {@link #untilAllocated} times full passes until 3,500
 * allocations are made or a pass makes none (the whole cluster is offered); Mesos makes its 3,500 in
 * one cycle. With {@code guarantees=false} the same cluster without guarantees, the baseline.
 * Each iteration starts from a fresh cluster (not timed).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class GuaranteeBenchmark {

    static final Resources AGENT = Resources.parse("cpus:2;mem:2048;disk:2048");
    static final Resources SMALL = Resources.parse("cpus:1;mem:1024;disk:1024");
    static final Resources LARGE = Resources.parse("cpus:4;mem:4096;disk:4096");

    @State(Scope.Benchmark)
    public static class Cluster {
        @Param({"2500"})
        public int smallRoles;
        @Param({"500"})
        public int largeRoles;
        @Param({"true"})
        public boolean guarantees;
        @Param({"3500"})
        public int target;

        PolicyCluster cluster;
        int allocations;
        int passes;
        final CpuClock cpu = new CpuClock();

        @Setup(Level.Iteration)
        public void build() {
            cluster = new PolicyCluster(new DrfAllocator());
            cluster.addAgents(smallRoles / 5 + largeRoles * 5, AGENT, false, false);
            cluster.addFrameworks(smallRoles + largeRoles, i -> i < smallRoles ? "small-" + i : "large-" + i);
            if (guarantees) {
                for (int i = 0; i < smallRoles + largeRoles; i++) {
                    cluster.engine.setGuarantee(i < smallRoles ? "small-" + i : "large-" + i,
                            i < smallRoles ? SMALL : LARGE);
                }
            }
            allocations = 0;
            passes = 0;
        }

        @TearDown(Level.Iteration)
        public void report() {
            System.out.println("  (" + allocations + " allocations in " + passes + " passes over "
                    + cluster.agents.size() + " agents)");
            cpu.report("until allocated");
        }
    }

    @Benchmark
    public int untilAllocated(Cluster c) {
        c.cpu.start();
        while (c.allocations < c.target) {
            Plan plan = c.cluster.engine.pass(true);
            c.passes++;
            if (plan.offers().isEmpty()) {
                break;
            }
            c.allocations += plan.offers().size();
        }
        c.cpu.stop();
        return c.allocations;
    }
}
