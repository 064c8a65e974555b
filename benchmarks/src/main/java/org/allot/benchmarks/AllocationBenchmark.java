package org.allot.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an allocation pass of the real master costs when frameworks decline everything, on a manual clock
 * and without a network or threads (see {@link AllocationScenario}): the DRF allocator and the decline
 * filter, agents of {@value AllocationScenario#AGENT_RESOURCES_TEXT}, frameworks that decline every offer
 * for a day. Per shape (agents x frameworks) it prints:
 * <ul>
 *   <li><b>register</b>: the N agents registered one by one (each RegisterAgent and the pass it triggers),
 *       with DRF bound and with no allocator;</li>
 *   <li><b>steady state</b>: the F frameworks subscribed, then every offer declined (one Decline per
 *       framework per pass) until a pass makes none, i.e. every framework declined every agent;</li>
 *   <li><b>pass</b>: the mean of P passes on the allocation timer in that steady state;</li>
 *   <li><b>decline</b>: the mean of D declines of one offer each, with the pass each triggers, while every
 *       other agent is free and declined by everyone (the last framework revives, is offered every agent,
 *       declines all but D at once, then the D one at a time).</li>
 * </ul>
 * Each figure comes in wall-clock time and in CPU time of the calling thread (the master's loop, so all of
 * the master's work but GC), which is the one to compare on shared cores.
 * <pre>
 *   java -cp benchmarks/target/allot-benchmarks.jar org.allot.benchmarks.AllocationBenchmark
 *        [--shapes 100x10,1000x100] [--budget-seconds 120] [--max-minutes 25] [--passes 3] [--declines 20]
 *        [--warmup 300x30 | --warmup none]
 * </pre>
 * Every measurement has the time budget; one that runs out prints {@code > budget} (or its mean so far
 * with a {@code *} when some passes or declines completed), and those that need its state print {@code -}.
 * Once the whole run has taken {@code --max-minutes}, the remaining measurements print {@code skipped}.
 * Shapes run in the order given, in one JVM, after an unreported warm-up shape (the JIT).
 * Exits 0, 1 if the master answered a peer with an error, 2 on a bad command line.
 *
 * <p>Single-threaded: the main thread is the master's event loop.
 */
public final class AllocationBenchmark {

    static final String DEFAULT_SHAPES = "100x10,1000x100,1000x1000,10000x100,10000x1000";
    static final int DEFAULT_BUDGET_SECONDS = 120;
    static final int DEFAULT_MAX_MINUTES = 25;
    static final int DEFAULT_PASSES = 3;
    static final int DEFAULT_DECLINES = 20;
    /** Measured first and not reported, so that the first shape does not pay for the JIT (4 to 6 times slower). */
    static final String DEFAULT_WARMUP = "300x30";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long budgetNanos;
    private final long runDeadline;
    private final int passes;
    private final int declines;
    private final List<String> problems = new ArrayList<>();

    private AllocationBenchmark(Duration budget, Duration maxRun, int passes, int declines) {
        this.budgetNanos = budget.toNanos();
        this.runDeadline = System.nanoTime() + maxRun.toNanos();
        this.passes = passes;
        this.declines = declines;
    }

    public static void main(String[] args) {
        List<Shape> shapes;
        List<Shape> warmup;
        AllocationBenchmark bench;
        try {
            String shapeText = DEFAULT_SHAPES;
            int budget = DEFAULT_BUDGET_SECONDS;
            int maxMinutes = DEFAULT_MAX_MINUTES;
            int passes = DEFAULT_PASSES;
            int declines = DEFAULT_DECLINES;
            String warmupText = DEFAULT_WARMUP;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--shapes" -> shapeText = value(args, ++i);
                    case "--budget-seconds" -> budget = positive("--budget-seconds", value(args, ++i));
                    case "--max-minutes" -> maxMinutes = positive("--max-minutes", value(args, ++i));
                    case "--passes" -> passes = positive("--passes", value(args, ++i));
                    case "--declines" -> declines = positive("--declines", value(args, ++i));
                    case "--warmup" -> warmupText = value(args, ++i);
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            shapes = Shape.parseAll(shapeText);
            warmup = "none".equals(warmupText) ? List.of() : Shape.parseAll(warmupText);
            bench = new AllocationBenchmark(Duration.ofSeconds(budget), Duration.ofMinutes(maxMinutes), passes,
                    declines);
            System.out.printf(Locale.ROOT, "AllocationBenchmark: agents of %s, frameworks decline everything for %.0f s;"
                    + " DRF, declines in the master, on a manual clock; budget %d s per measurement, run limit %d min;"
                    + " %d core(s), %s%n", AllocationScenario.AGENT_RESOURCES_TEXT, AllocationScenario.REFUSE_SECONDS,
                    budget, maxMinutes, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        } catch (IllegalArgumentException e) {
            System.err.println("AllocationBenchmark: " + e.getMessage());
            System.err.println("usage: AllocationBenchmark [--shapes AxF,...] [--budget-seconds S] [--max-minutes M]"
                    + " [--passes P] [--declines D] [--warmup AxF|none]  (defaults: --shapes " + DEFAULT_SHAPES + " --budget-seconds "
                    + DEFAULT_BUDGET_SECONDS + " --max-minutes " + DEFAULT_MAX_MINUTES + " --passes " + DEFAULT_PASSES
                    + " --declines " + DEFAULT_DECLINES + " --warmup " + DEFAULT_WARMUP + ")");
            System.exit(2);
            return;
        }
        for (Shape shape : warmup) {
            System.out.println("warm-up (not reported) " + bench.measure(shape).detail());
        }
        List<Row> rows = new ArrayList<>();
        for (Shape shape : shapes) {
            Row row = bench.measure(shape);
            rows.add(row);
            System.out.println(row.detail());
        }
        System.out.println();
        System.out.println(Row.HEADER);
        rows.forEach(r -> System.out.println(r.line()));
        bench.problems.forEach(p -> System.out.println("problem: " + p));
        System.exit(bench.problems.isEmpty() ? 0 : 1);
    }

    private Row measure(Shape shape) {
        Measurement registerNone;
        try (AllocationScenario s = new AllocationScenario(false)) {
            registerNone = once(s, () -> s.registerAgents(shape.agents()));
        }
        try (AllocationScenario s = new AllocationScenario(true)) {
            Measurement registerDrf = once(s, () -> s.registerAgents(shape.agents()));
            int registered = s.agentsRegistered();
            Measurement steady = registerDrf.complete()
                    ? once(s, () -> s.subscribeAndDeclineEverything(shape.frameworks()))
                    : Measurement.NOT_REACHED;
            long declinedInSetup = s.declined();
            long expected = (long) shape.agents() * shape.frameworks();
            if (steady.complete() && declinedInSetup != expected) {
                problems.add(shape + ": " + declinedInSetup + " offers declined to reach the steady state, not "
                        + expected + " (agents x frameworks)");
            }
            long[] offers = new long[1];
            Measurement pass = steady.complete()
                    ? repeated(s, passes, () -> { }, () -> offers[0] += s.intervalPass())
                    : Measurement.NOT_REACHED;
            int d = Math.min(declines, Math.max(1, shape.agents() / 10));
            Measurement decline = pass.complete()
                    ? repeated(s, d, () -> s.reviveLastAndKeep(d), () -> offers[0] += s.declineOneHeld())
                    : Measurement.NOT_REACHED;
            if (offers[0] > 0) {
                problems.add(shape + ": " + offers[0] + " offer(s) made in the steady state, where every framework"
                        + " has declined every agent");
            }
            s.errors().forEach(e -> problems.add(shape + ": the master sent an error to " + e));
            return new Row(shape, registerDrf, registered, registerNone, steady, s.setupPasses(), declinedInSetup,
                    expected, pass, decline);
        }
    }

    /** One timed step within the budget. */
    private Measurement once(AllocationScenario s, Runnable step) {
        return repeated(s, 1, () -> { }, step);
    }

    /** An untimed preparation, then {@code times} timed steps, all within one budget; the mean of those done. */
    private Measurement repeated(AllocationScenario s, int times, Runnable prepare, Runnable step) {
        long now = System.nanoTime();
        long left = runDeadline - now;
        if (left <= 0) {
            return Measurement.SKIPPED;
        }
        s.budget(now + Math.min(budgetNanos, left));
        long total = 0;
        long cpu = 0;
        int done = 0;
        try {
            prepare.run();
            for (; done < times; done++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                step.run();
                total += System.nanoTime() - t0;
                cpu += threads.getCurrentThreadCpuTime() - c0;
            }
            return new Measurement(Measurement.Status.DONE, total, cpu, done, times);
        } catch (BudgetGuard.Exhausted e) {
            return new Measurement(Measurement.Status.OVER_BUDGET, total, cpu, done, times);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    static int positive(String what, String text) {
        int n;
        try {
            n = Integer.parseInt(text.strip().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a positive whole number, not '" + text + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be positive, not " + n);
        }
        return n;
    }

    /** Agents x frameworks, e.g. {@code 1000x100}. */
    record Shape(int agents, int frameworks) {

        static List<Shape> parseAll(String text) {
            List<Shape> out = new ArrayList<>();
            for (String part : text.split(",")) {
                String[] af = part.strip().toLowerCase(Locale.ROOT).split("x");
                if (af.length != 2) {
                    throw new IllegalArgumentException("a shape is AGENTSxFRAMEWORKS, e.g. 1000x100, not '" + part + "'");
                }
                out.add(new Shape(positive("agents in " + part, af[0]), positive("frameworks in " + part, af[1])));
            }
            return out;
        }

        @Override
        public String toString() {
            return agents + "x" + frameworks;
        }
    }

    /**
     * Timed steps done of those wanted, their total wall-clock time and the harness thread's CPU time (the
     * master's whole work, since the thread is its loop; without GC), and how the measurement ended.
     */
    record Measurement(Status status, long totalNanos, long cpuNanos, int done, int wanted) {

        static final Measurement SKIPPED = new Measurement(Status.SKIPPED, 0, 0, 0, 0);
        static final Measurement NOT_REACHED = new Measurement(Status.NOT_REACHED, 0, 0, 0, 0);

        enum Status { DONE, OVER_BUDGET, SKIPPED, NOT_REACHED }

        boolean complete() {
            return status == Status.DONE;
        }

        /** The mean step's wall-clock time in {@code unit} (e.g. 1e6 for ms), {@code *} when only some were done. */
        String cell(double unit) {
            return cell(totalNanos, unit);
        }

        /** The mean step's CPU time, like {@link #cell(double)}. */
        String cpuCell(double unit) {
            return cell(cpuNanos, unit);
        }

        private String cell(long nanos, double unit) {
            return switch (status) {
                case DONE -> String.format(Locale.ROOT, "%.2f", nanos / (double) done / unit);
                case OVER_BUDGET -> done == 0 ? "> budget"
                        : String.format(Locale.ROOT, "%.2f*", nanos / (double) done / unit);
                case SKIPPED -> "skipped";
                case NOT_REACHED -> "-";
            };
        }

        /** The cell with {@code unit} after it when it is a figure, e.g. {@code 1.25 s} but {@code > budget}. */
        String cell(double scale, String unit) {
            String cell = cell(scale);
            return Character.isDigit(cell.charAt(0)) ? cell + " " + unit : cell;
        }

        /** E.g. {@code 3 of 3}, or why there is no figure. */
        String count() {
            return switch (status) {
                case DONE, OVER_BUDGET -> done + " of " + wanted;
                case SKIPPED -> "skipped (run limit)";
                case NOT_REACHED -> "not run (no steady state)";
            };
        }
    }

    /** One shape's figures. */
    record Row(Shape shape, Measurement registerDrf, int registeredWithDrf, Measurement registerNone,
            Measurement steady, int setupPasses, long declined, long expectedDeclines, Measurement pass,
            Measurement decline) {

        private static final String FORMAT = "%-11s %14s %15s %14s %12s %7s %10s %12s %14s %16s";
        static final String HEADER = String.format(Locale.ROOT, FORMAT, "agents x fw", "register DRF s",
                "register none s", "steady state s", "(cpu s)", "passes", "pass ms", "(cpu ms)", "per decline ms",
                "(cpu ms)");

        String line() {
            return String.format(Locale.ROOT, FORMAT, shape, registerDrf.cell(1e9), registerNone.cell(1e9),
                    steady.cell(1e9), steady.cpuCell(1e9), steady.complete() ? Integer.toString(setupPasses) : "-",
                    pass.cell(1e6), pass.cpuCell(1e6), decline.cell(1e6), decline.cpuCell(1e6));
        }

        String detail() {
            return String.format(Locale.ROOT, "%s: register with DRF %s (%d agents; cpu %s), without allocator %s;"
                    + " steady state %s (cpu %s; %d passes, %d of %d declines); interval passes %s, mean %s (cpu %s);"
                    + " declines %s, mean %s (cpu %s)", shape, registerDrf.cell(1e9, "s"), registeredWithDrf,
                    registerDrf.cpuCell(1e9), registerNone.cell(1e9, "s"), steady.cell(1e9, "s"), steady.cpuCell(1e9),
                    setupPasses, declined, expectedDeclines, pass.count(), pass.cell(1e6, "ms"), pass.cpuCell(1e6),
                    decline.count(), decline.cell(1e6, "ms"), decline.cpuCell(1e6));
        }
    }
}
