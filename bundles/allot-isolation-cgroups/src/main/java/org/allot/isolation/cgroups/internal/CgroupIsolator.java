package org.allot.isolation.cgroups.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.allot.api.Resources;
import org.allot.isolation.cgroups.internal.kernel.Cgroup;
import org.allot.isolation.cgroups.internal.kernel.Controller;
import org.allot.isolation.cgroups.internal.kernel.Signaller;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.ResourceUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the cgroups isolators share: a container's cgroup is created with the limits in
 * {@link #prepare}, the first pid joins it in {@link #isolate} (before the launcher lets the command
 * run, so every descendant is a member), and {@link #cleanup} removes it. Subclasses say which
 * controllers they own, how limits map to files, and what they measure.
 *
 * <h2>Threading</h2>
 * Every call returns at once; the cgroupfs work runs on the {@link CgroupsHost}'s threads. The
 * container map is concurrent; a container's entry is touched only by calls about it.
 *
 * <h2>State</h2>
 * Only which containers are known, and their limits: everything else is in the kernel's files, so
 * {@link #recover} rebuilds it from the container ids.
 */
abstract class CgroupIsolator implements Isolator {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupIsolator.class);

    protected final CgroupsHost host;
    protected final Map<ContainerId, Tracked> containers = new ConcurrentHashMap<>();

    /** A known container: its cgroup handle and current limits. */
    protected record Tracked(ContainerId id, Cgroup cgroup, Resources limits) {
    }

    protected CgroupIsolator(CgroupsHost host) {
        this.host = host;
    }

    /** The controllers whose cgroup this isolator creates and removes. */
    protected abstract Set<Controller> controllers();

    /** Writes the limits for {@code limits} into the cgroup. */
    protected abstract void apply(Cgroup cgroup, Resources limits);

    /** What this isolator measures, the rest {@link ResourceUsage#NOT_MEASURED}. */
    protected abstract ResourceUsage measure(Cgroup cgroup);

    @Override
    public CompletionStage<Void> recover(List<ContainerState> states, Set<ContainerId> orphans) {
        return host.runVoid(() -> {
            for (ContainerState s : states) {
                Cgroup cg = host.hierarchy().cgroup(s.id().value());
                containers.put(s.id(), new Tracked(s.id(), cg, s.limits()));
                LOG.info("{}: recovered container {} ({})", name(), s.id(),
                        cg.exists() ? cg.processes().size() + " process(es) in its cgroup" : "its cgroup is gone");
            }
            for (ContainerId o : orphans) {
                Cgroup cg = host.hierarchy().cgroup(o.value());
                if (controllers().stream().anyMatch(cg::exists)) {
                    containers.put(o, new Tracked(o, cg, Resources.empty()));
                    LOG.info("{}: adopted orphan container {} to remove its cgroup at cleanup", name(), o);
                }
            }
        });
    }

    @Override
    public CompletionStage<ContainerLaunch> prepare(ContainerId containerId, ContainerConfig config) {
        if (containers.containsKey(containerId)) {
            return CompletableFuture.failedFuture(new IllegalStateException(name() + ": container " + containerId
                    + " is already prepared; container ids must be new"));
        }
        Cgroup cg = host.hierarchy().cgroup(containerId.value());
        containers.put(containerId, new Tracked(containerId, cg, config.limits()));
        return host.run(() -> {
            cg.create(controllers());
            apply(cg, config.limits());
            return ContainerLaunch.none();
        });
    }

    @Override
    public CompletionStage<Void> isolate(ContainerId containerId, long pid) {
        return withContainer(containerId, t -> host.runVoid(() -> t.cgroup().addProcess(pid)));
    }

    @Override
    public CompletionStage<Void> update(ContainerId containerId, Resources limits) {
        return withContainer(containerId, t -> host.runVoid(() -> {
            apply(t.cgroup(), limits);
            containers.put(containerId, new Tracked(containerId, t.cgroup(), limits));
        }));
    }

    @Override
    public CompletionStage<ResourceUsage> usage(ContainerId containerId) {
        // A recovered container whose cgroup is gone measures as nothing, not as an error.
        return withContainer(containerId, t -> host.run(() -> t.cgroup().exists() ? measure(t.cgroup())
                : ResourceUsage.none(Instant.now())));
    }

    @Override
    public CompletionStage<Void> cleanup(ContainerId containerId) {
        Tracked t = containers.remove(containerId);
        if (t == null) {
            return CompletableFuture.completedFuture(null);
        }
        return host.runVoid(() -> {
            Set<Long> left = t.cgroup().processes();
            if (!left.isEmpty()) {
                // NOTE: the launcher should have killed them; with a launcher that does not know cgroups
                // (posix), an escapee may be left that only the cgroup still knows. Do not leak it.
                LOG.warn("{}: processes {} of container {} outlived its launcher's destroy; killing them through"
                        + " the cgroup", name(), left, containerId);
                t.cgroup().killAll(Signaller.sigkill(), host.killTimeout());
            }
            t.cgroup().destroy(controllers(), host.killTimeout());
        });
    }

    /** The known containers, for tests and the operator. */
    public Set<ContainerId> containers() {
        return Set.copyOf(containers.keySet());
    }

    protected <T> CompletionStage<T> withContainer(ContainerId id, Function<Tracked, CompletionStage<T>> action) {
        Tracked t = containers.get(id);
        if (t == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown container " + id + ": "
                    + name() + " never prepared or recovered it, or it was cleaned up"));
        }
        return action.apply(t);
    }

    protected static ResourceUsage usage(double cpuUser, double cpuSystem, double throttled, long rss, long peak,
            long processes) {
        return new ResourceUsage(Instant.now(), cpuUser, cpuSystem, throttled, rss, peak, processes);
    }
}
