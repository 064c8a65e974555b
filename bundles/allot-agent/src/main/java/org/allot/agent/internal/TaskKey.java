package org.allot.agent.internal;

import org.allot.api.FrameworkId;
import org.allot.api.TaskId;

/** A task on this agent: task ids are unique only within their framework. Immutable; any thread. */
record TaskKey(FrameworkId frameworkId, TaskId taskId) {
}
