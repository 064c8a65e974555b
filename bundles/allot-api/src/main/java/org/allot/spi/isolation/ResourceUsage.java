package org.allot.spi.isolation;

import java.time.Instant;
import java.util.Objects;

/**
 * A container's resource usage at one moment, as {@link Isolator}s measured it. CPU times are
 * cumulative since the container started, so a rate is the difference of two samples over the
 * difference of their timestamps. A field an isolator does not measure is {@link #NOT_MEASURED}
 * (-1); {@link #merge} combines the answers of a container's isolators.
 *
 * @param timestamp           when the sample was taken
 * @param cpuUserSeconds      CPU time spent in user mode by all the container's processes
 * @param cpuSystemSeconds    CPU time spent in the kernel on their behalf
 * @param cpuThrottledSeconds time the container was kept off the CPU by a hard limit (CFS quota)
 * @param memRssBytes         resident memory now
 * @param memPeakBytes        the most memory used at once since the container started
 * @param processes           the number of live processes (and threads, where the kernel counts
 *                            them together, as the pids controller does)
 */
public record ResourceUsage(Instant timestamp, double cpuUserSeconds, double cpuSystemSeconds,
                            double cpuThrottledSeconds, long memRssBytes, long memPeakBytes, long processes) {

    /** The value of a field that was not measured. */
    public static final int NOT_MEASURED = -1;

    public ResourceUsage {
        Objects.requireNonNull(timestamp, "timestamp");
        checkSeconds("cpuUserSeconds", cpuUserSeconds);
        checkSeconds("cpuSystemSeconds", cpuSystemSeconds);
        checkSeconds("cpuThrottledSeconds", cpuThrottledSeconds);
        checkCount("memRssBytes", memRssBytes);
        checkCount("memPeakBytes", memPeakBytes);
        checkCount("processes", processes);
    }

    /** Nothing measured. */
    public static ResourceUsage none(Instant timestamp) {
        return new ResourceUsage(timestamp, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED,
                NOT_MEASURED);
    }

    /**
     * This sample, with each field not measured here taken from {@code later}; the timestamp is the
     * later of the two. The agent merges its isolators' samples in list order.
     */
    public ResourceUsage merge(ResourceUsage later) {
        return new ResourceUsage(timestamp.isAfter(later.timestamp) ? timestamp : later.timestamp,
                pick(cpuUserSeconds, later.cpuUserSeconds), pick(cpuSystemSeconds, later.cpuSystemSeconds),
                pick(cpuThrottledSeconds, later.cpuThrottledSeconds), pick(memRssBytes, later.memRssBytes),
                pick(memPeakBytes, later.memPeakBytes), pick(processes, later.processes));
    }

    /** Whether {@code value} (a field of a usage) was measured. */
    public static boolean measured(double value) {
        return value != NOT_MEASURED;
    }

    private static double pick(double mine, double theirs) {
        return mine != NOT_MEASURED ? mine : theirs;
    }

    private static long pick(long mine, long theirs) {
        return mine != NOT_MEASURED ? mine : theirs;
    }

    private static void checkSeconds(String name, double v) {
        if (v != NOT_MEASURED && !(v >= 0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("invalid " + name + " " + v
                    + ": it must be finite and non-negative, or NOT_MEASURED (-1)");
        }
    }

    private static void checkCount(String name, long v) {
        if (v < NOT_MEASURED) {
            throw new IllegalArgumentException("invalid " + name + " " + v
                    + ": it must be non-negative, or NOT_MEASURED (-1)");
        }
    }
}
