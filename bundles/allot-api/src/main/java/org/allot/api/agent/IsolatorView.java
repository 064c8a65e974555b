package org.allot.api.agent;

import java.util.Objects;

/**
 * One isolator as an agent sees it.
 *
 * @param name       its name, e.g. {@code posix} or {@code cgroups/mem}
 * @param position   its place in the configured order (0 first), or -1 when it is not configured
 * @param available  whether its service is registered now
 * @param containers how many running containers use it
 */
public record IsolatorView(String name, int position, boolean available, int containers) {

    public IsolatorView {
        Objects.requireNonNull(name, "name");
    }

    public boolean configured() {
        return position >= 0;
    }
}
