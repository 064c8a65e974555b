package org.allot.api.agent;

import java.util.Objects;

/**
 * How an agent is: its state and, unless {@link State#ACTIVE}, why, in words an operator can act on
 * (e.g. "isolator 'cgroups/mem' of isolation=cgroups/mem,posix is not installed; install its
 * feature or change isolation").
 *
 * @param state  the state
 * @param reason empty when ACTIVE
 */
public record AgentHealth(State state, String reason) {

    /** An agent's state, as the agent reports it. */
    public enum State {
        /** Runs and launches tasks. */
        ACTIVE,
        /** Runs, but cannot launch all it is configured to: see the reason. */
        DEGRADED,
        /** Killing its tasks on an operator's request; launches nothing. */
        DRAINING,
        /** Drained: runs no task and is stopping. */
        DRAINED
    }

    public static final AgentHealth ACTIVE = new AgentHealth(State.ACTIVE, "");

    public AgentHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? state.name() : state + " (" + reason + ")";
    }
}
