package org.allot.api.operator;

import java.util.Objects;

import org.allot.api.AgentId;
import org.allot.api.Attributes;
import org.allot.api.Resources;

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
 */
public record AgentView(AgentId id, String hostname, int port, Resources total, Resources allocated,
                        Attributes attributes, boolean active) {

    public AgentView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(allocated, "allocated");
        Objects.requireNonNull(attributes, "attributes");
    }
}
