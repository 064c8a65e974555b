package org.allot.agent.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.allot.api.agent.ContainerView;
import org.allot.api.agent.IsolatorView;
import org.allot.spi.isolation.ResourceUsage;

/**
 * What the {@link org.allot.api.agent.AgentOperator} shows of an agent: its containers and its
 * isolators. The records are read on the agent's loop; usage is measured after, on the caller's
 * thread, so a slow {@code /proc} or cgroupfs never holds the loop.
 */
final class AgentViews {

    private AgentViews() {
    }

    static List<ContainerView> containers(Agent agent) {
        List<ContainerView> rows = agent.loop().call(() -> {
            List<ContainerView> out = new ArrayList<>();
            for (ContainerRecord c : agent.containerizer().all()) {
                String runs = c.task != null ? "task " + c.task.taskId()
                        : c.executor != null ? "executor " + c.executor.executorId() : "-";
                out.add(new ContainerView(c.id.value(), c.frameworkId.value(), runs, c.pid,
                        agent.containerizer().isolatorsOf(c), c.limits, c.recovered, Optional.empty()));
            }
            return out;
        });
        List<ContainerView> views = new ArrayList<>(rows.size());
        for (ContainerView v : rows) {
            Optional<ContainerView.Usage> usage = agent.containerizer().usage(
                    org.allot.spi.isolation.ContainerId.of(v.id())).map(AgentViews::usage);
            views.add(new ContainerView(v.id(), v.frameworkId(), v.runs(), v.pid(), v.isolators(), v.limits(),
                    v.recovered(), usage));
        }
        return views;
    }

    static List<IsolatorView> isolators(Agent agent) {
        return agent.loop().call(() -> agent.containerizer().isolatorViews());
    }

    static ContainerView.Usage usage(ResourceUsage u) {
        double cpu = (ResourceUsage.measured(u.cpuUserSeconds()) ? u.cpuUserSeconds() : 0)
                + (ResourceUsage.measured(u.cpuSystemSeconds()) ? u.cpuSystemSeconds() : 0);
        return new ContainerView.Usage(cpu, Math.max(-1, u.memRssBytes()), (int) Math.max(-1, u.processes()));
    }
}
