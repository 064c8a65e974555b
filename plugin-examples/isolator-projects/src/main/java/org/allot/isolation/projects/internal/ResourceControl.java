package org.allot.isolation.projects.internal;

import java.util.Locale;

/**
 * One resource control of a project, as Solaris writes it: {@code project.max-processes=(priv,100,deny)}.
 *
 * @param attribute the control's name, one of {@link #MAX_PROCESSES}, {@link #MAX_MEMORY},
 *                  {@link #CPU_SHARES}
 * @param privilege {@code basic}, {@code priv} or {@code system}; recorded, not used (Allot sets
 *                  every control itself)
 * @param value     the limit: processes, bytes, or shares
 * @param action    {@code deny} (enforced: the container passing it is ended) or {@code none}
 *                  (accounted and reported only)
 */
public record ResourceControl(String attribute, String privilege, long value, String action) {

    public static final String MAX_PROCESSES = "project.max-processes";
    public static final String MAX_MEMORY = "project.max-memory";
    public static final String CPU_SHARES = "project.cpu-shares";

    public boolean enforced() {
        return action.equals("deny");
    }

    /** The value as an operator wrote it: bytes in MB, counts as they are. */
    public String describeValue() {
        return attribute.equals(MAX_MEMORY) ? describeBytes(value) : Long.toString(value);
    }

    static String describeBytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    @Override
    public String toString() {
        return attribute + "=(" + privilege + "," + value + "," + action + ")";
    }
}
