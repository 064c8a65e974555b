package org.allot.isolation.posix.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.allot.spi.isolation.ContainerExit;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.LaunchRequest;
import org.allot.spi.isolation.Launcher;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forks each container under a {@link Supervisor} that leads a session of its own and records the
 * exit status in the container's run dir, and destroys a container by killing every process that
 * {@link ProcessTable} finds for it: its session, its descendants, and anything carrying its marker
 * environment variable, so that {@code setsid} and double forks do not get away.
 *
 * <h2>Threading</h2>
 * Every call returns at once; forking, letting go,
 * and the kill loop run on this launcher's worker threads. Per-container state is in a concurrent
 * map; each container's fields are written before its entry is published or are volatile.
 *
 * <p>Registered as the {@code posix} launcher; usable without OSGi through the constructors.
 * Stopping it (bundle stop or update) touches no container: supervisors live on without it.
 */
@Component(service = Launcher.class, property = Launcher.NAME_PROPERTY + "=" + PosixLauncher.NAME)
public final class PosixLauncher implements Launcher {

    public static final String NAME = "posix";

    private static final Logger LOG = LoggerFactory.getLogger(PosixLauncher.class);
    private static final int WORKERS = 4;
    private static final int KILL_ROUNDS = 200;
    private static final Duration KILL_POLL = Duration.ofMillis(5);

    private final ProcessTable table;
    private final String setsid;
    private final String sh;
    private final ExecutorService workers;
    private final Map<ContainerId, Container> containers = new ConcurrentHashMap<>();

    public PosixLauncher() {
        this(Path.of("/proc"));
    }

    PosixLauncher(Path proc) {
        this.table = new ProcessTable(proc);
        this.setsid = Programs.find("setsid");
        this.sh = Programs.find("sh");
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "allot-posix-launcher-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Stops the worker threads; containers keep running. */
    @Deactivate
    public void close() {
        workers.shutdown();
    }

    // =============================================================================================
    // Fork, start, exit

    @Override
    public CompletionStage<Long> fork(ContainerId containerId, LaunchRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            if (containers.containsKey(containerId)) {
                throw new IllegalStateException("container " + containerId + " was forked already; container ids"
                        + " must be new");
            }
            try {
                return doFork(containerId, request);
            } catch (IOException e) {
                throw new IllegalStateException("cannot fork container " + containerId + ": " + e.getMessage(), e);
            }
        }, workers);
    }

    private long doFork(ContainerId id, LaunchRequest request) throws IOException {
        Path runDir = request.runDir();
        Files.createDirectories(runDir);
        Files.deleteIfExists(runDir.resolve(Supervisor.EXIT_FILE));
        ProcessBuilder pb = new ProcessBuilder(Supervisor.argv(setsid, sh, request)).directory(request.workingDir().toFile());
        pb.environment().clear();
        pb.environment().putAll(request.environment());
        pb.environment().put(ProcessTable.MARKER, runDir.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(request.stdout().toFile()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(request.stderr().toFile()));
        // NOTE: no handshake: the supervisor holds until start writes "go", and its pid, start time
        // and marker are valid from the exec of setsid on; setsid(2) follows within microseconds.
        ProcessTable.PidMark mark = table.mark();
        Process p = pb.start();
        long start = table.stat(p.pid()).map(ProcStat::startTime).orElse(0L);
        Supervisor.writeRecord(runDir, p.pid(), start);
        Container c = new Container(id, runDir, p.pid(), start, p.getOutputStream(), mark);
        containers.put(id, c);
        p.onExit().thenAccept(ended -> c.exit.complete(exitOf(c, OptionalInt.of(ended.exitValue()))));
        LOG.debug("Forked container {} as supervisor {} in {}", id, p.pid(), runDir);
        return p.pid();
    }

    @Override
    public CompletionStage<Void> start(ContainerId containerId) {
        Container c = containers.get(containerId);
        if (c == null || c.go == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("container " + containerId
                    + " was not forked by the posix launcher, or was started already"));
        }
        // NOTE: three bytes into an empty pipe never block, so this runs on the caller's thread.
        OutputStream go = c.go;
        c.go = null;
        try (go) {
            go.write("go\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The supervisor died before it was let go; its exit tells the agent.
            LOG.debug("Container {}: its supervisor is gone before start: {}", containerId, e.toString());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<ContainerExit> onExit(ContainerId containerId) {
        Container c = containers.get(containerId);
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown container " + containerId
                    + ": it was never forked or recovered by the posix launcher, or was destroyed"));
        }
        return c.exit.copy();
    }

    /** How the container ended: its supervisor's record, else what is known of the supervisor's own end. */
    private static ContainerExit exitOf(Container c, OptionalInt supervisorStatus) {
        OptionalInt recorded = Supervisor.readExit(c.runDir);
        if (recorded.isPresent()) {
            return ContainerExit.exited(recorded.getAsInt());
        }
        if (supervisorStatus.isPresent()) {
            // Killed with the container (Java reports 128 + signal), so the command was killed too.
            return ContainerExit.exited(supervisorStatus.getAsInt());
        }
        return ContainerExit.unknown("the supervisor of container " + c.id + " ended without recording an exit"
                + " status in " + c.runDir + " (it was killed while the agent was down)");
    }

    // =============================================================================================
    // Destroy and inspect

    @Override
    public CompletionStage<Void> destroy(ContainerId containerId) {
        Container c = containers.get(containerId);
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            killAll(c);
            containers.remove(containerId, c);
        }, workers);
    }

    @Override
    public CompletionStage<Set<Long>> pids(ContainerId containerId) {
        Container c = containers.get(containerId);
        if (c == null) {
            return CompletableFuture.completedFuture(Set.of());
        }
        return CompletableFuture.supplyAsync(() -> Set.copyOf(members(c).keySet()), workers);
    }

    private Map<Long, ProcStat> members(Container c) {
        return table.members(table.scanSince(c.mark, c.pid), c.runDir.toString(), c.pid, c.startTime);
    }

    /** SIGKILL to every member, again until none is left: a fork racing the kill is caught next round. */
    private void killAll(Container c) {
        OutputStream go = c.go;
        if (go != null) {
            c.go = null;
            try {
                go.close(); // a held supervisor gives up at once
            } catch (IOException ignored) {
                // already gone
            }
        }
        Map<Long, ProcStat> alive = members(c);
        int killed = 0;
        for (int round = 0; !alive.isEmpty() && round < KILL_ROUNDS; round++) {
            for (ProcStat st : alive.values()) {
                // NOTE: a ProcessHandle checks the start time it saw, so a pid reused since the scan is spared.
                ProcessHandle.of(st.pid()).filter(h -> table.alive(st.pid(), st.startTime()))
                        .ifPresent(ProcessHandle::destroyForcibly);
                killed++;
            }
            sleep(KILL_POLL);
            alive = members(c);
        }
        if (!alive.isEmpty()) {
            LOG.warn("Container {}: processes {} survived {} rounds of SIGKILL (they fork faster than they die,"
                    + " or are stuck in the kernel)", c.id, alive.keySet(), KILL_ROUNDS);
            throw new IllegalStateException("processes " + alive.keySet() + " of container " + c.id
                    + " survived SIGKILL");
        }
        if (killed > 0) {
            LOG.debug("Container {}: killed {} process(es)", c.id, killed);
            // The exit is known once the supervisor is reaped; wait a little for it so onExit is final.
            try {
                c.exit.get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("Container {}: no exit status within 2 s of its destruction", c.id);
            }
        }
    }

    // =============================================================================================
    // Recover

    @Override
    public CompletionStage<Set<ContainerId>> recover(Path runRoot, List<ContainerState> states) {
        return CompletableFuture.supplyAsync(() -> {
            Set<ContainerId> known = new HashSet<>();
            for (ContainerState s : states) {
                known.add(s.id());
                adopt(s.id(), runRoot.resolve(s.id().value()), s.pid());
            }
            Set<ContainerId> orphans = new HashSet<>();
            for (ContainerId id : running(runRoot)) {
                if (!known.contains(id) && !containers.containsKey(id)) {
                    orphans.add(id);
                    adopt(id, runRoot.resolve(id.value()), 0);
                }
            }
            if (!orphans.isEmpty()) {
                LOG.warn("Found {} orphan container(s) under {} that the agent has no record of: {}", orphans.size(),
                        runRoot, orphans);
            }
            return Set.copyOf(orphans);
        }, workers);
    }

    private void adopt(ContainerId id, Path runDir, long checkpointedPid) {
        long[] record = Supervisor.readRecord(runDir);
        long pid = record != null ? record[0] : checkpointedPid;
        long start = record != null ? record[1] : 0;
        Container c = new Container(id, runDir, pid, start, null, null);
        if (pid > 0 && table.alive(pid, start)) {
            ProcessHandle.of(pid).ifPresentOrElse(
                    h -> h.onExit().thenAccept(ended -> c.exit.complete(exitOf(c, OptionalInt.empty()))),
                    () -> c.exit.complete(exitOf(c, OptionalInt.empty())));
        } else {
            c.exit.complete(exitOf(c, OptionalInt.empty()));
        }
        containers.put(id, c);
        LOG.info("Recovered container {} (supervisor {}, {})", id, pid, c.exit.isDone() ? "ended" : "running");
    }

    /** Ids of containers under {@code runRoot} with a live process: a live supervisor or a marked process. */
    private Set<ContainerId> running(Path runRoot) {
        Set<ContainerId> ids = new HashSet<>();
        if (Files.isDirectory(runRoot)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runRoot)) {
                for (Path dir : dirs) {
                    long[] r = Supervisor.readRecord(dir);
                    if (r != null && table.alive(r[0], r[1])) {
                        ids.add(ContainerId.of(dir.getFileName().toString()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot list the run dirs under {}: {}", runRoot, e.toString());
            }
        }
        for (String marker : table.markers(table.scan()).values()) {
            Path dir = Path.of(marker);
            if (runRoot.equals(dir.getParent())) {
                try {
                    ids.add(ContainerId.of(dir.getFileName().toString()));
                } catch (IllegalArgumentException ignored) {
                    // not a container's run dir
                }
            }
        }
        return ids;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing container processes", e);
        }
    }

    /** What the launcher knows of one container. */
    private static final class Container {
        final ContainerId id;
        final Path runDir;
        /** The supervisor's pid (the session id) and its start time; 0 if unknown. */
        final long pid;
        final long startTime;
        /** The pipe that lets a held supervisor go; null once used, or for a recovered container. */
        volatile OutputStream go;
        final CompletableFuture<ContainerExit> exit = new CompletableFuture<>();
        /** Pid allocation before its fork, to read only newer processes; null after a recovery. */
        final ProcessTable.PidMark mark;

        Container(ContainerId id, Path runDir, long pid, long startTime, OutputStream go, ProcessTable.PidMark mark) {
            this.id = id;
            this.runDir = runDir;
            this.pid = pid;
            this.startTime = startTime;
            this.go = go;
            this.mark = mark;
        }
    }
}
