package org.allot.master.internal;

import org.allot.api.FrameworkId;
import org.allot.api.TaskId;

/** A task's identity across frameworks: task ids are unique only within their framework. */
record TaskKey(FrameworkId frameworkId, TaskId taskId) {
}
