package org.allot.examples;

import java.time.Instant;

import org.allot.api.AgentId;
import org.allot.api.Attributes;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Offer;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;

final class Fixtures {

    static final FrameworkInfo FRAMEWORK = FrameworkInfo.builder("example", "tester").build();

    private Fixtures() {
    }

    static Offer offer(String id, String resources) {
        return new Offer(OfferId.of(id), FrameworkId.of("f-1"), AgentId.of("a-1"), "host-1", Resources.parse(resources),
                Attributes.empty());
    }

    static TaskStatus status(TaskId task, TaskState state) {
        return TaskStatus.builder(task, state, TaskStatus.Source.AGENT, Instant.now()).build();
    }
}
