package org.allot.isolation.projects.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project from the projects file: a named group of containers that share resource controls,
 * as in Solaris {@code project(4)}.
 *
 * @param name     the project's name, what a task's {@code project} label or its framework's role names
 * @param id       the project's number
 * @param comment  free text
 * @param users    the users allowed in it ({@code *} for all); recorded, not enforced (the agent
 *                 chooses the user)
 * @param groups   the groups allowed in it; recorded, not enforced
 * @param controls the resource controls by attribute name
 */
public record Project(String name, long id, String comment, List<String> users, List<String> groups,
                      Map<String, ResourceControl> controls) {

    public Project {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        controls = Map.copyOf(controls);
    }

    public Optional<ResourceControl> control(String attribute) {
        return Optional.ofNullable(controls.get(attribute));
    }

    @Override
    public String toString() {
        return "project '" + name + "' (id " + id + ")";
    }
}
