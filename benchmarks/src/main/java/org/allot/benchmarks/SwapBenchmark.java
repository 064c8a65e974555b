package org.allot.benchmarks;

import java.util.Locale;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.allocator.priority.internal.PriorityAllocator;
import org.allot.spi.allocation.Allocator;

/**
 * How long a hot swap of the allocator takes (issue 7: "measure how long a switch takes with 10,000
 * agents"), on the real master with a manual clock and no network ({@link AllocationScenario}): N
 * agents of {@value AllocationScenario#AGENT_RESOURCES_TEXT} and F frameworks that declined every
 * agent. A swap is what {@code allot:allocator-use} sets off: the old allocator paused, the new one
 * reset and resumed, and the full pass that follows (every agent shown to the new policy). It
 * alternates DRF and strict priority, interleaved with interval passes of the same master (the
 * baseline), and prints both means: a swap costs no more than a full pass, as nothing is copied or
 * re-seeded (the engine keeps the books; the new policy only decides the next pass). NOTE: in this
 * steady state every agent is declined by every framework, so a full pass skips every agent in
 * O(1) each and does not call the policy; what is left is the swap's own cost.
 * <pre>
 *   java -cp benchmarks/target/allot-benchmarks.jar org.allot.benchmarks.SwapBenchmark [--shapes 1000x10,10000x10] [--swaps 20]
 * </pre>
 * Single-threaded: the main thread is the master's event loop.
 */
public final class SwapBenchmark {

    private SwapBenchmark() {
    }

    public static void main(String[] args) {
        String shapes = "1000x10,10000x10";
        int swaps = 20;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--shapes" -> shapes = args[i + 1];
                case "--swaps" -> swaps = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("usage: SwapBenchmark [--shapes AxF,...] [--swaps N]");
                    System.exit(2);
                }
            }
        }
        measure(2000, 10, 20); // warm-up (the JIT), not reported
        System.out.println("agents  frameworks  interval pass (ms)  swap + first pass (ms)  ratio");
        for (String shape : shapes.split(",")) {
            String[] af = shape.strip().split("x");
            double[] r = measure(Integer.parseInt(af[0]), Integer.parseInt(af[1]), swaps);
            System.out.printf(Locale.ROOT, "%6s  %10s  %18.2f  %22.2f  %5.2f%n", af[0], af[1], r[0], r[1], r[1] / r[0]);
        }
    }

    /** Mean interval pass and mean swap, in ms. */
    private static double[] measure(int agents, int frameworks, int swaps) {
        try (AllocationScenario s = new AllocationScenario(true)) {
            s.registerAgents(agents);
            s.subscribeAndDeclineEverything(frameworks);
            long passNanos = 0;
            long swapNanos = 0;
            for (int i = 0; i < swaps; i++) {
                long t0 = System.nanoTime();
                s.intervalPass();
                passNanos += System.nanoTime() - t0;
                Allocator next = i % 2 == 0 ? new PriorityAllocator() : new DrfAllocator();
                t0 = System.nanoTime();
                long offers = s.swapTo(next);
                swapNanos += System.nanoTime() - t0;
                if (offers != 0) {
                    throw new IllegalStateException("a swap made " + offers + " offers: it forgot the declines");
                }
            }
            return new double[] {passNanos / 1e6 / swaps, swapNanos / 1e6 / swaps};
        }
    }
}
