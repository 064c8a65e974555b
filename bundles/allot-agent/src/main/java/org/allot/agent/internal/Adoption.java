package org.allot.agent.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.Launcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which containers each launcher and isolator has adopted. A container recovered from the
 * checkpoint is adopted by each service of its isolation through {@code recover}; when a service
 * goes away (its bundle is updated, refreshed, stopped or uninstalled) its containers are abandoned:
 * they keep running, and no call about them reaches that service; when a service with that name
 * comes back, it re-adopts them through {@code recover}. A container that ended while one of its
 * isolators was away is cleaned up by that isolator when it returns.
 *
 * <p>Threading: every method on the agent's event loop, except the {@link IsolationRegistry.Listener}
 * callbacks, which post to it.
 */
final class Adoption implements IsolationRegistry.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Adoption.class);

    private final Containerizer z;
    /** Per isolator name: containers that ended while it was away, to clean up when it returns. */
    private final Map<String, Map<ContainerId, ContainerState>> pendingCleanups = new LinkedHashMap<>();

    Adoption(Containerizer containerizer) {
        this.z = containerizer;
    }

    // =============================================================================================
    // Recovery from the checkpoint

    /**
     * Adopts the checkpointed containers: each service of a container's isolation that is there
     * recovers it now (asynchronously); the others leave it abandoned until they come. Returns the
     * records in the order given.
     */
    List<ContainerRecord> adopt(List<Checkpointer.Container> saved) {
        List<ContainerRecord> records = new ArrayList<>();
        for (Checkpointer.Container cc : saved) {
            ContainerRecord c = new ContainerRecord(cc.id(), isolationOf(cc), cc.frameworkId(), cc.sandbox(),
                    cc.limits());
            c.pid = cc.pid();
            c.recovered = true;
            z.containers.put(c.id, c);
            records.add(c);
        }
        Set<String> launchers = new HashSet<>();
        Set<String> isolators = new HashSet<>();
        records.forEach(c -> {
            launchers.add(c.isolation.launcher());
            isolators.addAll(c.isolation.isolators());
        });
        launchers.add(z.isolation().launcher()); // to find orphans even when nothing was checkpointed
        launchers.forEach(name -> arrive(IsolationRegistry.Kind.LAUNCHER, name, true));
        isolators.forEach(name -> arrive(IsolationRegistry.Kind.ISOLATOR, name, true));
        return records;
    }

    private static Isolation isolationOf(Checkpointer.Container cc) {
        try {
            return Isolation.parse(cc.isolator());
        } catch (IllegalArgumentException e) {
            LOG.warn("Container {} has an unreadable isolation in its checkpoint ({}); assuming {}", cc.id(),
                    e.getMessage(), Isolation.posix());
            return Isolation.posix();
        }
    }

    // =============================================================================================
    // Services that come and go

    @Override
    public void added(IsolationRegistry.Kind kind, String name) {
        z.loop.execute(() -> {
            if (!z.stopping) {
                arrive(kind, name, false);
            }
        });
    }

    @Override
    public void removed(IsolationRegistry.Kind kind, String name) {
        z.loop.execute(() -> {
            if (!z.stopping) {
                leave(kind, name);
            }
        });
    }

    private void leave(IsolationRegistry.Kind kind, String name) {
        String key = Containerizer.key(kind, name);
        List<ContainerId> abandoned = new ArrayList<>();
        for (ContainerRecord c : z.containers.values()) {
            if (!c.finished && uses(c, kind, name) && c.missing.add(key)) {
                c.recovering.remove(key);
                abandoned.add(c.id);
            }
        }
        if (!abandoned.isEmpty()) {
            LOG.warn("The {} went away: abandoning {} container(s) that use it; they keep running, and are re-adopted"
                    + " when a {} named '{}' is available again: {}", key, abandoned.size(), kind.label(), name,
                    abandoned);
        }
    }

    /**
     * A service arrived (or, at start, is looked for): it recovers the containers that use it and
     * are not adopted by it, and cleans up those that ended while it was away.
     */
    private void arrive(IsolationRegistry.Kind kind, String name, boolean atStart) {
        String key = Containerizer.key(kind, name);
        List<ContainerRecord> group = new ArrayList<>();
        for (ContainerRecord c : z.containers.values()) {
            if (!c.finished && !c.launching && uses(c, kind, name) && (atStart || c.missing.contains(key))) {
                group.add(c);
            }
        }
        boolean present = z.registry.has(kind, name);
        if (!present) {
            if (!group.isEmpty()) {
                group.forEach(c -> c.missing.add(key));
                LOG.warn("The {} is not available: {} container(s) that use it stay running, abandoned, until it is:"
                        + " {}", key, group.size(), ids(group));
            }
            return;
        }
        Map<ContainerId, ContainerState> pending = kind == IsolationRegistry.Kind.ISOLATOR
                ? pendingCleanups.remove(name) : null;
        if (group.isEmpty() && pending == null && !(atStart && kind == IsolationRegistry.Kind.LAUNCHER)) {
            return;
        }
        group.forEach(c -> {
            c.missing.remove(key);
            c.recovering.add(key);
        });
        List<ContainerState> states = new ArrayList<>();
        group.forEach(c -> states.add(c.state()));
        if (kind == IsolationRegistry.Kind.LAUNCHER) {
            Launcher launcher = z.registry.launcher(name).orElseThrow();
            z.onLoop(Containerizer.call(() -> launcher.recover(z.runRoot, states)), (orphans, err) -> {
                if (err == null) {
                    destroyOrphans(launcher, orphans);
                }
                adopted(kind, name, group, err);
            });
        } else {
            Isolator isolator = z.registry.isolator(name).orElseThrow();
            List<ContainerState> all = new ArrayList<>(states);
            if (pending != null) {
                all.addAll(pending.values());
            }
            z.onLoop(Containerizer.call(() -> isolator.recover(all, Set.of())), (v, err) -> {
                adopted(kind, name, group, err);
                if (pending != null && err == null) {
                    LOG.info("Isolator '{}' is back: cleaning up {} container(s) that ended while it was away",
                            name, pending.size());
                    pending.keySet().forEach(id -> Containerizer.call(() -> isolator.cleanup(id)));
                }
            });
        }
    }

    private void adopted(IsolationRegistry.Kind kind, String name, List<ContainerRecord> group, Throwable err) {
        String key = Containerizer.key(kind, name);
        if (err != null) {
            LOG.warn("The {} could not recover {} container(s): {}; they stay running, abandoned, until it is"
                    + " registered again", key, group.size(), Containerizer.message(err));
        } else if (!group.isEmpty()) {
            LOG.info("The {} adopted {} container(s): {}", key, group.size(), ids(group));
        }
        for (ContainerRecord c : group) {
            if (!c.recovering.remove(key)) {
                continue; // it went away again meanwhile
            }
            if (err != null) {
                c.missing.add(key);
                continue;
            }
            if (kind == IsolationRegistry.Kind.LAUNCHER) {
                z.listenForExit(c);
            } else {
                z.watch(c, name);
            }
            if (c.destroyRequested && z.canEnd(c)) {
                z.teardown(c);
            }
        }
    }

    private void destroyOrphans(Launcher launcher, Set<ContainerId> orphans) {
        for (ContainerId id : orphans) {
            if (z.containers.containsKey(id)) {
                continue;
            }
            LOG.warn("Destroying orphan container {}: launcher '{}' found it running, but this agent has no record of"
                    + " it", id, launcher.name());
            List<Isolator> isolators = new ArrayList<>();
            z.registry.isolatorNames().forEach(n -> z.registry.isolator(n).ifPresent(isolators::add));
            Containerizer.call(() -> launcher.destroy(id)).whenComplete((v, err) -> {
                for (Isolator i : isolators) {
                    Containerizer.call(() -> i.cleanup(id));
                }
            });
        }
    }

    // =============================================================================================
    // Cleanup in reverse order

    /** The isolator cleanups of one container, planned on the loop, run in reverse list order. */
    interface Cleanup {
        CompletionStage<Void> run();
    }

    /**
     * Plans the cleanup of {@code names} for the container, in reverse order: isolators that are
     * there clean up in turn (a failure is logged and the next goes on); one that is away cleans up
     * when it returns.
     */
    Cleanup planCleanup(ContainerRecord c, List<String> names) {
        List<Isolator> present = new ArrayList<>();
        for (int i = names.size() - 1; i >= 0; i--) {
            String name = names.get(i);
            Isolator iso = c.missing.contains(Containerizer.key(IsolationRegistry.Kind.ISOLATOR, name)) ? null
                    : z.registry.isolator(name).orElse(null);
            if (iso != null) {
                present.add(iso);
            } else if (c.pid > 0) {
                pendingCleanups.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(c.id, c.state());
                LOG.warn("Isolator '{}' is not available to clean up container {}; it will when it returns", name,
                        c.id);
            }
        }
        return () -> {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (Isolator iso : present) {
                chain = chain.thenCompose(v -> Containerizer.call(() -> iso.cleanup(c.id)).handle((r, err) -> {
                    if (err != null) {
                        LOG.warn("Isolator '{}' failed to clean up container {}: {}", iso.name(), c.id,
                                Containerizer.message(err));
                    }
                    return null;
                }));
            }
            return chain;
        };
    }

    /** Containers ended while these isolators were away, by isolator name; for the operator. */
    Map<String, Set<ContainerId>> pendingCleanups() {
        Map<String, Set<ContainerId>> m = new LinkedHashMap<>();
        pendingCleanups.forEach((k, v) -> m.put(k, Set.copyOf(v.keySet())));
        return m;
    }

    private static boolean uses(ContainerRecord c, IsolationRegistry.Kind kind, String name) {
        return kind == IsolationRegistry.Kind.LAUNCHER ? c.isolation.launcher().equals(name)
                : c.isolation.isolators().contains(name);
    }

    private static List<ContainerId> ids(List<ContainerRecord> group) {
        List<ContainerId> ids = new ArrayList<>();
        group.forEach(c -> ids.add(c.id));
        return ids;
    }
}
