package org.allot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.allot.api.CommandInfo;
import org.allot.api.Resources;
import org.allot.isolation.cgroups.internal.CgroupsHost;
import org.allot.isolation.cgroups.internal.CgroupsLauncher;
import org.allot.isolation.cgroups.internal.CgroupsSettings;
import org.allot.isolation.cgroups.internal.CpuIsolator;
import org.allot.isolation.cgroups.internal.MemoryIsolator;
import org.allot.isolation.cgroups.internal.PidsIsolator;
import org.allot.isolation.cgroups.internal.kernel.CgroupDetector;
import org.allot.isolation.cgroups.internal.kernel.CgroupIo;
import org.allot.isolation.cgroups.internal.kernel.Controller;
import org.allot.isolation.cgroups.internal.kernel.Hierarchy;
import org.allot.isolation.cgroups.internal.kernel.Signaller;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.LaunchRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Container create-and-destroy with the cgroups launcher and the cgroups/cpu, cgroups/mem and
 * cgroups/pids isolators, against a bare fork/exec of {@code /bin/true} from Java, in the same run.
 *
 * <p>One {@code cgroupsContainer} operation is the agent's whole sequence for a container running
 * {@code /bin/true}: prepare the three isolators (create a cgroup per controller and write the
 * limits), fork the held supervisor into its freezer cgroup, isolate (move it into the three
 * cgroups), start, wait for the exit, destroy (freeze, kill what is left, thaw, remove the freezer
 * cgroup) and clean the isolators up (remove their cgroups). One {@code bareForkExec} operation is
 * {@code new ProcessBuilder("/bin/true").start().waitFor()}.
 *
 * <pre>
 * java -cp benchmarks/target/allot-benchmarks.jar org.allot.benchmarks.CgroupsContainerBenchmark   # prints the ratio
 * java -jar benchmarks/target/allot-benchmarks.jar CgroupsContainerBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 * Needs root and writable cgroups; it uses a parent cgroup of its own ({@code allot-bench-<uuid>}) and
 * removes it at the end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CgroupsContainerBenchmark {

    private static final Resources LIMITS = Resources.parse("cpus:1;mem:64");

    private Path work;
    private CgroupsHost host;
    private CgroupsLauncher launcher;
    private List<Isolator> isolators;
    private List<Isolator> reversed;
    private final AtomicLong sequence = new AtomicLong();

    @Setup
    public void setUp() throws IOException {
        work = Files.createTempDirectory("allot-bench-");
        Hierarchy h = CgroupDetector.detect("auto", "allot-bench-" + UUID.randomUUID());
        host = new CgroupsHost(h, CgroupsSettings.defaults().withCpuHardLimit(true));
        launcher = new CgroupsLauncher(host);
        isolators = List.of(new CpuIsolator(host), new MemoryIsolator(host), new PidsIsolator(host));
        reversed = new ArrayList<>(isolators);
        Collections.reverse(reversed);
    }

    @TearDown
    public void tearDown() throws IOException {
        for (String name : host.hierarchy().containers()) {
            var cg = host.hierarchy().cgroup(name);
            cg.killAll(Signaller.sigkill(), host.killTimeout());
            cg.destroy(EnumSet.allOf(Controller.class), host.killTimeout());
        }
        List<Path> parents = host.hierarchy().parentDirectories();
        ((MemoryIsolator) isolators.get(1)).close();
        host.close();
        for (Path p : parents) {
            CgroupIo.direct().rmdir(p);
        }
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public int bareForkExec() throws Exception {
        return new ProcessBuilder("/bin/true").start().waitFor();
    }

    @Benchmark
    public Object cgroupsContainer() throws Exception {
        ContainerId id = ContainerId.of("c" + sequence.incrementAndGet());
        Path sandbox = Files.createDirectories(work.resolve(id.value()));
        Path runDir = Files.createDirectories(sandbox.resolve("run"));
        ContainerConfig config = new ContainerConfig(LIMITS, sandbox, "root", CommandInfo.shell("/bin/true"));
        for (Isolator i : isolators) {
            i.prepare(id, config).toCompletableFuture().get();
        }
        long pid = launcher.fork(id, new LaunchRequest(List.of("/bin/true"), Map.of("PATH", "/usr/bin:/bin"), sandbox,
                sandbox.resolve("stdout"), sandbox.resolve("stderr"), runDir)).toCompletableFuture().get();
        for (Isolator i : isolators) {
            i.isolate(id, pid).toCompletableFuture().get();
        }
        launcher.start(id).toCompletableFuture().get();
        Object exit = launcher.onExit(id).toCompletableFuture().get();
        launcher.destroy(id).toCompletableFuture().get();
        for (Isolator i : reversed) {
            i.cleanup(id).toCompletableFuture().get();
        }
        return exit;
    }

    /**
     * Runs both benchmarks in one JMH run and prints the cgroups rate as a share of the bare rate;
     * then, outside JMH, the CPU time each operation costs (this JVM's and its reaped descendants',
     * from /proc/self/stat), which the load of a shared machine changes much less than wall time.
     */
    public static void main(String[] args) throws Exception {
        Options opts = new OptionsBuilder().include(CgroupsContainerBenchmark.class.getName() + "\\.")
                .forks(1).warmupIterations(2).measurementIterations(5)
                .warmupTime(TimeValue.seconds(2)).measurementTime(TimeValue.seconds(3)).build();
        Collection<RunResult> results = new Runner(opts).run();
        double bare = 0;
        double cgroups = 0;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            if (name.endsWith("bareForkExec")) {
                bare = score;
            } else if (name.endsWith("cgroupsContainer")) {
                cgroups = score;
            }
        }
        System.out.printf(java.util.Locale.ROOT, "wall: bare fork/exec of /bin/true %.1f ops/s; cgroups container"
                + " create+destroy %.1f ops/s; ratio %.0f%% (goal >= 25%%)%n", bare, cgroups, 100 * cgroups / bare);

        CgroupsContainerBenchmark b = new CgroupsContainerBenchmark();
        b.setUp();
        try {
            int n = 400;
            // NOTE: enough warm-up that the JIT's own CPU time is not counted against either.
            for (int i = 0; i < 400; i++) {
                b.bareForkExec();
                b.cgroupsContainer();
            }
            double bareCpu = cpuMillisPerOp(n, b::bareForkExec);
            double cgroupsCpu = cpuMillisPerOp(n, b::cgroupsContainer);
            System.out.printf(java.util.Locale.ROOT, "cpu: bare fork/exec %.2f ms/op; cgroups container %.2f ms/op;"
                    + " ratio (bare cpu / cgroups cpu) %.0f%%%n", bareCpu, cgroupsCpu, 100 * bareCpu / cgroupsCpu);
        } finally {
            b.tearDown();
        }
    }

    private interface Op {
        Object run() throws Exception;
    }

    private static double cpuMillisPerOp(int n, Op op) throws Exception {
        long before = cpuTicks();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return (cpuTicks() - before) * 10.0 / n; // USER_HZ = 100: 10 ms per tick
    }

    /** utime + stime + cutime + cstime of this JVM, in clock ticks. */
    private static long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }
}
