package org.allot.isolation.cgroups.internal.kernel;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One container's cgroup, in one (v2) or several (v1) hierarchies. A handle: methods go to the
 * files every time and keep no state, so a handle made after an agent restart works the same.
 * Limits and usage are per controller; a method about a controller whose cgroup was not created
 * fails with a {@link CgroupException} naming the missing file.
 */
public abstract class Cgroup {

    /** Mesos's default and the kernel's: 100 ms CFS periods. */
    public static final long DEFAULT_CFS_PERIOD_MICROS = 100_000;
    /** The kernel refuses quotas under 1 ms. */
    public static final long MIN_CFS_QUOTA_MICROS = 1_000;

    protected final CgroupIo io;
    protected final String name;

    protected Cgroup(CgroupIo io, String name) {
        this.io = io;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Creates the cgroup in the hierarchies of {@code controllers}; existing ones are kept. */
    public abstract void create(Set<Controller> controllers);

    /** Whether the cgroup exists for {@code controller}. */
    public abstract boolean exists(Controller controller);

    /** Whether the cgroup exists for any controller. */
    public abstract boolean exists();

    /**
     * The {@code cgroup.procs} files a process writes its own pid to, before exec, to join every
     * hierarchy in which this cgroup exists: what makes all its descendants members from the start.
     */
    public abstract List<Path> procsFiles();

    /** Moves {@code pid} (and so its future children) into every existing hierarchy of this cgroup. */
    public abstract void addProcess(long pid);

    /** The pids in the cgroup now, across its hierarchies. */
    public abstract Set<Long> processes();

    /** CPU shares (v1 cpu.shares) or weight (v2 cpu.weight) for {@code cpus} cpus. */
    public abstract void setCpuShares(double cpus);

    /** A hard limit of {@code cpus} cpus per {@code periodMicros}; {@code cpus <= 0} removes it. */
    public abstract void setCpuLimit(double cpus, long periodMicros);

    public abstract void setMemoryLimit(long bytes);

    public abstract void setPidsLimit(long max);

    public abstract CpuUsage cpuUsage();

    public abstract MemoryUsage memoryUsage();

    public abstract PidsUsage pidsUsage();

    /**
     * Kills every process in the cgroup, also ones that double-forked or made their own session:
     * the kernel keeps them in the cgroup whatever they do. Returns when the cgroup is empty.
     *
     * @return how many processes were signalled
     * @throws CgroupException when processes are still there at the deadline
     */
    public abstract int killAll(Signaller signaller, Duration timeout);

    /**
     * Removes the cgroup from the hierarchies of {@code controllers} (v2: the one directory); the
     * cgroup must be empty. Retries while the kernel still reports it busy, until {@code timeout}.
     */
    public abstract void destroy(Set<Controller> controllers, Duration timeout);

    @Override
    public String toString() {
        return "cgroup " + name;
    }

    // ----- helpers for the versions -----

    protected String read(Path file) {
        try {
            return io.read(file);
        } catch (NoSuchFileException e) {
            throw new CgroupException("cannot read " + file + ": it does not exist (was the cgroup created for this"
                    + " controller, and does the kernel have the file?)", e);
        } catch (IOException e) {
            throw Hierarchy.failure("read", file, e);
        }
    }

    protected void write(Path file, String value) {
        try {
            io.write(file, value);
        } catch (IOException e) {
            throw Hierarchy.failure("write '" + value + "' to", file, e);
        }
    }

    protected long readLong(Path file) {
        return CgroupFiles.single(read(file), file.toString());
    }

    protected Map<String, Long> readKeyed(Path file) {
        return CgroupFiles.keyed(read(file), file.toString());
    }

    protected Set<Long> readPids(Path file) {
        if (!io.exists(file)) {
            return Set.of();
        }
        try {
            return CgroupFiles.pids(io.read(file), file.toString());
        } catch (NoSuchFileException e) {
            return Set.of(); // removed meanwhile: empty
        } catch (IOException e) {
            throw Hierarchy.failure("read", file, e);
        }
    }

    protected void mkdir(Path dir) {
        try {
            io.mkdir(dir);
        } catch (IOException e) {
            throw Hierarchy.failure("create cgroup", dir, e);
        }
    }

    /** rmdir with retries while busy, until the deadline; then fails naming the processes left. */
    protected void rmdir(Path dir, long deadlineNanos) {
        while (true) {
            try {
                io.rmdir(dir);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new CgroupException("cannot remove cgroup " + dir + ": " + e.getMessage() + "; processes "
                            + readPids(dir.resolve("cgroup.procs")) + " are still in it", e);
                }
                pause(2);
            }
        }
    }

    /** Waits until {@code done} holds or the deadline passes; false if it passed. */
    protected static boolean await(BooleanSupplier done, long deadlineNanos) {
        long pauseMillis = 1;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            pause(pauseMillis);
            pauseMillis = Math.min(20, pauseMillis * 2);
        }
        return true;
    }

    protected static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted while waiting for a cgroup", e);
        }
    }
}
