package org.allot.agent.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.allot.api.agent.ContainerView;
import org.allot.api.agent.IsolatorView;
import org.allot.spi.isolation.ResourceUsage;

/**
 * What the {@link org.allot.api.agent.AgentOperator} shows of an agent: its containers and its
 * isolators. The records are read and usage is asked for on the agent's loop; the answers are
 * awaited on the caller's thread (at most {@link #USAGE_WAIT_MS} in all), so a slow cgroupfs never
 * holds the loop.
 */
final class AgentViews {

    static final long USAGE_WAIT_MS = 2000;

    private AgentViews() {
    }

    private record Row(ContainerView view, CompletionStage<ResourceUsage> usage) {
    }

    static List<ContainerView> containers(Agent agent) {
        List<Row> rows = agent.loop().call(() -> {
            List<Row> out = new ArrayList<>();
            for (ContainerRecord c : agent.containerizer().all()) {
                String runs = c.task != null ? "task " + c.task.taskId()
                        : c.executor != null ? "executor " + c.executor.executorId() : "-";
                List<String> isolators = new ArrayList<>();
                isolators.add("launcher " + c.isolation.launcher() + (c.missing.contains("launcher "
                        + c.isolation.launcher()) ? " (missing)" : ""));
                for (String i : c.isolation.isolators()) {
                    isolators.add(i + (c.missing.contains("isolator " + i) ? " (missing)" : ""));
                }
                CompletionStage<ResourceUsage> usage = c.running() ? agent.containerizer().usage(c) : null;
                out.add(new Row(new ContainerView(c.id.value(), c.frameworkId.value(), runs, c.pid, isolators,
                        c.limits, c.recovered, Optional.empty()), usage));
            }
            return out;
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(USAGE_WAIT_MS);
        List<ContainerView> views = new ArrayList<>(rows.size());
        for (Row r : rows) {
            ContainerView v = r.view();
            views.add(new ContainerView(v.id(), v.frameworkId(), v.runs(), v.pid(), v.isolators(), v.limits(),
                    v.recovered(), await(r.usage(), deadline).map(AgentViews::usage)));
        }
        return views;
    }

    static List<IsolatorView> isolators(Agent agent) {
        return agent.loop().call(() -> agent.containerizer().isolatorViews());
    }

    private static Optional<ResourceUsage> await(CompletionStage<ResourceUsage> usage, long deadline) {
        if (usage == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(usage.toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty(); // not measurable now: shown as "-"
        }
    }

    static ContainerView.Usage usage(ResourceUsage u) {
        double cpu = (ResourceUsage.measured(u.cpuUserSeconds()) ? u.cpuUserSeconds() : 0)
                + (ResourceUsage.measured(u.cpuSystemSeconds()) ? u.cpuSystemSeconds() : 0);
        return new ContainerView.Usage(cpu, u.memRssBytes(), (int) u.processes());
    }
}
