package org.allot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.allot.api.CommandInfo;
import org.allot.api.Resources;
import org.allot.isolation.posix.internal.PosixIsolator;
import org.allot.isolation.posix.internal.PosixLauncher;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerExit;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.LaunchRequest;
import org.allot.spi.isolation.Launcher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Container create-and-destroy of {@code /bin/true} through a launcher and its isolators, the way
 * the agent drives them (prepare in order, fork, isolate in order, start, wait for the exit,
 * destroy, clean up in reverse), against a bare fork/exec of {@code /bin/true} from Java
 * ({@code isolation=bare}) in the same run. The ratio of the two throughputs is the figure.
 *
 * <p>Run {@code java -jar benchmarks/target/allot-benchmarks.jar ContainerBenchmark -f 1 -wi 2 -i 3}.
 * To add an isolation, add an entry to {@link #ISOLATIONS} and its name to the {@code @Param}
 * list (or pass {@code -p isolation=bare,posix,<yours>}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class ContainerBenchmark {

    /** A launcher and its ordered isolators, made fresh for one benchmark trial, and how to release them. */
    public record IsolationSet(Launcher launcher, List<Isolator> isolators, AutoCloseable release) {

        public IsolationSet(Launcher launcher, List<Isolator> isolators) {
            this(launcher, isolators, () -> { });
        }
    }

    /** The isolations the benchmark knows, by {@code @Param} name; {@code bare} is the baseline. */
    public static final Map<String, Supplier<IsolationSet>> ISOLATIONS = Map.of(
            "posix", () -> new IsolationSet(new PosixLauncher(), List.of(new PosixIsolator())),
            "cgroups", CgroupsIsolation::create);

    private static final Resources LIMITS = Resources.parse("cpus:0.1;mem:32");
    private static final CommandInfo TRUE = CommandInfo.argv(List.of("/bin/true"));

    @Param({"bare", "posix", "cgroups"})
    public String isolation;

    private IsolationSet set;
    private Path root;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory("allot-container-bench");
        if (!isolation.equals("bare")) {
            Supplier<IsolationSet> factory = ISOLATIONS.get(isolation);
            if (factory == null) {
                throw new IllegalArgumentException("unknown isolation '" + isolation + "': use bare or one of "
                        + ISOLATIONS.keySet());
            }
            set = factory.get();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (set != null) {
            set.release().close();
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public int createAndDestroy() throws Exception {
        if (set == null) {
            Process p = new ProcessBuilder("/bin/true").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor();
        }
        ContainerId id = ContainerId.of(UUID.randomUUID().toString());
        Path sandbox = Files.createDirectories(root.resolve(id.value()));
        ContainerConfig config = new ContainerConfig(LIMITS, sandbox, "nobody", TRUE);
        List<String> argv = new ArrayList<>();
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin"));
        for (Isolator i : set.isolators()) {
            ContainerLaunch d = get(i.prepare(id, config));
            argv.addAll(d.argvPrefix());
            env.putAll(d.environment());
        }
        argv.addAll(TRUE.toExecArgv());
        long pid = get(set.launcher().fork(id, new LaunchRequest(argv, env, sandbox, sandbox.resolve("stdout"),
                sandbox.resolve("stderr"), root.resolve("run").resolve(id.value()))));
        for (Isolator i : set.isolators()) {
            get(i.isolate(id, pid));
        }
        get(set.launcher().start(id));
        ContainerExit exit = get(set.launcher().onExit(id));
        get(set.launcher().destroy(id));
        for (int k = set.isolators().size() - 1; k >= 0; k--) {
            get(set.isolators().get(k).cleanup(id));
        }
        return exit.status().orElse(-1);
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
