package org.allot.agent.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.Names;
import org.allot.api.TaskId;

/**
 * Where sandboxes live under the work dir, and which ids may name one: a framework, task or
 * executor id becomes a directory name, so an id with {@code /}, {@code ..}, a control character
 * or more than {@value #MAX_NAME_BYTES} bytes of UTF-8 would put the sandbox (and the task)
 * outside the work dir or fail to create it. Such ids are refused before anything touches the disk.
 *
 * <p>Immutable; any thread.
 */
final class Sandboxes {

    /** The longest file name Linux file systems accept. */
    static final int MAX_NAME_BYTES = 255;

    private final Path frameworks;

    Sandboxes(Path workDir) {
        this.frameworks = workDir.resolve("frameworks");
    }

    /** {@code frameworks/<fid>/tasks/<tid>}; the ids must have passed {@link #unsafe}. */
    Path task(FrameworkId frameworkId, TaskId taskId) {
        return frameworks.resolve(frameworkId.value()).resolve("tasks").resolve(taskId.value());
    }

    /** {@code frameworks/<fid>/executors/<eid>}; the ids must have passed {@link #unsafe}. */
    Path executor(FrameworkId frameworkId, ExecutorId executorId) {
        return frameworks.resolve(frameworkId.value()).resolve("executors").resolve(executorId.value());
    }

    /**
     * Why {@code id} cannot name a directory, or empty if it can.
     *
     * @param kind what the id is, e.g. {@code "task id"}, to start the reason with
     */
    static Optional<String> unsafe(String kind, String id) {
        String problem = null;
        if (id.isEmpty()) {
            problem = "it is empty";
        } else if (id.indexOf('/') >= 0) {
            problem = "it contains '/'";
        } else if (id.equals(".") || id.contains("..")) {
            problem = "it contains '..' or is '.'";
        } else if (id.chars().anyMatch(Character::isISOControl)) {
            problem = "it contains a control character";
        } else if (id.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            problem = "it is longer than " + MAX_NAME_BYTES + " bytes of UTF-8";
        }
        return Optional.ofNullable(problem).map(p -> kind + " '" + Names.printable(id) + "' cannot name a sandbox"
                + " directory: " + p + "; use at most " + MAX_NAME_BYTES + " bytes without '/', '..' or control"
                + " characters");
    }
}
