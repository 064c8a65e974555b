package org.allot.spi.isolation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link Isolator} wants the container's exec decorated: a prefix for the argument vector
 * (e.g. {@code [setsid, prlimit, --as=134217728, --]} or a helper that joins a cgroup and then execs)
 * and environment variables to add. The agent execs {@code argvPrefix + command argv}.
 *
 * @param argvPrefix  put before the command's argv; empty for none
 * @param environment added to the command's environment; an isolator's value wins over the task's
 */
public record ContainerLaunch(List<String> argvPrefix, Map<String, String> environment) {

    private static final ContainerLaunch NONE = new ContainerLaunch(List.of(), Map.of());

    public ContainerLaunch {
        argvPrefix = List.copyOf(argvPrefix);
        for (String a : argvPrefix) {
            if (a.isEmpty() || a.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid argv prefix element '" + a + "' in " + argvPrefix
                        + ": elements must be non-empty and contain no NUL");
            }
        }
        Objects.requireNonNull(environment, "environment");
        environment.forEach((k, v) -> {
            if (k == null || k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0 || v == null
                    || v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable '" + k + "=" + v
                        + "': the name must be non-empty without '=' or NUL, the value non-null without NUL");
            }
        });
        environment = Map.copyOf(environment);
    }

    /** No decoration: exec the command as it is. */
    public static ContainerLaunch none() {
        return NONE;
    }
}
