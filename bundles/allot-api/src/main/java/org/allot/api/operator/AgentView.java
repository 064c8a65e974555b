package org.allot.api.operator;

import java.util.Objects;

import org.allot.api.AgentId;
import org.allot.api.Attributes;
import org.allot.api.Resources;
import org.allot.api.agent.AgentHealth;

/**
 * A snapshot of one agent as the master sees it.
 *
 * @param id         the agent id
 * @param hostname   its host
 * @param port       its port
 * @param total      everything it has
 * @param allocated  what frameworks use or are offered on it
 * @param attributes its attributes
 * @param active     whether it is connected; a disconnected agent is kept for a while and offers nothing
 * @param health     how the agent says it is; one that is not ACTIVE (e.g. DEGRADED: a configured
 *                   isolator is missing) offers nothing, and the reason says why
 */
public record AgentView(AgentId id, String hostname, int port, Resources total, Resources allocated,
                        Attributes attributes, boolean active, AgentHealth health) {

    public AgentView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(allocated, "allocated");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(health, "health");
    }

    /** An agent that reports nothing wrong. */
    public AgentView(AgentId id, String hostname, int port, Resources total, Resources allocated,
                     Attributes attributes, boolean active) {
        this(id, hostname, port, total, allocated, attributes, active, AgentHealth.ACTIVE);
    }
}
