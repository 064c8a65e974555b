package org.allot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Companion of {@link ContainerBenchmark} for a shared machine: per isolation, the CPU time one
 * create-and-destroy costs (this JVM's and its reaped descendants', from {@code /proc/self/stat}),
 * which other builds on the cores change much less than wall time, and the wall time of the same
 * loop; each as a ratio against {@code bare} measured in the same run.
 *
 * <pre>
 * java -cp benchmarks/target/allot-benchmarks.jar org.allot.benchmarks.ContainerCpuCost [n] [isolation...]
 * </pre>
 * Defaults: 400 operations (after 400 of warm-up, so the JIT's own CPU is not counted), bare, posix, cgroups.
 */
public final class ContainerCpuCost {

    private ContainerCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        List<String> isolations = new ArrayList<>(List.of("bare", "posix", "cgroups"));
        if (args.length > 1) {
            isolations = List.of(args).subList(1, args.length);
        }
        double bareCpu = 0;
        double bareWall = 0;
        for (String isolation : isolations) {
            ContainerBenchmark b = new ContainerBenchmark();
            b.isolation = isolation;
            b.setUp();
            try {
                for (int i = 0; i < n; i++) {
                    b.createAndDestroy();
                }
                long ticks = cpuTicks();
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    b.createAndDestroy();
                }
                double wall = (System.nanoTime() - start) / 1e6 / n;
                double cpu = (cpuTicks() - ticks) * 10.0 / n; // USER_HZ = 100: 10 ms per tick
                if (isolation.equals("bare")) {
                    bareCpu = cpu;
                    bareWall = wall;
                }
                System.out.printf(Locale.ROOT, "%-8s cpu %.2f ms/op (bare/this %.0f%%)   wall %.2f ms/op"
                        + " (bare/this %.0f%%)%n", isolation, cpu, bareCpu > 0 ? 100 * bareCpu / cpu : 0, wall,
                        bareWall > 0 ? 100 * bareWall / wall : 0);
            } finally {
                b.tearDown();
            }
        }
    }

    /** utime + stime + cutime + cstime of this JVM, in clock ticks. */
    private static long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }
}
