package org.allot.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What an agent says about itself when it registers: where to reach it, what it has and what it is.
 *
 * <p>The id is empty on first registration and assigned by the master ({@link #withId}); an agent
 * that re-registers (after its own or the master's restart) sends the id it was given, which is how
 * the master recognises its running tasks.
 *
 * @param id         the agent id, empty until the master has assigned one
 * @param hostname   the host the agent runs on; offers carry it to frameworks
 * @param port       the agent's port, 1..65535 (5051 by default)
 * @param resources  the agent's total resources
 * @param attributes the agent's attributes, e.g. {@code rack:r1;zone:a}
 */
public record AgentInfo(Optional<AgentId> id, String hostname, int port, Resources resources, Attributes attributes) {

    /** The default agent port. */
    public static final int DEFAULT_PORT = 5051;

    public AgentInfo {
        Objects.requireNonNull(id, "id");
        Names.requireText("agent hostname", hostname);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid agent port " + port + " for " + hostname
                    + ": use 1..65535");
        }
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(attributes, "attributes");
    }

    /** An agent that has not registered yet, without attributes. */
    public static AgentInfo unregistered(String hostname, int port, Resources resources) {
        return new AgentInfo(Optional.empty(), hostname, port, resources, Attributes.empty());
    }

    /** The same agent with the id the master assigned. */
    public AgentInfo withId(AgentId agentId) {
        return new AgentInfo(Optional.of(agentId), hostname, port, resources, attributes);
    }

    /** The id, for code that only sees registered agents (the allocator, the filters). */
    public AgentId requireId() {
        return id.orElseThrow(() -> new IllegalStateException("agent " + hostname + ":" + port
                + " has no id yet; it is assigned when the agent registers"));
    }
}
