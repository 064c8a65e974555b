package org.allot.spi.allocation;

import java.util.Objects;

import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;

/**
 * A live task as a policy sees it (see {@link AllocationView#tasks}).
 *
 * @param frameworkId its framework
 * @param taskId      its id
 * @param resources   what it holds on its agent (its own resources plus a new executor's)
 */
public record TaskRef(FrameworkId frameworkId, TaskId taskId, Resources resources) {

    public TaskRef {
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(resources, "resources");
    }
}
