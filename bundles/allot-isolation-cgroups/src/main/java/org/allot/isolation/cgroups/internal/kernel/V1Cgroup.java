package org.allot.isolation.cgroups.internal.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A container's cgroup on v1: one directory per mounted controller. */
final class V1Cgroup extends Cgroup {

    /** USER_HZ of cpuacct.stat; 100 on every Linux port that matters. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final V1Hierarchy hierarchy;

    V1Cgroup(CgroupIo io, String name, V1Hierarchy hierarchy) {
        super(io, name);
        this.hierarchy = hierarchy;
    }

    @Override
    public void create(Set<Controller> controllers) {
        for (Controller c : controllers) {
            if (!hierarchy.supports(c)) {
                throw new CgroupException("cannot create " + this + " for controller " + c.kernelName()
                        + ": it is not mounted (mounted: " + hierarchy.controllers() + ")");
            }
        }
        hierarchy.dirs(controllers, name).forEach(this::mkdir);
    }

    @Override
    public boolean exists(Controller controller) {
        Path d = hierarchy.dir(controller, name);
        return d != null && io.exists(d);
    }

    @Override
    public boolean exists() {
        return !existing().isEmpty();
    }

    @Override
    public List<Path> procsFiles() {
        List<Path> files = new ArrayList<>();
        existing().forEach(d -> files.add(d.resolve("cgroup.procs")));
        return files;
    }

    @Override
    public void addProcess(long pid) {
        for (Path f : procsFiles()) {
            write(f, Long.toString(pid));
        }
    }

    @Override
    public Set<Long> processes() {
        Set<Long> pids = new LinkedHashSet<>();
        existing().forEach(d -> pids.addAll(readPids(d.resolve("cgroup.procs"))));
        return pids;
    }

    @Override
    public void setCpuShares(double cpus) {
        write(file(Controller.CPU, "cpu.shares"), Long.toString(CgroupFiles.v1Shares(cpus)));
    }

    @Override
    public void setCpuLimit(double cpus, long periodMicros) {
        if (cpus <= 0) {
            write(file(Controller.CPU, "cpu.cfs_quota_us"), "-1");
            return;
        }
        write(file(Controller.CPU, "cpu.cfs_period_us"), Long.toString(periodMicros));
        long quota = Math.max(MIN_CFS_QUOTA_MICROS, Math.round(cpus * periodMicros));
        write(file(Controller.CPU, "cpu.cfs_quota_us"), Long.toString(quota));
    }

    @Override
    public void setMemoryLimit(long bytes) {
        write(file(Controller.MEMORY, "memory.limit_in_bytes"), Long.toString(bytes));
    }

    @Override
    public void setPidsLimit(long max) {
        write(file(Controller.PIDS, "pids.max"), max == CgroupFiles.UNLIMITED ? "max" : Long.toString(max));
    }

    @Override
    public CpuUsage cpuUsage() {
        long usage = readLong(file(Controller.CPUACCT, "cpuacct.usage"));
        Map<String, Long> stat = readKeyed(file(Controller.CPUACCT, "cpuacct.stat"));
        long throttled = 0;
        long periods = 0;
        if (exists(Controller.CPU)) {
            Map<String, Long> cpu = readKeyed(file(Controller.CPU, "cpu.stat"));
            throttled = cpu.getOrDefault("throttled_time", 0L);
            periods = cpu.getOrDefault("nr_throttled", 0L);
        }
        return new CpuUsage(usage, stat.getOrDefault("user", 0L) * NANOS_PER_TICK,
                stat.getOrDefault("system", 0L) * NANOS_PER_TICK, throttled, periods);
    }

    @Override
    public MemoryUsage memoryUsage() {
        long current = readLong(file(Controller.MEMORY, "memory.usage_in_bytes"));
        Map<String, Long> stat = readKeyed(file(Controller.MEMORY, "memory.stat"));
        long rss = stat.getOrDefault("total_rss", stat.getOrDefault("rss", 0L));
        long peak = readLong(file(Controller.MEMORY, "memory.max_usage_in_bytes"));
        String limitFile = file(Controller.MEMORY, "memory.limit_in_bytes").toString();
        long limit = CgroupFiles.v1MemoryLimit(read(Path.of(limitFile)), limitFile);
        Map<String, Long> oom = readKeyed(file(Controller.MEMORY, "memory.oom_control"));
        long failcnt = readLong(file(Controller.MEMORY, "memory.failcnt"));
        return new MemoryUsage(current, rss, Math.max(peak, current), limit, oom.getOrDefault("oom_kill", 0L), failcnt);
    }

    @Override
    public PidsUsage pidsUsage() {
        long current = readLong(file(Controller.PIDS, "pids.current"));
        long limit = readLong(file(Controller.PIDS, "pids.max"));
        long refusals = readKeyed(file(Controller.PIDS, "pids.events")).getOrDefault("max", 0L);
        return new PidsUsage(current, limit, refusals);
    }

    /**
     * NOTE: with the freezer, no process can fork between the read of cgroup.procs and the kill:
     * freeze, list, SIGKILL each, thaw (the signals are delivered on thaw). Without it, repeat
     * list-and-kill rounds until nothing is left, which a fast fork bomb may outrun until its pids
     * limit stops it.
     */
    @Override
    public int killAll(Signaller signaller, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int signalled = 0;
        Path freezer = hierarchy.dir(Controller.FREEZER, name);
        boolean freeze = freezer != null && io.exists(freezer);
        while (true) {
            Set<Long> pids = processes();
            if (pids.isEmpty()) {
                return signalled;
            }
            if (System.nanoTime() > deadline) {
                throw new CgroupException("processes " + pids + " of " + this + " are still alive " + timeout.toMillis()
                        + " ms after SIGKILL (stuck in the kernel, e.g. in uninterruptible I/O)");
            }
            if (freeze) {
                Path state = freezer.resolve("freezer.state");
                write(state, "FROZEN");
                await(() -> "FROZEN".equals(CgroupFiles.freezerState(read(state), state.toString())),
                        Math.min(deadline, System.nanoTime() + Duration.ofMillis(500).toNanos()));
                pids = processes();
                pids.forEach(signaller::kill);
                write(state, "THAWED");
            } else {
                pids.forEach(signaller::kill);
            }
            signalled += pids.size();
            await(() -> processes().isEmpty(),
                    Math.min(deadline, System.nanoTime() + Duration.ofMillis(200).toNanos()));
        }
    }

    @Override
    public void destroy(Set<Controller> controllers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Path d : hierarchy.dirs(controllers, name)) {
            if (io.exists(d)) {
                rmdir(d, deadline);
            }
        }
    }

    private Set<Path> existing() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path d : hierarchy.dirs(EnumSet.allOf(Controller.class), name)) {
            if (io.exists(d)) {
                dirs.add(d);
            }
        }
        return dirs;
    }

    private Path file(Controller c, String file) {
        Path d = hierarchy.dir(c, name);
        if (d == null) {
            throw new CgroupException("cannot use " + file + " of " + this + ": the " + c.kernelName()
                    + " controller is not mounted (mounted: " + hierarchy.controllers() + ")");
        }
        return d.resolve(file);
    }
}
