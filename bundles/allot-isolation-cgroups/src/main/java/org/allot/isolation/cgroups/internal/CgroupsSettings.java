package org.allot.isolation.cgroups.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The cgroups isolation settings, immutable.
 *
 * @param cpuHardLimit     whether the cpu isolator also sets a CFS quota of the container's cpus
 * @param cfsPeriod        the CFS period of that quota
 * @param pidsMax          the pids limit of each container
 * @param oomCheckInterval how often the memory isolator checks for OOM kills
 * @param killTimeout      how long a destroy waits for the processes to die after SIGKILL
 */
public record CgroupsSettings(boolean cpuHardLimit, Duration cfsPeriod, long pidsMax, Duration oomCheckInterval,
                              Duration killTimeout) {

    public static final long DEFAULT_PIDS_MAX = 1024;

    public CgroupsSettings {
        Objects.requireNonNull(cfsPeriod, "cfsPeriod");
        long periodMicros = cfsPeriod.toNanos() / 1000;
        if (periodMicros < 1000 || periodMicros > 1_000_000) {
            throw new IllegalArgumentException("invalid cpu.cfs-period " + cfsPeriod
                    + ": the kernel accepts 1ms to 1s; 100ms is the usual value");
        }
        if (pidsMax < 1) {
            throw new IllegalArgumentException("invalid pids.max " + pidsMax
                    + ": a container needs at least 1 process");
        }
        Objects.requireNonNull(oomCheckInterval, "oomCheckInterval");
        if (oomCheckInterval.isNegative() || oomCheckInterval.isZero()) {
            throw new IllegalArgumentException("invalid oom.check-interval " + oomCheckInterval
                    + ": it must be positive");
        }
        Objects.requireNonNull(killTimeout, "killTimeout");
        if (killTimeout.isNegative() || killTimeout.isZero()) {
            throw new IllegalArgumentException("invalid kill.timeout " + killTimeout + ": it must be positive");
        }
    }

    public static CgroupsSettings defaults() {
        return new CgroupsSettings(false, Duration.ofMillis(100), DEFAULT_PIDS_MAX, Duration.ofMillis(250),
                Duration.ofSeconds(10));
    }

    public CgroupsSettings withCpuHardLimit(boolean on) {
        return new CgroupsSettings(on, cfsPeriod, pidsMax, oomCheckInterval, killTimeout);
    }

    public CgroupsSettings withPidsMax(long max) {
        return new CgroupsSettings(cpuHardLimit, cfsPeriod, max, oomCheckInterval, killTimeout);
    }

    public long cfsPeriodMicros() {
        return cfsPeriod.toNanos() / 1000;
    }
}
