package org.allot.master.internal.allocation;

import java.util.Collection;

import org.allot.api.AgentId;
import org.allot.spi.allocation.TaskRef;

/** The master's live tasks by agent, as the engine shows them to policies. Event loop only. */
@FunctionalInterface
public interface TaskIndex {

    /** The live tasks on the agent; empty if none or the agent is unknown. */
    Collection<TaskRef> tasksOn(AgentId agentId);
}
