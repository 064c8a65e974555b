package org.allot.benchmarks.policy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * CPU time of the benchmark thread over the measured calls, beside JMH's wall-clock score: on the
 * shared 2-core build machine the wall clock grows with the other builds' load, the thread's CPU
 * time much less. Start and stop around what JMH times; {@link #report} prints the mean.
 */
final class CpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long started;
    private long total;
    private long wallStarted;
    private long wallTotal;
    private int calls;

    void start() {
        wallStarted = System.nanoTime();
        started = THREADS.getCurrentThreadCpuTime();
    }

    void stop() {
        total += THREADS.getCurrentThreadCpuTime() - started;
        wallTotal += System.nanoTime() - wallStarted;
        calls++;
    }

    /** Prints the mean CPU and wall time per call since the last report, then starts over. */
    void report(String what) {
        if (calls > 0) {
            System.out.printf(Locale.ROOT, "  (%s: cpu %.2f ms, wall %.2f ms per call over %d calls)%n", what,
                    total / 1e6 / calls, wallTotal / 1e6 / calls, calls);
        }
        total = 0;
        wallTotal = 0;
        calls = 0;
    }
}
