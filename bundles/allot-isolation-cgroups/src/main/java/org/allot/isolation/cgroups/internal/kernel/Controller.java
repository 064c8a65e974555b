package org.allot.isolation.cgroups.internal.kernel;

/**
 * The cgroup controllers Allot uses, by their kernel names. On v2, {@link #CPUACCT} and
 * {@link #FREEZER} are part of the core ({@code cpu.stat}, {@code cgroup.freeze}, {@code cgroup.kill})
 * rather than controllers of their own.
 */
public enum Controller {
    CPU("cpu"),
    CPUACCT("cpuacct"),
    MEMORY("memory"),
    PIDS("pids"),
    FREEZER("freezer");

    private final String kernelName;

    Controller(String kernelName) {
        this.kernelName = kernelName;
    }

    /** The name in {@code /proc/self/mounts} options (v1) and {@code cgroup.controllers} (v2). */
    public String kernelName() {
        return kernelName;
    }

    /** Whether v2 lists it in {@code cgroup.controllers}; cpuacct and freezer are core files there. */
    public boolean isV2Controller() {
        return this == CPU || this == MEMORY || this == PIDS;
    }
}
