package org.allot.isolation.cgroups.internal.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A container's cgroup on v2: one directory with every enabled controller's files. */
final class V2Cgroup extends Cgroup {

    private final Path dir;
    private final V2Hierarchy hierarchy;

    V2Cgroup(CgroupIo io, String name, Path dir, V2Hierarchy hierarchy) {
        super(io, name);
        this.dir = dir;
        this.hierarchy = hierarchy;
    }

    @Override
    public void create(Set<Controller> controllers) {
        for (Controller c : controllers) {
            if (!hierarchy.supports(c)) {
                throw new CgroupException("cannot create " + this + " with controller " + c.kernelName() + ": "
                        + hierarchy.parentDir() + "/cgroup.controllers does not offer it (offered: "
                        + hierarchy.controllers() + "); on a hybrid host it may be bound to a v1 hierarchy");
            }
        }
        mkdir(dir);
    }

    @Override
    public boolean exists(Controller controller) {
        return io.exists(dir) && hierarchy.supports(controller);
    }

    @Override
    public boolean exists() {
        return io.exists(dir);
    }

    @Override
    public List<Path> procsFiles() {
        return io.exists(dir) ? List.of(dir.resolve("cgroup.procs")) : List.of();
    }

    @Override
    public void addProcess(long pid) {
        write(dir.resolve("cgroup.procs"), Long.toString(pid));
    }

    @Override
    public Set<Long> processes() {
        return readPids(dir.resolve("cgroup.procs"));
    }

    @Override
    public void setCpuShares(double cpus) {
        write(dir.resolve("cpu.weight"), Long.toString(CgroupFiles.v2Weight(cpus)));
    }

    @Override
    public void setCpuLimit(double cpus, long periodMicros) {
        String quota = cpus <= 0 ? "max"
                : Long.toString(Math.max(MIN_CFS_QUOTA_MICROS, Math.round(cpus * periodMicros)));
        write(dir.resolve("cpu.max"), quota + " " + periodMicros);
    }

    @Override
    public void setMemoryLimit(long bytes) {
        write(dir.resolve("memory.max"), Long.toString(bytes));
    }

    @Override
    public void setPidsLimit(long max) {
        write(dir.resolve("pids.max"), max == CgroupFiles.UNLIMITED ? "max" : Long.toString(max));
    }

    @Override
    public CpuUsage cpuUsage() {
        // cpu.stat is a core file: usage_usec, user_usec, system_usec always; throttling with the cpu controller.
        Map<String, Long> stat = readKeyed(dir.resolve("cpu.stat"));
        return new CpuUsage(stat.getOrDefault("usage_usec", 0L) * 1000, stat.getOrDefault("user_usec", 0L) * 1000,
                stat.getOrDefault("system_usec", 0L) * 1000, stat.getOrDefault("throttled_usec", 0L) * 1000,
                stat.getOrDefault("nr_throttled", 0L));
    }

    @Override
    public MemoryUsage memoryUsage() {
        long current = readLong(dir.resolve("memory.current"));
        Map<String, Long> stat = readKeyed(dir.resolve("memory.stat"));
        // memory.peak exists since Linux 5.19.
        Path peakFile = dir.resolve("memory.peak");
        long peak = io.exists(peakFile) ? readLong(peakFile) : current;
        Map<String, Long> events = readKeyed(dir.resolve("memory.events"));
        return new MemoryUsage(current, stat.getOrDefault("anon", 0L), Math.max(peak, current),
                readLong(dir.resolve("memory.max")), events.getOrDefault("oom_kill", 0L),
                events.getOrDefault("max", 0L));
    }

    @Override
    public PidsUsage pidsUsage() {
        return new PidsUsage(readLong(dir.resolve("pids.current")), readLong(dir.resolve("pids.max")),
                readKeyed(dir.resolve("pids.events")).getOrDefault("max", 0L));
    }

    /**
     * NOTE: {@code cgroup.kill} (Linux 5.14) SIGKILLs every process of the cgroup and its
     * descendants in the kernel, racing no fork. Older kernels: freeze through {@code cgroup.freeze},
     * SIGKILL what {@code cgroup.procs} lists, thaw.
     */
    @Override
    public int killAll(Signaller signaller, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path kill = dir.resolve("cgroup.kill");
        int signalled = 0;
        while (true) {
            Set<Long> pids = processes();
            if (pids.isEmpty()) {
                return signalled;
            }
            if (System.nanoTime() > deadline) {
                throw new CgroupException("processes " + pids + " of " + this + " are still alive " + timeout.toMillis()
                        + " ms after SIGKILL (stuck in the kernel, e.g. in uninterruptible I/O)");
            }
            if (io.exists(kill)) {
                write(kill, "1");
            } else {
                Path freeze = dir.resolve("cgroup.freeze");
                write(freeze, "1");
                Path events = dir.resolve("cgroup.events");
                await(() -> readKeyed(events).getOrDefault("frozen", 0L) == 1,
                        Math.min(deadline, System.nanoTime() + Duration.ofMillis(500).toNanos()));
                pids = processes();
                pids.forEach(signaller::kill);
                write(freeze, "0");
            }
            signalled += pids.size();
            await(() -> processes().isEmpty(),
                    Math.min(deadline, System.nanoTime() + Duration.ofMillis(200).toNanos()));
        }
    }

    @Override
    public void destroy(Set<Controller> controllers, Duration timeout) {
        if (io.exists(dir)) {
            rmdir(dir, System.nanoTime() + timeout.toNanos());
        }
    }

    @Override
    public String toString() {
        return "cgroup " + dir;
    }
}
