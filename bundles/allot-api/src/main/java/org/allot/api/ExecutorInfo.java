package org.allot.api;

import java.util.Objects;

/**
 * A custom executor: a long-lived process on the agent that runs a framework's tasks itself and
 * talks to the agent over loopback. Tasks that only need a command use {@link CommandInfo} instead.
 *
 * @param id        unique within the framework; tasks naming the same id share the executor
 * @param name      a human name
 * @param command   how to start the executor
 * @param resources what the executor itself uses, on top of its tasks; may be empty
 */
public record ExecutorInfo(ExecutorId id, String name, CommandInfo command, Resources resources) {

    public ExecutorInfo {
        Objects.requireNonNull(id, "id");
        Names.requireText("executor name", name);
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(resources, "resources");
    }
}
