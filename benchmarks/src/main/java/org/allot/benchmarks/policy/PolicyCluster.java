package org.allot.benchmarks.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.master.internal.allocation.AllocationEngine;
import org.allot.protocol.loop.ManualEventLoop;
import org.allot.spi.allocation.Allocation;
import org.allot.spi.allocation.Allocator;
import org.allot.spi.allocation.Plan;

/**
 * A synthetic cluster around the master's real {@link AllocationEngine} (books, declines, pass
 * view, plan validation) and a real policy, on a {@link ManualEventLoop}: no network, no threads,
 * the clock moves only when told. What Mesos's allocator benchmarks do with their allocator
 * process and a paused clock. The caller's thread is the master's loop.
 */
final class PolicyCluster {

    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    /** Mesos's DeclineOffers agent. */
    static final Resources BIG_AGENT = Resources.parse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]");
    /** What one framework already uses on each agent ("part of each already allocated"). */
    static final Resources USED = Resources.parse("cpus:4;mem:512;disk:512;ports:[31000-31099]");
    /** A long filter: a day. */
    static final Duration LONG_REFUSE = Duration.ofDays(1);

    final ManualEventLoop loop = new ManualEventLoop(START);
    final AllocationEngine engine = new AllocationEngine(loop, agentId -> List.of(), () -> { });
    final List<AgentId> agents = new ArrayList<>();
    final List<FrameworkId> frameworks = new ArrayList<>();

    PolicyCluster(Allocator policy) {
        engine.usePolicy(policy);
    }

    /** Adds {@code count} frameworks, framework i in role {@code roleOf(i)}. */
    void addFrameworks(int count, java.util.function.IntFunction<String> roleOf) {
        for (int i = 0; i < count; i++) {
            FrameworkId id = FrameworkId.of(String.format("f-%05d", frameworks.size()));
            engine.addFramework(id, FrameworkInfo.builder("bench-" + id.value(), "bench").role(roleOf.apply(i)).build()
                    .withId(id), true);
            frameworks.add(id);
        }
    }

    /**
     * Adds {@code count} agents of {@code total}; with {@code used}, agent i already runs {@link #USED}
     * for framework i mod frameworks. With {@code passEach}, each is followed by the incremental
     * pass its registration asks for (offering it), as when agents register one by one.
     */
    void addAgents(int count, Resources total, boolean used, boolean passEach) {
        for (int i = 0; i < count; i++) {
            AgentId id = AgentId.of(String.format("a-%06d", agents.size()));
            Map<FrameworkId, Resources> usage = used && !frameworks.isEmpty()
                    ? Map.of(frameworks.get(agents.size() % frameworks.size()), USED) : Map.of();
            engine.addAgent(id, AgentInfo.unregistered("host-" + id.value(), 5051, total).withId(id), total, usage);
            agents.add(id);
            if (passEach) {
                engine.pass(false);
            }
        }
    }

    /** Every offer of the plan is declined with {@code refuse} (recovered, then the decline recorded). */
    void decline(Plan plan, Duration refuse) {
        for (Allocation a : plan.offers()) {
            engine.recoverOffered(a.frameworkId(), a.agentId(), a.resources());
            engine.decline(a.frameworkId(), a.agentId(), a.resources(), refuse);
        }
    }

    /** Every offer of the plan comes back unused, with no decline. */
    void recover(Plan plan) {
        for (Allocation a : plan.offers()) {
            engine.recoverOffered(a.frameworkId(), a.agentId(), a.resources());
        }
    }
}
