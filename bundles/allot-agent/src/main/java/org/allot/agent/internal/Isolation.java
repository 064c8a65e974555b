package org.allot.agent.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a container is isolated: the name of its launcher and the ordered names of its isolators,
 * e.g. launcher {@code posix} with {@code [cgroups/cpu, cgroups/mem, posix]}. The agent's
 * {@code isolation} setting gives it for new containers, and each container keeps the one it was
 * launched with (checkpointed as {@link #format()}). Immutable.
 *
 * @param launcher  the {@code launcher.name} of the launcher service
 * @param isolators the {@code isolator.name}s of the isolator services, in the order they prepare and
 *                  isolate (and, reversed, clean up); possibly empty
 */
public record Isolation(String launcher, List<String> isolators) {

    public Isolation {
        checkName("launcher", launcher);
        isolators = List.copyOf(isolators);
        Set<String> seen = new LinkedHashSet<>();
        for (String name : isolators) {
            checkName("isolator", name);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("isolator '" + name + "' is listed twice in " + isolators
                        + ": list each isolator once");
            }
        }
    }

    /** The default: the posix launcher and the posix isolator. */
    public static Isolation posix() {
        return new Isolation("posix", List.of("posix"));
    }

    /**
     * From the agent's settings: {@code isolation} a comma-separated ordered list such as
     * {@code cgroups/cpu,cgroups/mem,posix}, and {@code launcher} a launcher name.
     */
    public static Isolation of(String launcher, String isolation) {
        List<String> names = new ArrayList<>();
        for (String part : isolation.split(",", -1)) {
            String name = part.strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("invalid isolation '" + isolation + "': it must be a comma-separated"
                        + " list of isolator names without empty entries, e.g. cgroups/cpu,cgroups/mem,posix");
            }
            names.add(name);
        }
        return new Isolation(launcher.strip(), names);
    }

    /** As checkpointed: {@code launcher=<name>;isolators=<a>,<b>}. */
    public String format() {
        return "launcher=" + launcher + ";isolators=" + String.join(",", isolators);
    }

    /**
     * Reads {@link #format()}. A plain name, as agents before the isolation SPI 2.0 checkpointed
     * ({@code posix}), means that name as launcher and only isolator.
     */
    public static Isolation parse(String checkpointed) {
        if (!checkpointed.startsWith("launcher=")) {
            return new Isolation(checkpointed, List.of(checkpointed));
        }
        String[] parts = checkpointed.split(";", 2);
        String launcher = parts[0].substring("launcher=".length());
        if (parts.length < 2 || !parts[1].startsWith("isolators=")) {
            throw new IllegalArgumentException("invalid checkpointed isolation '" + checkpointed
                    + "': expected launcher=<name>;isolators=<names>");
        }
        String list = parts[1].substring("isolators=".length());
        return list.isEmpty() ? new Isolation(launcher, List.of()) : of(launcher, list);
    }

    @Override
    public String toString() {
        return String.join(",", isolators) + " (launcher " + launcher + ")";
    }

    private static void checkName(String what, String name) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || !name.chars().allMatch(c -> c > ' ' && c != ',' && c != ';' && c != '=' && c < 127)) {
            throw new IllegalArgumentException("invalid " + what + " name '" + name + "': use letters, digits and"
                    + " - _ / . only, e.g. cgroups/mem");
        }
    }
}
