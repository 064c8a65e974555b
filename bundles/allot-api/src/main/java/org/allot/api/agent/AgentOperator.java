package org.allot.api.agent;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The operator's view of the agent running in this process, registered as an OSGi service by the
 * agent while it runs.
 *
 * <h2>Threading</h2>
 * Any thread. The getters return snapshots taken on the agent's event loop; {@link #drain} blocks
 * the calling thread (a shell session), never the agent's loop.
 *
 * <h2>State</h2>
 * An agent is {@link AgentHealth.State#ACTIVE ACTIVE}, {@link AgentHealth.State#DEGRADED DEGRADED}
 * (it runs, but cannot launch what it is configured to, e.g. a configured isolator is missing),
 * {@link AgentHealth.State#DRAINING DRAINING} or {@link AgentHealth.State#DRAINED DRAINED}. The same
 * health is reported to the master, which shows it in {@code allot:agent-list}.
 *
 * <h2>Errors</h2>
 * Calls on an agent that stopped throw {@link IllegalStateException} naming why.
 */
@ProviderType
public interface AgentOperator {

    /** The agent's health: its state and, unless ACTIVE, why. */
    AgentHealth health();

    /** Every container the agent runs or has adopted, with its isolators, limits and latest usage. */
    List<ContainerView> containers();

    /** The isolators in the configured order, then the available ones not configured. */
    List<IsolatorView> isolators();

    /**
     * Drains the agent: refuses new tasks, kills every task and executor with a terminal status
     * update (reason {@code AGENT_DRAINING}), waits until the master acknowledged every update or
     * {@code timeout} passed, then stops the agent. Containers still running at the timeout are
     * destroyed before the agent stops, so nothing of its tasks outlives a drain.
     *
     * @param timeout  how long to wait for the tasks to end and their updates to be acknowledged
     * @param progress told, about once a second, what remains (e.g. "3 task(s) running, 2 update(s)
     *                 unacknowledged")
     * @return what the drain did
     * @throws IllegalStateException if the agent is not running
     */
    DrainResult drain(Duration timeout, Consumer<String> progress);
}
