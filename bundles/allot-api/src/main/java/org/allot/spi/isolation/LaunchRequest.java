package org.allot.spi.isolation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Launcher} forks: the argv (already decorated with every isolator's
 * {@link ContainerLaunch#argvPrefix()}), the full environment, and where the process lives.
 *
 * @param argv        the program and its arguments; not empty
 * @param environment the complete environment of the process (nothing of the agent's is inherited)
 * @param workingDir  the container's sandbox, its working directory
 * @param stdout      the file its standard output is appended to
 * @param stderr      the file its standard error is appended to
 * @param runDir      the container's run dir, {@code <run root>/<container id>}, created by the agent;
 *                    the launcher keeps there what must survive the agent (pids, the exit status)
 */
public record LaunchRequest(List<String> argv, Map<String, String> environment, Path workingDir, Path stdout,
                            Path stderr, Path runDir) {

    public LaunchRequest {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a launch request needs a program to run: argv is empty");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(runDir, "runDir");
    }
}
