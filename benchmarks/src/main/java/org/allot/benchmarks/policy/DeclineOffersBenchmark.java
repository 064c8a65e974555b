package org.allot.benchmarks.policy;

import java.util.concurrent.TimeUnit;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
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
 * Mesos's DeclineOffers shape on the real allocation engine with DRF: agents of
 * {@code cpus:24;mem:4096;disk:4096;ports:[31000-32000]}, each already running {@code cpus:4;mem:512;
 * disk:512;ports:[31000-31099]} of one framework, and frameworks in one role that decline every
 * offer for a day. No network; a manual clock that does not move (no decline expires).
 * <ul>
 * <li>{@link #addAgents}: the agents registered one by one into a master that has the frameworks,
 *     each followed by the pass it asks for (which offers it): Mesos's "Added 10000 agents".</li>
 * <li>{@link #passWhileDeclining}: one full pass while the frameworks are declining: every agent
 *     is free again and goes to the next framework that has not declined it yet; before each
 *     pass (not timed) every offer of the previous one is declined. Mesos's per-round
 *     "allocate() took". Each iteration starts from a fresh cluster after {@code roundsBefore}
 *     such rounds (not timed), so the figure is the mean of the rounds that follow: in round r an
 *     agent is refused by up to r - 1 frameworks, and the pass grows with r. After every
 *     framework declined every agent, all of them revive.</li>
 * <li>{@link #steadyPass}: the pass on the allocation timer once every framework has declined
 *     every agent (the declines recorded directly, not timed): what the master pays every
 *     interval for nothing.</li>
 * </ul>
 * Scale with {@code -p agents=2500,5000,10000,20000 -p frameworks=250,500,1000,2000}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Xms2g"})
public class DeclineOffersBenchmark {

    @State(Scope.Benchmark)
    public static class Shape {
        @Param({"10000"})
        public int agents;
        @Param({"1000"})
        public int frameworks;
    }

    /** The frameworks registered, no agent yet; fresh for every iteration. */
    @State(Scope.Benchmark)
    public static class NoAgents {
        PolicyCluster cluster;
        final CpuClock cpu = new CpuClock();

        @Setup(Level.Iteration)
        public void build(Shape shape) {
            cluster = new PolicyCluster(new DrfAllocator());
            cluster.addFrameworks(shape.frameworks, i -> "*");
        }

        @TearDown(Level.Iteration)
        public void report() {
            cpu.report("add agents");
        }
    }

    /** Agents and frameworks; before each pass, the previous pass's offers are declined. */
    @State(Scope.Benchmark)
    public static class Declining {
        /** Rounds (pass, then every offer declined) run before measuring, in each iteration's setup. */
        @Param({"0"})
        public int roundsBefore;
        PolicyCluster cluster;
        Plan last = Plan.EMPTY;
        int rounds;
        final CpuClock cpu = new CpuClock();

        @Setup(Level.Iteration)
        public void build(Shape shape) {
            cluster = new PolicyCluster(new DrfAllocator());
            cluster.addFrameworks(shape.frameworks, i -> "*");
            cluster.addAgents(shape.agents, PolicyCluster.BIG_AGENT, true, false);
            last = Plan.EMPTY;
            for (int i = 0; i < roundsBefore; i++) {
                declineLast();
                last = cluster.engine.pass(true);
            }
            rounds = 0;
            cpu.report("setup");
        }

        @TearDown(Level.Iteration)
        public void report() {
            System.out.println("  (" + rounds + " rounds measured after " + roundsBefore + "; the last offered "
                    + last.offers().size() + " agents)");
            cpu.report("pass while declining");
        }

        @Setup(Level.Invocation)
        public void declineLast() {
            if (last.offers().isEmpty() && last != Plan.EMPTY) {
                cluster.frameworks.forEach(cluster.engine::revive); // every agent declined by all: start over
            }
            cluster.decline(last, PolicyCluster.LONG_REFUSE);
            cpu.start();
        }

        @TearDown(Level.Invocation)
        public void stopClock() {
            cpu.stop();
        }
    }

    /** Every framework has declined every agent. */
    @State(Scope.Benchmark)
    public static class Steady {
        PolicyCluster cluster;
        final CpuClock cpu = new CpuClock();

        @Setup(Level.Invocation)
        public void startClock() {
            cpu.start();
        }

        @TearDown(Level.Invocation)
        public void stopClock() {
            cpu.stop();
        }

        @TearDown(Level.Iteration)
        public void report() {
            cpu.report("steady pass");
        }

        @Setup(Level.Trial)
        public void build(Shape shape) {
            cluster = new PolicyCluster(new DrfAllocator());
            cluster.addFrameworks(shape.frameworks, i -> "*");
            cluster.addAgents(shape.agents, PolicyCluster.BIG_AGENT, true, false);
            Resources free = PolicyCluster.BIG_AGENT.subtract(PolicyCluster.USED);
            for (FrameworkId f : cluster.frameworks) {
                for (AgentId a : cluster.agents) {
                    cluster.engine.decline(f, a, free, PolicyCluster.LONG_REFUSE);
                }
            }
            Plan first = cluster.engine.pass(true);
            if (!first.offers().isEmpty()) {
                throw new IllegalStateException("the steady state still offers " + first.offers().size() + " agents");
            }
        }
    }

    /**
     * A burst: the agents registered back to back, then the one pass they asked for (the master's
     * loop coalesces pass requests queued behind registrations, as Mesos batches its allocations).
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public Plan addAgents(NoAgents s, Shape shape) {
        s.cpu.start();
        s.cluster.addAgents(shape.agents, PolicyCluster.BIG_AGENT, true, false);
        Plan plan = s.cluster.engine.pass(false);
        s.cpu.stop();
        return plan;
    }

    /** A trickle: each agent registered and offered by its own pass before the next arrives. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public int addAgentsOnePassEach(NoAgents s, Shape shape) {
        s.cpu.start();
        s.cluster.addAgents(shape.agents, PolicyCluster.BIG_AGENT, true, true);
        s.cpu.stop();
        return s.cluster.agents.size();
    }

    @Benchmark
    public Plan passWhileDeclining(Declining s) {
        s.rounds++;
        s.last = s.cluster.engine.pass(true);
        return s.last;
    }

    @Benchmark
    public Plan steadyPass(Steady s) {
        return s.cluster.engine.pass(true);
    }
}
