package org.allot.isolation.posix.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.allot.api.Durations;
import org.allot.api.Resources;
import org.allot.api.TaskStatus;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.ContainerLimitation;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.ResourceUsage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSIX resource limits and accounting: rlimits on each process of a container through
 * {@code prlimit}, usage summed over its processes from {@code /proc}, and, if enabled, a sampled
 * memory limit reported through {@link #watch}. Killing is the {@link PosixLauncher}'s job.
 *
 * <h2>How a container is confined</h2>
 * {@link #prepare} returns the argv prefix {@code [prlimit, --nofile=N:N, (--as=B:B,) --]}:
 * {@code prlimit} (util-linux) sets the rlimits on itself and execs the command, so every process
 * of the container inherits them. Which processes belong to the container is {@link ProcessTable}'s
 * rule, with the marker the posix launcher put in the container's first process.
 *
 * <h2>Threading</h2>
 * Every call returns at once; {@code /proc} scans for {@link #usage} and memory sampling run on
 * this isolator's own thread. Per-container state is in a concurrent map.
 *
 * <p>Registered as the {@code posix} isolator; usable without OSGi through the constructors.
 */
@Component(service = Isolator.class, property = Isolator.NAME_PROPERTY + "=" + PosixIsolator.NAME,
        configurationPid = PosixIsolator.PID)
@Designate(ocd = PosixIsolator.Config.class)
public final class PosixIsolator implements Isolator {

    public static final String NAME = "posix";
    public static final String PID = "org.allot.isolation.posix";

    private static final Logger LOG = LoggerFactory.getLogger(PosixIsolator.class);
    /** Clock ticks per second of the times in /proc/<pid>/stat; 100 on every Linux port that matters. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final double MB = 1024.0 * 1024.0;

    @ObjectClassDefinition(name = "Allot POSIX isolator",
            description = "Sets rlimits on each container process, measures containers from /proc, and can end a"
                    + " container whose resident memory passes its mem.")
    public @interface Config {
        @AttributeDefinition(name = "Max open files", description = "RLIMIT_NOFILE of container processes,"
                + " capped at the agent's own hard limit; 0 keeps the limit the agent has.")
        long max__open__files() default PosixSettings.DEFAULT_MAX_OPEN_FILES;

        @AttributeDefinition(name = "Limit address space", description = "Set RLIMIT_AS to the container's mem"
                + " resource. Off by default: a JVM reserves much more address space than it uses.")
        boolean limit__address__space() default false;

        @AttributeDefinition(name = "Enforce memory", description = "Sample each container's resident memory and"
                + " end the container (TASK_FAILED, CONTAINER_LIMITATION_MEMORY) when it passes its mem. Off by"
                + " default: cgroups/mem enforces memory exactly.")
        boolean enforce__memory() default false;

        @AttributeDefinition(name = "Sample interval", description = "How often memory is sampled when it is"
                + " enforced, e.g. 500ms.")
        String sample__interval() default "500ms";
    }

    private final ProcessTable table;
    private final ScheduledExecutorService sampler;
    private final Map<ContainerId, Container> containers = new ConcurrentHashMap<>();
    private volatile PosixSettings settings;
    /** The agent's own hard RLIMIT_NOFILE, read once: a process cannot raise it. */
    private final long agentOpenFilesLimit;
    private ScheduledFuture<?> sampling;

    /** With {@link PosixSettings#defaults()}; the constructor Declarative Services uses. */
    public PosixIsolator() {
        this(PosixSettings.defaults());
    }

    public PosixIsolator(PosixSettings settings) {
        this(settings, Path.of("/proc"));
    }

    PosixIsolator(PosixSettings settings, Path proc) {
        this.table = new ProcessTable(proc);
        this.agentOpenFilesLimit = currentHardLimit("Max open files");
        AtomicInteger count = new AtomicInteger();
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "allot-posix-isolator-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        apply(settings);
    }

    @Activate
    @Modified
    void configure(Config config) {
        apply(new PosixSettings(config.max__open__files(), config.limit__address__space(), config.enforce__memory(),
                Durations.parse("sample_interval", config.sample__interval())));
    }

    private synchronized void apply(PosixSettings s) {
        settings = s;
        if (sampling != null) {
            sampling.cancel(false);
        }
        long every = s.sampleInterval().toMillis();
        sampling = s.enforceMemory()
                ? sampler.scheduleWithFixedDelay(this::sampleMemory, every, every, TimeUnit.MILLISECONDS) : null;
        LOG.info("POSIX isolator configured: {}", s);
    }

    /** Stops the sampling thread; containers are untouched. */
    @Deactivate
    public void close() {
        sampler.shutdownNow();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<ContainerLaunch> prepare(ContainerId containerId, ContainerConfig config) {
        if (containers.containsKey(containerId)) {
            return failed("container " + containerId + " is already prepared; container ids must be new");
        }
        PosixSettings s = settings;
        List<String> limits = new ArrayList<>();
        long nofile = s.maxOpenFiles() == 0 ? 0 : Math.min(s.maxOpenFiles(), agentOpenFilesLimit);
        if (nofile > 0) {
            limits.add("--nofile=" + nofile + ":" + nofile);
        }
        long memBytes = (long) (config.limits().scalar("mem") * MB);
        if (s.limitAddressSpace() && memBytes > 0) {
            limits.add("--as=" + memBytes + ":" + memBytes);
        }
        List<String> prefix = new ArrayList<>();
        if (!limits.isEmpty()) {
            try {
                prefix.add(Programs.find("prlimit"));
            } catch (IllegalStateException e) {
                return CompletableFuture.failedFuture(e);
            }
            prefix.addAll(limits);
            prefix.add("--");
        }
        containers.put(containerId, new Container(containerId, config.limits()));
        LOG.debug("Prepared container {} with {}", containerId, prefix);
        return CompletableFuture.completedFuture(
                new ContainerLaunch(prefix, Map.of("ALLOT_CONTAINER_ID", containerId.value())));
    }

    @Override
    public CompletionStage<Void> isolate(ContainerId containerId, long pid) {
        Container c = containers.get(containerId);
        if (c == null) {
            return failed(unknown(containerId));
        }
        attach(c, pid);
        return CompletableFuture.completedFuture(null);
    }

    /** Remembers the container's first process and the marker it carries. */
    private void attach(Container c, long pid) {
        c.root = pid;
        table.stat(pid).ifPresent(st -> c.rootStart = st.startTime());
        c.marker = table.environ(pid).getOrDefault(ProcessTable.MARKER, "");
    }

    @Override
    public CompletionStage<ContainerLimitation> watch(ContainerId containerId) {
        Container c = containers.get(containerId);
        return c == null ? failed(unknown(containerId)) : c.limitation.copy();
    }

    @Override
    public CompletionStage<Void> update(ContainerId containerId, Resources limits) {
        Container c = containers.get(containerId);
        if (c == null) {
            return failed(unknown(containerId));
        }
        // rlimits of running processes stay as set at launch; a new mem applies to the sampled limit.
        c.limits = limits;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<ResourceUsage> usage(ContainerId containerId) {
        Container c = containers.get(containerId);
        if (c == null) {
            return failed(unknown(containerId));
        }
        return async(() -> measure(c, table.scan()));
    }

    @Override
    public CompletionStage<Void> cleanup(ContainerId containerId) {
        Container c = containers.remove(containerId);
        if (c != null) {
            c.limitation.cancel(false);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> recover(List<ContainerState> states, Set<ContainerId> orphans) {
        for (ContainerState state : states) {
            Container c = new Container(state.id(), state.limits());
            attach(c, state.pid());
            containers.put(state.id(), c);
            LOG.info("Recovered container {} (first process {})", state.id(), state.pid());
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The pids of the container's live processes now; for tests and operators. */
    Set<Long> pids(ContainerId containerId) {
        Container c = containers.get(containerId);
        if (c == null) {
            throw new IllegalArgumentException(unknown(containerId));
        }
        return Set.copyOf(table.members(table.scan(), c.marker, c.root, c.rootStart).keySet());
    }

    // ----- measuring

    private ResourceUsage measure(Container c, Map<Long, ProcStat> all) {
        long ticksUser = 0;
        long ticksSystem = 0;
        long rss = 0;
        Map<Long, ProcStat> members = c.root == 0 ? Map.of() : table.members(all, c.marker, c.root, c.rootStart);
        for (ProcStat st : members.values()) {
            ticksUser += st.utime() + st.cutime();
            ticksSystem += st.stime() + st.cstime();
            rss += table.rssBytes(st.pid());
        }
        long peak = c.peakRss.accumulateAndGet(rss, Math::max);
        return new ResourceUsage(Instant.now(), ticksUser / TICKS_PER_SECOND, ticksSystem / TICKS_PER_SECOND,
                ResourceUsage.NOT_MEASURED, rss, peak, members.size());
    }

    /** On the sampler: ends containers whose resident memory passed their mem. */
    private void sampleMemory() {
        try {
            Map<Long, ProcStat> all = table.scan();
            for (Container c : containers.values()) {
                double memMb = c.limits.scalar("mem");
                if (memMb <= 0 || c.root == 0 || c.limitation.isDone()) {
                    continue;
                }
                ResourceUsage u = measure(c, all);
                if (u.memRssBytes() > memMb * MB) {
                    String peak = String.format(java.util.Locale.ROOT, "%.1f", u.memPeakBytes() / MB);
                    c.limitation.complete(new ContainerLimitation(TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY,
                            Resources.parse("mem:" + memMb), Resources.parse("mem:" + peak),
                            "memory limit " + memMb + " MB exceeded: resident memory " + peak + " MB"
                                    + " (sampled by the posix isolator)"));
                    LOG.info("Container {} passed its memory limit of {} MB ({} MB resident)", c.id, memMb, peak);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Memory sampling failed: {}", e.toString());
        }
    }

    // ----- helpers

    private <T> CompletionStage<T> async(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            sampler.execute(() -> {
                try {
                    f.complete(work.get());
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("the posix isolator is stopped", e));
        }
        return f;
    }

    private static <T> CompletionStage<T> failed(String message) {
        return CompletableFuture.failedFuture(new IllegalArgumentException(message));
    }

    private static String unknown(ContainerId id) {
        return "unknown container " + id + ": it was never prepared or recovered by the posix isolator, or it was"
                + " cleaned up";
    }

    /** The agent's own hard limit for {@code name} in /proc/self/limits; unlimited as Long.MAX_VALUE. */
    private long currentHardLimit(String name) {
        try {
            for (String line : Files.readAllLines(table.proc().resolve("self").resolve("limits"))) {
                if (line.startsWith(name)) {
                    String[] f = line.substring(name.length()).strip().split("\\s+");
                    return f[1].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot read the hard limit '{}' from {}/self/limits: {}", name, table.proc(), e.toString());
        }
        return Long.MAX_VALUE;
    }

    /** What the isolator knows of one container; fields written by its calls and read by the sampler. */
    private static final class Container {
        final ContainerId id;
        volatile Resources limits;
        /** The first process (the launcher's supervisor), its start time, and its marker; 0/"" before isolate. */
        volatile long root;
        volatile long rootStart;
        volatile String marker = "";
        final java.util.concurrent.atomic.AtomicLong peakRss = new java.util.concurrent.atomic.AtomicLong();
        final CompletableFuture<ContainerLimitation> limitation = new CompletableFuture<>();

        Container(ContainerId id, Resources limits) {
            this.id = id;
            this.limits = limits;
        }
    }
}
