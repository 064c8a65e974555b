package org.allot.benchmarks.policy;

import java.util.concurrent.TimeUnit;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.allocator.priority.internal.PriorityAllocator;
import org.allot.spi.allocation.Allocator;
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
 * A hot swap of the allocation policy (drf to priority and back, alternately) on the real engine
 * with agents of {@code cpus:24;mem:4096;disk:4096;ports:[31000-32000]} partly used and frameworks
 * in 10 roles: half the agents are held in outstanding offers, the other half free. The engine
 * pauses the old policy, resets and resumes the new one, and the next pass is full.
 * <ul>
 * <li>{@link #switchOnly}: the swap itself (what the master does before the next pass);</li>
 * <li>{@link #switchAndFirstPass}: the swap and the full pass it causes, which offers the free
 *     half with the new policy (the offers are handed back untimed before the next invocation);</li>
 * <li>{@link #firstPassWithoutSwitch}: the same pass without a swap, the baseline.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class AllocatorSwitchBenchmark {

    @State(Scope.Benchmark)
    public static class Cluster {
        @Param({"10000"})
        public int agents;
        @Param({"1000"})
        public int frameworks;

        final Allocator drf = new DrfAllocator();
        final Allocator priority = new PriorityAllocator();
        PolicyCluster cluster;
        Plan last = Plan.EMPTY;

        @Setup(Level.Trial)
        public void build() {
            cluster = new PolicyCluster(drf);
            cluster.addFrameworks(frameworks, i -> "role-" + (i % 10));
            cluster.engine.setPriority("role-3", 5);
            cluster.addAgents(agents, PolicyCluster.BIG_AGENT, true, false);
            Plan all = cluster.engine.pass(true);
            // Hand back every other agent's offer: those are what the pass after a swap offers.
            for (int i = 0; i < all.offers().size(); i += 2) {
                var a = all.offers().get(i);
                cluster.engine.recoverOffered(a.frameworkId(), a.agentId(), a.resources());
            }
        }

        final CpuClock cpu = new CpuClock();

        @Setup(Level.Invocation)
        public void handBack() {
            cluster.recover(last);
            last = Plan.EMPTY;
            cpu.start();
        }

        @TearDown(Level.Invocation)
        public void stopClock() {
            cpu.stop();
        }

        @TearDown(Level.Iteration)
        public void report() {
            cpu.report("this benchmark");
        }

        Allocator other() {
            return cluster.engine.policy().orElseThrow() == drf ? priority : drf;
        }
    }

    @Benchmark
    public Allocator switchOnly(Cluster c) {
        Allocator next = c.other();
        c.cluster.engine.usePolicy(next);
        return next;
    }

    @Benchmark
    public Plan switchAndFirstPass(Cluster c) {
        c.cluster.engine.usePolicy(c.other());
        c.last = c.cluster.engine.pass(false);
        return c.last;
    }

    @Benchmark
    public Plan firstPassWithoutSwitch(Cluster c) {
        c.last = c.cluster.engine.pass(true);
        return c.last;
    }
}
