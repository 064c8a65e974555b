package org.allot.spi.allocation;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.Resource;
import org.allot.api.Resources;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One connected agent as an {@link AllocationView} shows it. Read-only; valid only during the
 * {@link Allocator#allocate} call that got it; on the master's event-loop thread.
 */
@ProviderType
public interface AgentState {

    AgentId id();

    /** Hostname, port, attributes; its id is present. */
    AgentInfo info();

    /** Everything the agent has. */
    Resources total();

    /** What tasks and executors of every framework use on it. */
    Resources used();

    /** What outstanding offers hold on it. */
    Resources offered();

    /** {@code total - used - offered}: what may be offered now. */
    Resources free();

    /**
     * What a framework of {@code role} may be offered here: the free unreserved resources plus
     * the free ones reserved for {@code role}.
     */
    default Resources freeFor(String role) {
        Resources free = free();
        Resources unreserved = free.unreserved();
        return Resource.UNRESERVED.equals(role) ? unreserved : unreserved.add(free.role(role));
    }
}
