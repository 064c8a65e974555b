package org.allot.agent.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.allot.api.agent.AgentHealth;
import org.allot.api.agent.AgentOperator;
import org.allot.api.agent.ContainerView;
import org.allot.api.agent.DrainResult;
import org.allot.api.agent.IsolatorView;

/**
 * The {@link AgentOperator} service of the agent running in this process: reads through the
 * current {@link Agent} (a configuration change replaces it), and after a drain runs
 * {@code afterDrain} (in Karaf, disabling the agent component, so it stays stopped until an
 * operator enables it again).
 *
 * <p>Threading: any thread; the agent answers from its loop.
 */
final class AgentOperatorService implements AgentOperator {

    private final Supplier<Agent> agent;
    private final Runnable afterDrain;

    AgentOperatorService(Supplier<Agent> agent, Runnable afterDrain) {
        this.agent = agent;
        this.afterDrain = afterDrain;
    }

    @Override
    public AgentHealth health() {
        Agent a = running();
        return a.loop().call(a.healthKeeper()::health);
    }

    @Override
    public List<ContainerView> containers() {
        return AgentViews.containers(running());
    }

    @Override
    public List<IsolatorView> isolators() {
        return AgentViews.isolators(running());
    }

    @Override
    public DrainResult drain(Duration timeout, Consumer<String> progress) {
        DrainResult result = new Drainer(running()).drain(timeout, progress);
        afterDrain.run();
        return result;
    }

    private Agent running() {
        Agent a = agent.get();
        if (a == null) {
            throw new IllegalStateException("no agent runs in this process");
        }
        return a;
    }
}
