package org.allot.agent.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.allot.api.CommandInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.protocol.loop.EventLoop;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.ContainerLimitation;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.SyncIsolator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs containers through the {@link SyncIsolator}: creates the sandbox, prepares, starts and isolates
 * the process, kills it (SIGTERM to its tree, the isolator's cleanup after the kill grace), watches
 * for limitations and for the end of adopted processes, and tells its {@link Listener} when a
 * container has ended: its root process exited <em>and</em> the isolator's cleanup returned, so
 * nothing of it runs any more.
 *
 * <p>Threading: confined to the agent's event loop, except the isolator's {@link SyncIsolator#cleanup
 * cleanup}, which may wait seconds for processes to die: it runs on a few cleanup threads owned by
 * this class and posts its end back to the loop. Calls about one container never overlap; calls
 * about different containers may. Process exits arrive on JDK threads and are posted to the loop.
 */
final class Containerizer {

    /** Hears of containers that ended. */
    interface Listener {
        /** On the loop: the container exited and is cleaned up; not called once {@link #stop} began. */
        void ended(ContainerRecord container);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Containerizer.class);
    private static final Duration MONITOR_INTERVAL = Duration.ofSeconds(1);
    private static final int CLEANUP_THREADS = 4;
    /** How long {@link #stop} waits for the cleanups of all containers together. */
    private static final Duration STOP_CLEANUP_WAIT = Duration.ofSeconds(60);

    private final SyncIsolator isolator;
    private final EventLoop loop;
    private final Duration killGrace;
    private final Listener listener;
    private final ThreadPoolExecutor cleaners;
    /** SyncIsolator cleanups submitted and not yet returned; {@link #stop} waits for them. */
    private final Set<CompletableFuture<Void>> cleanupsInFlight = ConcurrentHashMap.newKeySet();

    // ----- state owned by the loop
    private final Map<ContainerId, ContainerRecord> containers = new LinkedHashMap<>();
    private EventLoop.Timer monitor;
    private boolean stopping;

    Containerizer(SyncIsolator isolator, EventLoop loop, Duration killGrace, Listener listener) {
        this.isolator = isolator;
        this.loop = loop;
        this.killGrace = killGrace;
        this.listener = listener;
        AtomicInteger count = new AtomicInteger();
        this.cleaners = new ThreadPoolExecutor(CLEANUP_THREADS, CLEANUP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "allot-agent-cleanup-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        cleaners.allowCoreThreadTimeOut(true);
    }

    String isolatorName() {
        return isolator.name();
    }

    // ----- for the operator (iso-agent): AgentViews

    /** On the loop: the isolators of a container, in order. */
    List<String> isolatorsOf(ContainerRecord c) {
        return List.of(c.isolatorName);
    }

    /** On the loop: the configured isolators, then the available ones not configured. */
    List<org.allot.api.agent.IsolatorView> isolatorViews() {
        return List.of(new org.allot.api.agent.IsolatorView(isolator.name(), 0, true, containers.size()));
    }

    /** Any thread: the container's usage now, if its isolators can measure it. */
    Optional<org.allot.spi.isolation.ResourceUsage> usage(ContainerId id) {
        try {
            return Optional.of(isolator.usage(id));
        } catch (RuntimeException e) {
            LOG.debug("Isolator {} could not measure container {}: {}", isolator.name(), id, e.toString());
            return Optional.empty();
        }
    }

    Optional<ContainerRecord> get(ContainerId id) {
        return Optional.ofNullable(id == null ? null : containers.get(id));
    }

    Collection<ContainerRecord> all() {
        return List.copyOf(containers.values());
    }

    /** Starts watching for limitations and for adopted containers that end, every second. */
    void startMonitor() {
        monitor = loop.schedule(MONITOR_INTERVAL, this::monitor);
    }

    // =============================================================================================
    // Launch

    /** Creates the sandbox and starts {@code command} in a new container. */
    ContainerRecord launch(Path sandbox, Resources limits, String user, CommandInfo command, Map<String, String> env,
            FrameworkId frameworkId) throws LaunchException {
        ContainerId id = ContainerId.of(UUID.randomUUID().toString());
        try {
            Files.createDirectories(sandbox);
        } catch (IOException ex) {
            throw new LaunchException(null, "cannot create the sandbox " + sandbox + ": " + ex.getMessage());
        }
        ContainerLaunch launch;
        try {
            launch = isolator.prepare(id, new ContainerConfig(limits, sandbox, user, command));
        } catch (RuntimeException ex) {
            throw new LaunchException(id, "isolator " + isolator.name() + " could not prepare the container: "
                    + ex.getMessage());
        }
        List<String> argv = new ArrayList<>(launch.argvPrefix());
        argv.addAll(command.toExecArgv());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(sandbox.toFile());
        pb.environment().putAll(command.environment());
        pb.environment().putAll(env);
        pb.environment().putAll(launch.environment());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stdout").toFile()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stderr").toFile()));
        Process process;
        try {
            process = pb.start();
        } catch (IOException ex) {
            throw new LaunchException(id, "cannot start " + argv + ": " + ex.getMessage());
        }
        try {
            isolator.isolate(id, process.pid());
        } catch (RuntimeException ex) {
            process.destroyForcibly();
            throw new LaunchException(id, "isolator " + isolator.name() + " could not isolate pid " + process.pid()
                    + ": " + ex.getMessage());
        }
        ContainerRecord c = new ContainerRecord(id, process.pid(), isolator.name(), frameworkId, sandbox, limits);
        containers.put(id, c);
        process.onExit().thenAccept(p -> loop.execute(() -> onExit(id, p.exitValue())));
        return c;
    }

    /** A failed launch: clean up what the isolator prepared (off the loop), then {@code report} on the loop. */
    void afterFailedLaunch(LaunchException ex, Runnable report) {
        if (ex.container == null) {
            report.run();
        } else {
            offLoop(() -> safeCleanup(ex.container), report);
        }
    }

    /** Sets new limits; false (logged) if the isolator refused. */
    boolean update(ContainerRecord c, Resources limits) {
        if (c.cleanedUp) {
            return false; // ending: no more isolator calls about it
        }
        try {
            isolator.update(c.id, limits);
            c.limits = limits;
            return true;
        } catch (RuntimeException ex) {
            LOG.warn("SyncIsolator {} could not update the limits of container {} to {}: {}", isolator.name(), c.id,
                    limits, ex.getMessage());
            return false;
        }
    }

    // =============================================================================================
    // Recovery

    /**
     * Adopts checkpointed containers of this agent's isolator through {@link SyncIsolator#recover};
     * their processes are not our children, so their end is noticed by the monitor.
     */
    List<ContainerRecord> adopt(List<Checkpointer.Container> ours) {
        List<ContainerState> states = new ArrayList<>();
        for (Checkpointer.Container cc : ours) {
            states.add(new ContainerState(cc.id(), cc.pid(), cc.sandbox(), cc.limits()));
        }
        isolator.recover(states);
        List<ContainerRecord> adopted = new ArrayList<>();
        for (Checkpointer.Container cc : ours) {
            ContainerRecord c = new ContainerRecord(cc.id(), cc.pid(), cc.isolator(), cc.frameworkId(), cc.sandbox(),
                    cc.limits());
            c.recovered = true;
            containers.put(c.id, c);
            adopted.add(c);
        }
        return adopted;
    }

    // =============================================================================================
    // Killing

    /** Starts killing a container: SIGTERM to its process tree now, the isolator's cleanup after the grace. */
    void destroy(ContainerRecord c) {
        if (c.killTimer != null || c.cleanedUp) {
            return;
        }
        terminateTree(c);
        cleanupAfterGrace(c, "Container " + c.id + " outlived the kill grace of " + killGrace.toMillis()
                + " ms; cleaning it up");
    }

    /** The isolator's cleanup after the kill grace unless the container ends first; {@code why} is logged then. */
    void cleanupAfterGrace(ContainerRecord c, String why) {
        if (c.killTimer != null || c.cleanedUp) {
            return;
        }
        c.killTimer = loop.schedule(killGrace, () -> {
            if (!c.cleanedUp) {
                LOG.info(why);
                cleanup(c);
            }
        });
    }

    /**
     * Starts the isolator's cleanup, once per container, on a cleanup thread: it may block for the
     * isolator's grace while processes die. {@link #onCleanedUp} follows on the loop.
     */
    void cleanup(ContainerRecord c) {
        if (c.cleanedUp) {
            return;
        }
        c.cleanedUp = true;
        offLoop(() -> safeCleanup(c.id), () -> onCleanedUp(c));
    }

    /** SIGTERM to the container's root process and its descendants. */
    private static void terminateTree(ContainerRecord c) {
        ProcessHandle.of(c.pid).ifPresent(root -> {
            root.descendants().forEach(ProcessHandle::destroy);
            root.destroy();
        });
    }

    /** Runs {@code blocking} on a cleanup thread, then {@code then} on the loop; nothing once shut down. */
    private Future<?> offLoop(Runnable blocking, Runnable then) {
        try {
            // NOTE: finally, so that even an Error from the isolator reports the container ended.
            CompletableFuture<Void> cleanup = CompletableFuture.runAsync(() -> {
                try {
                    blocking.run();
                } finally {
                    loop.execute(then);
                }
            }, cleaners);
            cleanupsInFlight.add(cleanup);
            cleanup.whenComplete((ignored, error) -> cleanupsInFlight.remove(cleanup));
            return cleanup;
        } catch (RejectedExecutionException e) {
            LOG.debug("Agent is stopped; skipped a container cleanup");
            return null;
        }
    }

    private void safeCleanup(ContainerId id) {
        try {
            isolator.cleanup(id);
        } catch (RuntimeException ex) {
            LOG.warn("SyncIsolator {} failed to clean up container {}: {}", isolator.name(), id, ex.getMessage());
        }
    }

    /** On the loop once the isolator's cleanup returned: nothing of the container runs any more. */
    private void onCleanedUp(ContainerRecord c) {
        c.cleanupDone = true;
        if (!c.exited && c.recovered) {
            // Not our child: nobody else will tell us it ended.
            c.exited = true;
            c.exitStatus = ContainerRecord.EXIT_UNKNOWN;
        }
        if (c.exited) {
            finish(c);
        }
    }

    /** The container's root process ended; it is reported ended once it is cleaned up. */
    private void onExit(ContainerId id, int exitStatus) {
        ContainerRecord c = containers.get(id);
        if (c == null || stopping || c.exited) {
            return;
        }
        c.exited = true;
        c.exitStatus = exitStatus;
        if (c.killTimer != null) {
            c.killTimer.cancel();
        }
        if (c.cleanupDone) {
            finish(c);
        } else {
            cleanup(c);
        }
    }

    private void finish(ContainerRecord c) {
        if (containers.remove(c.id) == null || stopping) {
            return;
        }
        listener.ended(c);
    }

    /** Every second: ask the isolator for limitations, and notice adopted containers that ended. */
    private void monitor() {
        if (stopping) {
            return;
        }
        for (ContainerRecord c : new ArrayList<>(containers.values())) {
            if (c.exited || c.cleanedUp) {
                continue; // ending: no more isolator calls about it
            }
            if (c.recovered && !processAlive(c.pid)) {
                onExit(c.id, ContainerRecord.EXIT_UNKNOWN);
                continue;
            }
            if (c.limitation == null) {
                try {
                    Optional<ContainerLimitation> l = isolator.limitation(c.id);
                    if (l.isPresent()) {
                        c.limitation = l.get();
                        LOG.warn("Container {} hit a limit: {}; killing it", c.id, l.get().message());
                        cleanup(c);
                    }
                } catch (RuntimeException ex) {
                    LOG.debug("SyncIsolator {} could not report limitations of {}: {}", isolator.name(), c.id,
                            ex.toString());
                }
            }
        }
        monitor = loop.schedule(MONITOR_INTERVAL, this::monitor);
    }

    /** Alive and not a zombie (an ended process not yet reaped by its parent runs nothing). */
    private static boolean processAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 1).strip().charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    // =============================================================================================
    // Stop

    /**
     * On the loop: stops reporting, and kills every container (SIGTERM, then the isolator's
     * cleanup at once); returns the cleanups under way, also those of failed launches, for
     * {@link #awaitCleanups} off the loop.
     */
    List<Future<?>> killAll() {
        stopping = true;
        if (monitor != null) {
            monitor.cancel();
        }
        List<ContainerRecord> all = new ArrayList<>(containers.values());
        all.stream().filter(c -> !c.exited).forEach(Containerizer::terminateTree);
        all.forEach(this::cleanup);
        if (!all.isEmpty()) {
            LOG.info("Killing {} container(s) on stop", all.size());
        }
        return List.copyOf(cleanupsInFlight);
    }

    /** On the loop: stops reporting and touches no container, as when the agent process dies. */
    void abandon() {
        stopping = true;
        if (monitor != null) {
            monitor.cancel();
        }
    }

    /** Off the loop: waits up to a minute for {@code cleanups}. */
    static void awaitCleanups(List<Future<?>> cleanups) {
        long deadline = System.nanoTime() + STOP_CLEANUP_WAIT.toNanos();
        for (Future<?> f : cleanups) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("Container cleanups did not end within {} s of stop; stopping anyway",
                        STOP_CLEANUP_WAIT.toSeconds());
                return;
            } catch (ExecutionException e) {
                LOG.debug("A container cleanup failed on stop: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** On the loop, after {@link #killAll} and the wait: forgets every container and returns their ids. */
    List<ContainerId> clear() {
        List<ContainerId> ids = new ArrayList<>(containers.keySet());
        containers.clear();
        return ids;
    }

    /** Stops the cleanup threads. Any thread. */
    void shutdown() {
        cleaners.shutdownNow();
    }
}
