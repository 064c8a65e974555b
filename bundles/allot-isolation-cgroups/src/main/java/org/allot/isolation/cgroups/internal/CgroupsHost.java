package org.allot.isolation.cgroups.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.allot.api.Durations;
import org.allot.isolation.cgroups.internal.kernel.CgroupDetector;
import org.allot.isolation.cgroups.internal.kernel.Hierarchy;
import org.allot.spi.isolation.ContainerId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroups of this host as the cgroups isolators and launcher share them: the detected
 * {@link Hierarchy}, Allot's parent cgroup in it, and the threads that touch cgroupfs so that the
 * agent's loop never does. Registered as a service private to this bundle; the isolators and the
 * launcher reference it, so a configuration change restarts them all on the new hierarchy.
 *
 * <h2>Threading</h2>
 * {@link #run} runs cgroupfs work on a small pool ({@code cgroups-io}); {@link #scheduler()} runs
 * the periodic OOM check. Both stop on deactivation.
 */
@Component(service = CgroupsHost.class, configurationPid = CgroupsHost.PID)
@Designate(ocd = CgroupsHost.Config.class)
public final class CgroupsHost {

    public static final String PID = "org.allot.isolation.cgroups";
    private static final Logger LOG = LoggerFactory.getLogger(CgroupsHost.class);

    @ObjectClassDefinition(name = "Allot cgroups isolation",
            description = "Which cgroup hierarchy the cgroups isolators (cgroups/cpu, cgroups/mem, cgroups/pids) and"
                    + " the cgroups launcher use, and their limits.")
    public @interface Config {
        @AttributeDefinition(name = "Version", description = "auto, v1 or v2. auto uses v1 when its controllers are"
                + " mounted (v1 or hybrid hosts), otherwise the unified cgroup2 hierarchy.")
        String version() default "auto";

        @AttributeDefinition(name = "Parent cgroup", description = "Allot's cgroup inside each hierarchy; each"
                + " container gets a child cgroup named by its container id. Give each agent on one host its own.")
        String parent() default "allot";

        @AttributeDefinition(name = "CPU hard limit", description = "Also cap each container at its cpus with a"
                + " CFS quota (v1 cpu.cfs_quota_us, v2 cpu.max); off: cpus are only shares (weights).")
        boolean cpu_hard__limit() default false;

        @AttributeDefinition(name = "CFS period", description = "The CFS period of the hard limit, e.g. 100ms.")
        String cpu_cfs__period() default "100ms";

        @AttributeDefinition(name = "Pids limit", description = "Most tasks (processes and threads) per container.")
        long pids_max() default CgroupsSettings.DEFAULT_PIDS_MAX;

        @AttributeDefinition(name = "OOM check interval", description = "How often the memory isolator reads each"
                + " container's OOM-kill count, e.g. 250ms.")
        String oom_check__interval() default "250ms";

        @AttributeDefinition(name = "Kill timeout", description = "How long destroying a container may wait for its"
                + " processes to die after SIGKILL before it fails, e.g. 10s.")
        String kill_timeout() default "10s";
    }

    private final Hierarchy hierarchy;
    private final CgroupsSettings settings;
    private final ExecutorService io;
    private final ScheduledExecutorService scheduler;
    private final List<Consumer<ContainerId>> exitChecks = new CopyOnWriteArrayList<>();

    @Activate
    public CgroupsHost(Config config) {
        this(CgroupDetector.detect(config.version(), config.parent()), new CgroupsSettings(config.cpu_hard__limit(),
                Durations.parse("cpu.cfs-period", config.cpu_cfs__period()), config.pids_max(),
                Durations.parse("oom.check-interval", config.oom_check__interval()),
                Durations.parse("kill.timeout", config.kill_timeout())));
    }

    /** Without OSGi: on {@code hierarchy}, which is initialised (its parent cgroup created) here. */
    public CgroupsHost(Hierarchy hierarchy, CgroupsSettings settings) {
        this.hierarchy = hierarchy;
        this.settings = settings;
        hierarchy.init();
        this.io = Executors.newFixedThreadPool(2, named("cgroups-io"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("cgroups-watch"));
        LOG.info("cgroups isolation on {} with {}", hierarchy, settings);
    }

    @Deactivate
    public void close() {
        io.shutdownNow();
        scheduler.shutdownNow();
    }

    public Hierarchy hierarchy() {
        return hierarchy;
    }

    public CgroupsSettings settings() {
        return settings;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Runs cgroupfs work off the caller's thread; an exception completes the stage exceptionally. */
    public <T> CompletionStage<T> run(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, io);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // rejected: the host is closing
        }
    }

    /** Like {@link #run} for work without a result. */
    public CompletionStage<Void> runVoid(Runnable work) {
        return run(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Registers a check to run when a container's first process exits, before the cgroups launcher
     * reports the exit: the memory isolator reads the OOM-kill count then, so that an OOM kill is
     * reported through {@code watch} before the agent hears of the exit it caused.
     */
    public void onContainerExit(Consumer<ContainerId> check) {
        exitChecks.add(check);
    }

    public void removeContainerExitCheck(Consumer<ContainerId> check) {
        exitChecks.remove(check);
    }

    /** Runs the exit checks; called by the cgroups launcher. */
    void containerExited(ContainerId id) {
        for (Consumer<ContainerId> check : exitChecks) {
            try {
                check.accept(id);
            } catch (RuntimeException e) {
                LOG.debug("Exit check of container {} failed: {}", id, e.toString());
            }
        }
    }

    /** The kill timeout as a {@link Duration}. */
    public Duration killTimeout() {
        return settings.killTimeout();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
