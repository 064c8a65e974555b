package org.allot.isolation.cgroups.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.allot.isolation.cgroups.internal.kernel.Cgroup;
import org.allot.isolation.cgroups.internal.kernel.Controller;
import org.allot.isolation.cgroups.internal.kernel.Signaller;
import org.allot.spi.isolation.ContainerExit;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.LaunchRequest;
import org.allot.spi.isolation.Launcher;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code cgroups} launcher: forks each container's {@link Supervisor} in a session of its own
 * and in a cgroup of its own (v1: the freezer hierarchy; v2: the container's unified cgroup), and
 * destroys a container by killing every process in that cgroup. A process cannot leave its cgroup
 * by forking, double-forking or {@code setsid}, so nothing escapes: on v1 the cgroup is frozen,
 * every listed process SIGKILLed and the cgroup thawed; on v2 {@code cgroup.kill} does it in the
 * kernel. Then the cgroup is removed.
 *
 * <h2>Recovery</h2>
 * The supervisor's pid and start time and, at its end, the command's exit status are in the
 * container's run dir; {@link #recover} re-adopts the checkpointed containers from there and from
 * their cgroups, and reports as orphans the containers with a run dir and a non-empty cgroup that
 * the agent has no record of.
 *
 * <h2>Threading</h2>
 * Calls return at once; forking, killing and cgroupfs work run on the {@link CgroupsHost}'s
 * threads, and the exit of a recovered container (no longer the JVM's child) is noticed by a check
 * every 100 ms on its scheduler.
 */
@Component(service = Launcher.class, property = Launcher.NAME_PROPERTY + "=" + CgroupsLauncher.NAME)
public final class CgroupsLauncher implements Launcher {

    public static final String NAME = "cgroups";
    private static final Logger LOG = LoggerFactory.getLogger(CgroupsLauncher.class);
    private static final Set<Controller> OWN = EnumSet.of(Controller.FREEZER);

    private final CgroupsHost host;
    private final String setsid;
    private final String shell;
    private final Map<ContainerId, Forked> containers = new ConcurrentHashMap<>();

    /** A container this launcher knows: its run dir, supervisor pid and start time, and its exit. */
    private static final class Forked {
        final ContainerId id;
        final Path runDir;
        final long pid;
        final long startTime;
        final Cgroup cgroup;
        volatile Process process; // null when recovered
        final CompletableFuture<ContainerExit> exit = new CompletableFuture<>();
        volatile ScheduledFuture<?> poll;
        /** Set by destroy before it kills, so the recovered-exit poll leaves the exit to destroy. */
        volatile boolean destroying;

        Forked(ContainerId id, Path runDir, long pid, long startTime, Cgroup cgroup) {
            this.id = id;
            this.runDir = runDir;
            this.pid = pid;
            this.startTime = startTime;
            this.cgroup = cgroup;
        }
    }

    @Activate
    public CgroupsLauncher(@Reference CgroupsHost host) {
        this.host = host;
        this.setsid = Supervisor.findProgram("setsid");
        this.shell = Supervisor.findProgram("sh");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Set<ContainerId>> recover(Path runRoot, List<ContainerState> states) {
        return host.run(() -> {
            for (ContainerState s : states) {
                Path runDir = runRoot.resolve(s.id().value());
                long[] pid = Supervisor.readPid(runDir).orElse(new long[] {s.pid(), Supervisor.startTime(s.pid())});
                Forked f = new Forked(s.id(), runDir, pid[0], pid[1], host.hierarchy().cgroup(s.id().value()));
                containers.put(s.id(), f);
                watchRecovered(f);
                LOG.info("Recovered container {} (supervisor {}, {} process(es) in its cgroup)", s.id(), pid[0],
                        f.cgroup.exists() ? f.cgroup.processes().size() : 0);
            }
            Set<ContainerId> orphans = new LinkedHashSet<>();
            for (String name : host.hierarchy().containers()) {
                ContainerId id;
                try {
                    id = ContainerId.of(name);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (containers.containsKey(id)) {
                    continue;
                }
                if (!Files.isDirectory(runRoot.resolve(name))) {
                    // Another agent's (each has its own run root), or one whose run dir was deleted.
                    LOG.debug("cgroup {} under {} has no run dir in {}: not this agent's container", name,
                            host.hierarchy().parent(), runRoot);
                    continue;
                }
                if (!host.hierarchy().cgroup(name).processes().isEmpty()) {
                    orphans.add(id);
                }
            }
            if (!orphans.isEmpty()) {
                LOG.warn("Found {} orphan container(s) running with no record in the agent: {}", orphans.size(),
                        orphans);
            }
            return orphans;
        });
    }

    @Override
    public CompletionStage<Long> fork(ContainerId containerId, LaunchRequest request) {
        if (containers.containsKey(containerId)) {
            return CompletableFuture.failedFuture(new IllegalStateException("container " + containerId
                    + " was forked already; container ids must be new"));
        }
        return host.run(() -> {
            Cgroup cg = host.hierarchy().cgroup(containerId.value());
            try {
                Files.createDirectories(request.runDir());
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the run dir " + request.runDir() + " of container "
                        + containerId + ": " + e.getMessage(), e);
            }
            cg.create(OWN);
            Process p;
            try {
                ProcessBuilder pb = new ProcessBuilder(Supervisor.argv(setsid, shell, request.runDir(), request.argv()))
                        .directory(request.workingDir().toFile())
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(request.stdout().toFile()))
                        .redirectError(ProcessBuilder.Redirect.appendTo(request.stderr().toFile()));
                pb.environment().clear();
                pb.environment().putAll(request.environment());
                p = pb.start();
            } catch (IOException e) {
                cg.destroy(OWN, host.killTimeout());
                throw new IllegalStateException("cannot start container " + containerId + " (" + request.argv().get(0)
                        + "): " + e.getMessage(), e);
            }
            Forked f = new Forked(containerId, request.runDir(), p.pid(), Supervisor.startTime(p.pid()), cg);
            f.process = p;
            containers.put(containerId, f);
            try {
                // The supervisor is held on its stdin, so nothing of the command runs outside the cgroup.
                cg.addProcess(p.pid());
                Supervisor.writePid(request.runDir(), p.pid(), f.startTime);
            } catch (IOException | RuntimeException e) {
                p.destroyForcibly();
                throw new IllegalStateException("cannot confine container " + containerId + ": " + e.getMessage(), e);
            }
            p.onExit().thenAccept(done -> {
                host.containerExited(containerId);
                f.exit.complete(Supervisor.exit(f.runDir, OptionalInt.of(done.exitValue())));
            });
            return p.pid();
        });
    }

    @Override
    public CompletionStage<Void> start(ContainerId containerId) {
        Forked f = containers.get(containerId);
        if (f == null || f.process == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot start container " + containerId
                    + ": it was not forked by this launcher in this agent's life"));
        }
        // NOTE: done on the caller's thread: three bytes into an empty pipe never block.
        try (OutputStream in = f.process.getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.US_ASCII));
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("cannot start container " + containerId
                    + ": its supervisor (pid " + f.pid + ") is gone: " + e.getMessage(), e));
        }
    }

    @Override
    public CompletionStage<ContainerExit> onExit(ContainerId containerId) {
        Forked f = containers.get(containerId);
        if (f == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown container " + containerId
                    + ": the cgroups launcher never forked or recovered it"));
        }
        return f.exit.copy();
    }

    @Override
    public CompletionStage<Void> destroy(ContainerId containerId) {
        Forked f = containers.get(containerId);
        Cgroup cg = f != null ? f.cgroup : host.hierarchy().cgroup(containerId.value());
        return host.runVoid(() -> {
            // A recovered supervisor is not the JVM's child: if destroy kills it, its status is SIGKILL's.
            if (f != null) {
                f.destroying = true;
            }
            boolean killsRecoveredSupervisor = f != null && f.process == null && Supervisor.alive(f.pid, f.startTime);
            if (cg.exists()) {
                int killed = cg.killAll(Signaller.sigkill(), host.killTimeout());
                LOG.debug("Destroyed container {}: {} process(es) killed", containerId, killed);
                cg.destroy(OWN, host.killTimeout());
            }
            if (f != null) {
                OptionalInt status = killsRecoveredSupervisor ? OptionalInt.of(128 + 9) : OptionalInt.empty();
                if (f.process != null) {
                    // Reaped, so the exit is known before destroy completes.
                    status = OptionalInt.of(f.process.onExit().join().exitValue());
                }
                if (f.poll != null) {
                    f.poll.cancel(false);
                }
                // NOTE: the entry stays so that onExit still answers; a container id is never reused.
                f.exit.complete(Supervisor.exit(f.runDir, status));
            }
        });
    }

    @Override
    public CompletionStage<Set<Long>> pids(ContainerId containerId) {
        Forked f = containers.get(containerId);
        if (f == null) {
            return CompletableFuture.completedFuture(Set.of());
        }
        return host.run(() -> f.cgroup.exists() ? f.cgroup.processes() : Set.of());
    }

    private void watchRecovered(Forked f) {
        f.poll = host.scheduler().scheduleWithFixedDelay(() -> {
            // NOTE: liveness first: a supervisor dead from destroy's kill is seen only after destroying is set.
            if (!Supervisor.alive(f.pid, f.startTime) && !f.destroying) {
                host.containerExited(f.id);
                f.exit.complete(Supervisor.exit(f.runDir, OptionalInt.empty()));
                f.poll.cancel(false);
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
    }
}
