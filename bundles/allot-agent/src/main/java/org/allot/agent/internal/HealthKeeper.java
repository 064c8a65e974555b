package org.allot.agent.internal;

import java.util.List;

import org.allot.api.agent.AgentHealth;
import org.allot.protocol.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's health (iso-agent): DEGRADED while a launcher or isolator of the configured
 * isolation is not available, DRAINING and DRAINED during an operator's drain, ACTIVE otherwise.
 * It logs each change and tells the master, after each (re)registration and on each change, so
 * that {@code allot:agent-list} shows why an agent launches nothing, instead of a component
 * sitting UNSATISFIED that only {@code scr:info} explains.
 *
 * <p>Threading: state confined to the agent's loop; the registry's callbacks (DS threads) post to it.
 */
final class HealthKeeper implements IsolationRegistry.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(HealthKeeper.class);

    private final Agent agent;
    private final IsolationRegistry registry;

    // ----- loop only
    private AgentHealth health = AgentHealth.ACTIVE;
    private String isolationProblem = "";
    /** DRAINING or DRAINED while an operator drains the agent; null otherwise. */
    private AgentHealth drainState;

    HealthKeeper(Agent agent, IsolationRegistry registry) {
        this.agent = agent;
        this.registry = registry;
    }

    AgentHealth health() {
        return health;
    }

    boolean draining() {
        return drainState != null;
    }

    /** Starts or ends a drain ({@code null}: none). */
    void drainState(AgentHealth state) {
        drainState = state;
        refresh();
    }

    /** Checks the configured isolation against the services available now. */
    void checkIsolation() {
        Isolation iso = agent.containerizer().isolation();
        List<String> missing = registry.missing(iso);
        String problem = missing.isEmpty() ? "" : String.join(" and ", missing) + " of isolation " + iso
                + (missing.size() == 1 ? " is" : " are") + " not available, so no task can be launched: install it"
                + " (e.g. feature:install allot-isolation-posix, or allot-isolation-cgroups for cgroups/*) or change"
                + " 'isolation' in etc/org.allot.agent.cfg; available isolators " + registry.isolatorNames()
                + ", launchers " + registry.launcherNames();
        if (!problem.equals(isolationProblem)) {
            isolationProblem = problem;
            if (problem.isEmpty()) {
                LOG.info("The agent's isolation {} is complete again; it launches tasks", iso);
            } else {
                LOG.warn("Agent is DEGRADED: {}", problem);
            }
            refresh();
        }
    }

    /** Tells the master, e.g. after a (re)registration. */
    void send() {
        agent.currentAgentId().ifPresent(id -> agent.sendToMaster(Messages.agentHealth(id, health)));
    }

    private void refresh() {
        AgentHealth next = drainState != null ? drainState
                : isolationProblem.isEmpty() ? AgentHealth.ACTIVE
                : new AgentHealth(AgentHealth.State.DEGRADED, isolationProblem);
        if (!next.equals(health)) {
            health = next;
            send();
        }
    }

    @Override
    public void added(IsolationRegistry.Kind kind, String name) {
        agent.loop().execute(this::checkIsolation);
    }

    @Override
    public void removed(IsolationRegistry.Kind kind, String name) {
        agent.loop().execute(this::checkIsolation);
    }
}
