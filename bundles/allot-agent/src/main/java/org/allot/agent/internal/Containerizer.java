package org.allot.agent.internal;

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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.allot.api.CommandInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.protocol.loop.EventLoop;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerExit;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLimitation;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.Launcher;
import org.allot.spi.isolation.ResourceUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs containers through a {@link Launcher} and an ordered list of {@link Isolator}s (the agent's
 * {@code isolation} when the container was launched): prepare in order, fork, isolate in order,
 * start; on the end (exit, kill, limit) the launcher destroys every process and the isolators clean
 * up in reverse order. It tells its {@link Listener} when a container has ended: its first process
 * exited or was killed, and it was destroyed and cleaned up, so nothing of it runs any more.
 * Services that come and go, and the containers recovered from a checkpoint, are {@link Adoption}'s.
 *
 * <p>Threading: confined to the agent's event loop. Every call into a launcher or isolator returns
 * a stage at once; its completion is posted back to the loop ({@link #onLoop}), so a slow kernel
 * never blocks the loop.
 */
final class Containerizer {

    /** Hears of containers that ended. */
    interface Listener {
        /** On the loop: the container ended and is cleaned up; not called once {@link #killAll} began. */
        void ended(ContainerRecord container);
    }

    /** Hears how one launch goes; every method on the loop. */
    interface LaunchListener {
        /** The first process exists (its pid is set); checkpoint the container now. */
        void forked(ContainerRecord c);

        /** Isolated and started: the command runs. */
        void running(ContainerRecord c);

        /** The launch failed or was killed before it ran; whatever was forked is destroyed and cleaned up. */
        void failed(ContainerRecord c, String message);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Containerizer.class);
    /** How long {@link #awaitCleanups} waits for the ends of all containers together. */
    private static final Duration STOP_CLEANUP_WAIT = Duration.ofSeconds(60);

    final IsolationRegistry registry;
    final EventLoop loop;
    final Path runRoot;
    private final Duration killGrace;
    private final Listener listener;
    private final Adoption adoption;
    /** Ends (destroy + cleanups) under way; {@link #killAll} returns them to wait for. */
    private final Set<CompletableFuture<Void>> endsInFlight = ConcurrentHashMap.newKeySet();

    // ----- state owned by the loop
    final Map<ContainerId, ContainerRecord> containers = new LinkedHashMap<>();
    private Isolation isolation;
    boolean stopping;

    Containerizer(IsolationRegistry registry, Isolation isolation, EventLoop loop, Path runRoot, Duration killGrace,
            Listener listener) {
        this.registry = registry;
        this.isolation = isolation;
        this.loop = loop;
        this.runRoot = runRoot;
        this.killGrace = killGrace;
        this.listener = listener;
        this.adoption = new Adoption(this);
        registry.listen(adoption);
    }

    Adoption adoption() {
        return adoption;
    }

    /** The isolation new containers get. */
    Isolation isolation() {
        return isolation;
    }

    /** Changes the isolation of new containers; running ones keep theirs. */
    void setIsolation(Isolation next) {
        if (next.equals(isolation)) {
            return;
        }
        long keeping = containers.values().stream().filter(ContainerRecord::running).count();
        LOG.info("Isolation for new containers is now {} (was {}); {} running container(s) keep theirs", next,
                isolation, keeping);
        isolation = next;
        List<String> missing = registry.missing(next);
        if (!missing.isEmpty()) {
            LOG.warn("The isolation {} needs {}, which {} not available: launches fail until {} installed", next,
                    missing, missing.size() == 1 ? "is" : "are", missing.size() == 1 ? "it is" : "they are");
        }
    }

    // ----- for the operator (iso-agent): AgentViews

    /** On the loop: the configured isolators in order, then the available ones not configured. */
    List<org.allot.api.agent.IsolatorView> isolatorViews() {
        List<org.allot.api.agent.IsolatorView> views = new ArrayList<>();
        List<String> configured = isolation.isolators();
        for (int i = 0; i < configured.size(); i++) {
            String name = configured.get(i);
            views.add(new org.allot.api.agent.IsolatorView(name, i, registry.isolator(name).isPresent(), using(name)));
        }
        for (String name : registry.isolatorNames()) {
            if (!configured.contains(name)) {
                views.add(new org.allot.api.agent.IsolatorView(name, -1, true, using(name)));
            }
        }
        return views;
    }

    private int using(String isolator) {
        return (int) containers.values().stream().filter(c -> c.running() && c.isolation.isolators().contains(isolator))
                .count();
    }

    Optional<ContainerRecord> get(ContainerId id) {
        return Optional.ofNullable(id == null ? null : containers.get(id));
    }

    Collection<ContainerRecord> all() {
        return List.copyOf(containers.values());
    }

    // =============================================================================================
    // Launch

    /**
     * Creates the sandbox and starts launching {@code command} in a new container with the current
     * isolation; {@code events} hears how it goes.
     *
     * @throws LaunchException at once, with nothing started, when a service of the isolation is
     *                         missing or the sandbox cannot be created
     */
    ContainerRecord launch(Path sandbox, Resources limits, String user, CommandInfo command, Map<String, String> env,
            FrameworkId frameworkId, String role, LaunchListener events) throws LaunchException {
        Isolation iso = isolation;
        List<String> missing = registry.missing(iso);
        if (!missing.isEmpty()) {
            throw new LaunchException(missingMessage(iso, missing));
        }
        ContainerId id = ContainerId.of(UUID.randomUUID().toString());
        try {
            Files.createDirectories(sandbox);
            Files.createDirectories(runRoot);
        } catch (IOException ex) {
            throw new LaunchException("cannot create the sandbox " + sandbox + " or the run dir under " + runRoot
                    + ": " + ex.getMessage());
        }
        Launcher launcher = registry.launcher(iso.launcher()).orElseThrow();
        List<Isolator> isolators = new ArrayList<>();
        iso.isolators().forEach(n -> isolators.add(registry.isolator(n).orElseThrow()));
        ContainerRecord c = new ContainerRecord(id, iso, frameworkId, sandbox, limits);
        containers.put(id, c);
        new Launch(this, c, launcher, isolators, new ContainerConfig(limits, sandbox, user, command, role, Map.of()),
                command, env, events).begin();
        return c;
    }

    private String missingMessage(Isolation iso, List<String> missing) {
        return "cannot launch the container: " + String.join(" and ", missing) + " of this agent's isolation " + iso
                + (missing.size() == 1 ? " is" : " are") + " not available. Install the bundle or feature that"
                + " provides it (e.g. feature:install allot-isolation-cgroups for cgroups/*), or change 'isolation' in"
                + " etc/org.allot.agent.cfg. Available isolators: " + registry.isolatorNames() + "; launchers: "
                + registry.launcherNames();
    }

    /** The launch is over, one way or the other: the container ran, or failed and was cleaned up. */
    void launched(ContainerRecord c) {
        watchAll(c);
        listenForExit(c);
        if (c.destroyRequested) {
            teardown(c);
        }
    }

    /** Sets new limits in every isolator of the container; a failure is logged. */
    void update(ContainerRecord c, Resources limits) {
        c.limits = limits;
        if (!c.running() || c.launching) {
            return;
        }
        for (String name : c.isolation.isolators()) {
            isolator(c, name).ifPresent(iso -> onLoop(call(() -> iso.update(c.id, limits)), (v, err) -> {
                        if (err != null) {
                            LOG.warn("Isolator '{}' could not update the limits of container {} to {}: {}", name,
                                    c.id, limits, message(err));
                        }
                    }));
        }
    }

    /** The container's usage: every available isolator's sample, merged in list order. */
    CompletionStage<ResourceUsage> usage(ContainerRecord c) {
        CompletableFuture<ResourceUsage> merged = CompletableFuture.completedFuture(
                ResourceUsage.none(java.time.Instant.now()));
        for (String name : c.isolation.isolators()) {
            Optional<Isolator> iso = isolator(c, name);
            if (iso.isPresent()) {
                CompletableFuture<ResourceUsage> one = call(() -> iso.get().usage(c.id)).toCompletableFuture()
                        .exceptionally(e -> ResourceUsage.none(java.time.Instant.now()));
                merged = merged.thenCombine(one, ResourceUsage::merge);
            }
        }
        return merged;
    }

    // =============================================================================================
    // Ends

    /** Starts killing a container: SIGTERM to its processes now, its end after the kill grace. */
    void destroy(ContainerRecord c) {
        if (!c.running() || c.killTimer != null) {
            return;
        }
        if (c.launching || !canEnd(c)) {
            c.destroyRequested = true;
            return;
        }
        registry.launcher(c.isolation.launcher()).ifPresent(l -> call(() -> l.pids(c.id))
                .thenAccept(pids -> pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy))));
        cleanupAfterGrace(c, "Container " + c.id + " outlived the kill grace of " + killGrace.toMillis()
                + " ms; killing it");
    }

    /** Ends the container after the kill grace unless it ends first; {@code why} is logged then. */
    void cleanupAfterGrace(ContainerRecord c, String why) {
        if (!c.running() || c.killTimer != null) {
            return;
        }
        c.killTimer = loop.schedule(killGrace, () -> {
            if (c.running()) {
                LOG.info(why);
                teardown(c);
            }
        });
    }

    /**
     * Whether the container can end now: its launcher is there to destroy it, and no service is
     * still recovering it (an isolator is cleaned up only after its recover completed).
     */
    boolean canEnd(ContainerRecord c) {
        return !c.missing.contains(key(IsolationRegistry.Kind.LAUNCHER, c.isolation.launcher()))
                && c.recovering.isEmpty() && registry.launcher(c.isolation.launcher()).isPresent();
    }

    /**
     * Ends the container now: the launcher kills every process, then the isolators clean up in
     * reverse order; {@link #finish} follows on the loop. Once per container. If its launcher is not
     * there, the end waits for it.
     */
    void teardown(ContainerRecord c) {
        if (!c.running()) {
            return;
        }
        if (c.launching || !canEnd(c)) {
            if (!c.destroyRequested && !c.launching && c.recovering.isEmpty()) {
                LOG.warn("Cannot end container {} now: its launcher '{}' is not available; it ends when the launcher"
                        + " returns", c.id, c.isolation.launcher());
            }
            c.destroyRequested = true;
            return;
        }
        c.tearingDown = true;
        if (c.killTimer != null) {
            c.killTimer.cancel();
        }
        Launcher launcher = registry.launcher(c.isolation.launcher()).orElseThrow();
        CompletableFuture<ContainerExit> exit = call(() -> launcher.onExit(c.id)).toCompletableFuture();
        Adoption.Cleanup cleanup = adoption.planCleanup(c, c.isolation.isolators());
        CompletableFuture<Void> end = call(() -> launcher.destroy(c.id)).toCompletableFuture()
                .handle((v, err) -> {
                    if (err != null) {
                        LOG.warn("Launcher '{}' could not destroy container {}: {}", launcher.name(), c.id,
                                message(err));
                    }
                    return null;
                }).thenCompose(v -> cleanup.run());
        endsInFlight.add(end);
        end.whenComplete((v, err) -> {
            endsInFlight.remove(end);
            loop.execute(() -> {
                if (!c.exited && exit.isDone() && !exit.isCompletedExceptionally()) {
                    c.exited = true;
                    c.exitStatus = exit.join().status().orElse(ContainerRecord.EXIT_UNKNOWN);
                }
                finish(c);
            });
        });
    }

    private void finish(ContainerRecord c) {
        c.finished = true;
        if (containers.remove(c.id) == null || stopping) {
            return;
        }
        listener.ended(c);
        deleteRunDir(c);
    }

    /** Removes a container whose launch failed and was cleaned up. */
    void forget(ContainerRecord c) {
        c.finished = true;
        containers.remove(c.id);
        deleteRunDir(c);
    }

    /**
     * Deletes the container's run dir once its end is reported (and checkpointed): the exit status
     * recorded there is not needed any more. A few small files; a failure is logged.
     */
    private void deleteRunDir(ContainerRecord c) {
        Path dir = runRoot.resolve(c.id.value());
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // never forked
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("Cannot delete the run dir {} of the ended container {}: {}", dir, c.id, e.toString());
        }
    }

    /** Listens for the exit of the container's first process through its launcher. */
    void listenForExit(ContainerRecord c) {
        String name = c.isolation.launcher();
        registry.launcher(name).ifPresent(launcher -> onLoop(call(() -> launcher.onExit(c.id)), (exit, err) -> {
            if (registry.launcher(name).orElse(null) != launcher
                    || c.missing.contains(key(IsolationRegistry.Kind.LAUNCHER, name))) {
                return; // a launcher instance gone meanwhile; its successor re-adopts the container
            }
            onExit(c, err == null ? exit : ContainerExit.unknown("launcher '" + name + "' lost the container: "
                    + message(err)));
        }));
    }

    private void onExit(ContainerRecord c, ContainerExit exit) {
        if (!c.running() || c.exited) {
            return;
        }
        c.exited = true;
        c.exitStatus = exit.status().orElse(ContainerRecord.EXIT_UNKNOWN);
        if (exit.status().isEmpty()) {
            LOG.info("Container {} ended; its exit status is unknown: {}", c.id, exit.detail());
        }
        teardown(c);
    }

    /** Watches every available isolator of the container for a limit it hits. */
    void watchAll(ContainerRecord c) {
        c.isolation.isolators().forEach(name -> watch(c, name));
    }

    void watch(ContainerRecord c, String name) {
        registry.isolator(name).ifPresent(iso -> onLoop(call(() -> iso.watch(c.id)), (limitation, err) -> {
            if (err != null) {
                LOG.debug("Isolator '{}' stopped watching container {}: {}", name, c.id, message(err));
            } else if (registry.isolator(name).orElse(null) == iso) {
                onLimitation(c, name, limitation);
            }
        }));
    }

    private void onLimitation(ContainerRecord c, String isolator, ContainerLimitation l) {
        if (!c.running() || c.limitation != null) {
            return;
        }
        c.limitation = l;
        LOG.warn("Container {} hit a limit of isolator '{}': {}; killing it", c.id, isolator, l.message());
        teardown(c);
    }

    // =============================================================================================
    // Stop

    /** On the loop: stops reporting and ends every container now; returns the ends under way. */
    List<Future<?>> killAll() {
        stopping = true;
        List<ContainerRecord> all = new ArrayList<>(containers.values());
        all.forEach(this::teardown);
        if (!all.isEmpty()) {
            LOG.info("Killing {} container(s) on stop", all.size());
        }
        return List.copyOf(endsInFlight);
    }

    /** On the loop: stops reporting and touches no container, as when the agent process dies. */
    void abandon() {
        stopping = true;
    }

    /** Off the loop: waits up to a minute for {@code ends}. */
    static void awaitCleanups(List<Future<?>> ends) {
        long deadline = System.nanoTime() + STOP_CLEANUP_WAIT.toNanos();
        for (Future<?> f : ends) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("Container ends did not complete within {} s of stop; stopping anyway",
                        STOP_CLEANUP_WAIT.toSeconds());
                return;
            } catch (ExecutionException e) {
                LOG.debug("A container end failed on stop: {}", e.getCause().toString());
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

    /** Stops hearing of services. Any thread. */
    void shutdown() {
        registry.unlisten(adoption);
    }

    // =============================================================================================
    // Helpers

    /** The isolator if it is registered and has (re-)adopted the container. */
    Optional<Isolator> isolator(ContainerRecord c, String name) {
        String key = key(IsolationRegistry.Kind.ISOLATOR, name);
        return c.missing.contains(key) || c.recovering.contains(key) ? Optional.empty() : registry.isolator(name);
    }

    static String key(IsolationRegistry.Kind kind, String name) {
        return kind.label() + " '" + name + "'";
    }

    /** Runs {@code then} on the loop when {@code stage} completes. */
    <T> void onLoop(CompletionStage<T> stage, BiConsumer<T, Throwable> then) {
        stage.whenComplete((v, err) -> loop.execute(() -> then.accept(v, unwrap(err))));
    }

    /** Calls a plugin; a plugin that throws instead of failing its stage fails the stage. */
    static <T> CompletionStage<T> call(Supplier<CompletionStage<T>> plugin) {
        try {
            CompletionStage<T> stage = plugin.get();
            return stage != null ? stage : CompletableFuture.failedFuture(
                    new IllegalStateException("the plugin returned no stage (null)"));
        } catch (RuntimeException | LinkageError e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Throwable unwrap(Throwable err) {
        while (err instanceof java.util.concurrent.CompletionException && err.getCause() != null) {
            err = err.getCause();
        }
        return err;
    }

    static String message(Throwable err) {
        Throwable e = unwrap(err);
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
