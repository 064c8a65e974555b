package org.allot.agent.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.allot.api.Resources;
import org.allot.spi.isolation.ContainerConfig;
import org.allot.spi.isolation.ContainerExit;
import org.allot.spi.isolation.ContainerId;
import org.allot.spi.isolation.ContainerLaunch;
import org.allot.spi.isolation.ContainerLimitation;
import org.allot.spi.isolation.ContainerState;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.LaunchRequest;
import org.allot.spi.isolation.Launcher;

/**
 * Hand-written fakes of a launcher and isolators that run no process and write every call to one
 * shared journal, so a test can assert the order of calls across them.
 */
final class FakeIsolation {

    /** Every call, in order, e.g. {@code prepare a}, {@code fork}, {@code cleanup a}. */
    final List<String> journal = Collections.synchronizedList(new ArrayList<>());

    List<String> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    /** Forgets the calls so far. */
    void clear() {
        journal.clear();
    }

    final class FakeLauncher implements Launcher {
        final String name;
        final Map<ContainerId, CompletableFuture<ContainerExit>> exits = new ConcurrentHashMap<>();
        /** What recover finds recorded for containers that ended while no agent ran. */
        final Map<ContainerId, ContainerExit> recorded = new ConcurrentHashMap<>();
        final Map<ContainerId, LaunchRequest> requests = new ConcurrentHashMap<>();
        private final AtomicLong pids = new AtomicLong(900_000);

        FakeLauncher(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CompletionStage<Set<ContainerId>> recover(Path runRoot, List<ContainerState> states) {
            journal.add("recover launcher " + ids(states));
            for (ContainerState s : states) {
                CompletableFuture<ContainerExit> exit = exits.computeIfAbsent(s.id(), k -> new CompletableFuture<>());
                if (recorded.containsKey(s.id())) {
                    exit.complete(recorded.get(s.id()));
                }
            }
            return CompletableFuture.completedFuture(Set.of());
        }

        @Override
        public CompletionStage<Long> fork(ContainerId id, LaunchRequest request) {
            journal.add("fork");
            requests.put(id, request);
            exits.put(id, new CompletableFuture<>());
            return CompletableFuture.completedFuture(pids.incrementAndGet());
        }

        @Override
        public CompletionStage<Void> start(ContainerId id) {
            journal.add("start");
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<ContainerExit> onExit(ContainerId id) {
            CompletableFuture<ContainerExit> exit = exits.get(id);
            return exit != null ? exit.copy()
                    : CompletableFuture.failedFuture(new IllegalArgumentException("unknown container " + id));
        }

        @Override
        public CompletionStage<Void> destroy(ContainerId id) {
            journal.add("destroy");
            CompletableFuture<ContainerExit> exit = exits.get(id);
            if (exit != null) {
                exit.complete(ContainerExit.exited(137));
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Set<Long>> pids(ContainerId id) {
            return CompletableFuture.completedFuture(Set.of());
        }

        /** The container's first process exits with {@code status}. */
        void exit(ContainerId id, int status) {
            exits.get(id).complete(ContainerExit.exited(status));
        }
    }

    final class FakeIsolator implements Isolator {
        final String name;
        final Map<ContainerId, CompletableFuture<ContainerLimitation>> watches = new ConcurrentHashMap<>();
        volatile boolean failPrepare;
        /** When set, prepare does not complete until the test completes this. */
        volatile CompletableFuture<ContainerLaunch> heldPrepare;

        FakeIsolator(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CompletionStage<Void> recover(List<ContainerState> states, Set<ContainerId> orphans) {
            journal.add("recover " + name + " " + ids(states));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<ContainerLaunch> prepare(ContainerId id, ContainerConfig config) {
            journal.add("prepare " + name);
            if (failPrepare) {
                return CompletableFuture.failedFuture(new IllegalStateException(name + " refuses: no room"));
            }
            if (heldPrepare != null) {
                return heldPrepare;
            }
            return CompletableFuture.completedFuture(new ContainerLaunch(List.of("/usr/bin/env"),
                    Map.of("ISOLATED_BY_" + name.replace('/', '_').toUpperCase(), "yes")));
        }

        @Override
        public CompletionStage<Void> isolate(ContainerId id, long pid) {
            journal.add("isolate " + name);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<ContainerLimitation> watch(ContainerId id) {
            return watches.computeIfAbsent(id, k -> new CompletableFuture<>());
        }

        @Override
        public CompletionStage<Void> update(ContainerId id, Resources limits) {
            journal.add("update " + name);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> cleanup(ContainerId id) {
            journal.add("cleanup " + name);
            return CompletableFuture.completedFuture(null);
        }
    }

    private static Set<String> ids(List<ContainerState> states) {
        Set<String> ids = new TreeSet<>();
        states.forEach(s -> ids.add(s.id().value()));
        return ids;
    }
}
