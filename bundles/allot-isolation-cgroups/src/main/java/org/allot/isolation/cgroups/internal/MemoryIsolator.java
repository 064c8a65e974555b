package org.allot.isolation.cgroups.internal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.allot.api.Resource;
import org.allot.api.Resources;
import org.allot.api.TaskStatus;
import org.allot.isolation.cgroups.internal.kernel.Cgroup;
import org.allot.isolation.cgroups.internal.kernel.CgroupFiles;
import org.allot.isolation.cgroups.internal.kernel.Controller;
import org.allot.isolation.cgroups.internal.kernel.MemoryUsage;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLimitation;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.ResourceUsage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cgroups/mem}: the container's {@code mem} (MB) as its hard memory limit (v1
 * {@code memory.limit_in_bytes}, v2 {@code memory.max}). When the container passes it, the kernel's
 * OOM killer kills a process of it; {@link #watch} then completes with a
 * {@code CONTAINER_LIMITATION_MEMORY} limitation carrying the limit and the peak usage, and the agent
 * ends the container and fails its tasks.
 *
 * <p>NOTE: the OOM kill is found by a check of the container's kill count when the cgroups launcher
 * sees its first process exit (before it reports the exit, so the agent hears the reason first), and
 * every {@code oom.check-interval} (250 ms) for processes killed while the first one runs: the kill
 * count is v1 {@code memory.oom_control oom_kill} or v2 {@code memory.events oom_kill}, read on the
 * host's threads, off the agent's loop: one small read per container, where an
 * eventfd (v1 {@code cgroup.event_control}) would need native code.
 */
@Component(service = Isolator.class, property = Isolator.NAME_PROPERTY + "=" + MemoryIsolator.NAME)
public final class MemoryIsolator extends CgroupIsolator {

    public static final String NAME = "cgroups/mem";
    private static final Logger LOG = LoggerFactory.getLogger(MemoryIsolator.class);
    private static final double MB = 1024.0 * 1024.0;

    private final Map<ContainerId, CompletableFuture<ContainerLimitation>> watches = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> checks;
    private final Consumer<ContainerId> exitCheck = this::check;

    @Activate
    public MemoryIsolator(@Reference CgroupsHost host) {
        super(host);
        long every = host.settings().oomCheckInterval().toMillis();
        this.checks = host.scheduler().scheduleWithFixedDelay(this::checkAll, every, every, TimeUnit.MILLISECONDS);
        host.onContainerExit(exitCheck);
    }

    @Deactivate
    public void close() {
        checks.cancel(false);
        host.removeContainerExitCheck(exitCheck);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Set<Controller> controllers() {
        return EnumSet.of(Controller.MEMORY);
    }

    @Override
    protected void apply(Cgroup cgroup, Resources limits) {
        double mem = limits.scalar("mem");
        if (mem <= 0) {
            throw new IllegalArgumentException("container limits " + limits + " have no mem: cgroups/mem needs a"
                    + " positive mem resource (MB) to limit the container to");
        }
        cgroup.setMemoryLimit((long) (mem * MB));
    }

    @Override
    protected ResourceUsage measure(Cgroup cgroup) {
        MemoryUsage m = cgroup.memoryUsage();
        return usage(ResourceUsage.NOT_MEASURED, ResourceUsage.NOT_MEASURED, ResourceUsage.NOT_MEASURED,
                m.rssBytes(), m.peakBytes(), ResourceUsage.NOT_MEASURED);
    }

    @Override
    public CompletionStage<ContainerLimitation> watch(ContainerId containerId) {
        if (!containers.containsKey(containerId)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown container " + containerId
                    + ": " + NAME + " never prepared or recovered it, or it was cleaned up"));
        }
        return watches.computeIfAbsent(containerId, id -> new CompletableFuture<>());
    }

    @Override
    public CompletionStage<Void> cleanup(ContainerId containerId) {
        watches.remove(containerId);
        return super.cleanup(containerId);
    }

    /** One pass over the watched containers; also called by tests instead of waiting for the timer. */
    void checkAll() {
        watches.keySet().forEach(this::check);
    }

    /** Completes the container's watch if the kernel OOM-killed a process of it. */
    private void check(ContainerId id) {
        CompletableFuture<ContainerLimitation> watch = watches.get(id);
        Tracked t = containers.get(id);
        if (watch == null || t == null || watch.isDone()) {
            return;
        }
        try {
            MemoryUsage m = t.cgroup().memoryUsage();
            if (m.oomKills() > 0) {
                ContainerLimitation l = limitation(id, m);
                LOG.info("Container {}: {}", id, l.message());
                watch.complete(l);
            }
        } catch (RuntimeException ex) {
            // The cgroup went away between the map read and the file read: the container is ending.
            LOG.debug("OOM check of container {} failed: {}", id, ex.toString());
        }
    }

    static ContainerLimitation limitation(ContainerId id, MemoryUsage m) {
        double limitMb = m.limitBytes() == CgroupFiles.UNLIMITED ? 0 : m.limitBytes() / MB;
        double peakMb = m.peakBytes() / MB;
        String message = String.format(Locale.ROOT, "memory limit %.0f MB of container %s exceeded (peak %.1f MB): the"
                + " kernel's OOM killer killed %d process(es)", limitMb, id, peakMb, m.oomKills());
        return new ContainerLimitation(TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY,
                Resources.of(Resource.scalar("mem", Math.round(limitMb * 1000) / 1000.0)),
                Resources.of(Resource.scalar("mem", Math.round(peakMb * 1000) / 1000.0)), message);
    }
}
