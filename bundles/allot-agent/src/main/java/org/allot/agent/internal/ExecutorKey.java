package org.allot.agent.internal;

import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;

/** An executor on this agent: executor ids are unique only within their framework. Immutable; any thread. */
record ExecutorKey(FrameworkId frameworkId, ExecutorId executorId) {
}
