package org.allot.spi.isolation;

import java.time.Instant;
import java.util.Objects;

/**
 * A container's resource usage at one moment, as an {@link Isolator} measured it. CPU times are
 * cumulative since the container started, so a rate is the difference of two samples over the
 * difference of their timestamps.
 *
 * @param cpuUserSeconds   CPU time spent in user mode by all the container's processes
 * @param cpuSystemSeconds CPU time spent in the kernel on their behalf
 * @param rssBytes         resident memory now
 * @param timestamp        when the sample was taken
 */
public record ResourceUsage(double cpuUserSeconds, double cpuSystemSeconds, long rssBytes, Instant timestamp) {

    public ResourceUsage {
        if (!(cpuUserSeconds >= 0) || !(cpuSystemSeconds >= 0) || Double.isInfinite(cpuUserSeconds)
                || Double.isInfinite(cpuSystemSeconds)) {
            throw new IllegalArgumentException("invalid cpu times user=" + cpuUserSeconds + " system="
                    + cpuSystemSeconds + ": they must be finite and non-negative");
        }
        if (rssBytes < 0) {
            throw new IllegalArgumentException("invalid rss " + rssBytes + " bytes: it must be non-negative");
        }
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
