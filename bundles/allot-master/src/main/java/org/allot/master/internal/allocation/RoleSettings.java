package org.allot.master.internal.allocation;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.allot.api.Resources;

/**
 * What the operator set per role: weights (default 1), priorities (default 0) and guarantees
 * (default none). Plain maps; the engine validates before it writes here. Event loop only.
 */
final class RoleSettings {

    private final Map<String, Double> weights = new HashMap<>();
    private final Map<String, Integer> priorities = new HashMap<>();
    private final Map<String, Resources> guarantees = new TreeMap<>();

    double weight(String role) {
        return weights.getOrDefault(role, 1.0);
    }

    int priority(String role) {
        return priorities.getOrDefault(role, 0);
    }

    Resources guarantee(String role) {
        return guarantees.getOrDefault(role, Resources.empty());
    }

    /** The roles with a guarantee, by name. */
    Map<String, Resources> guarantees() {
        return Collections.unmodifiableMap(guarantees);
    }

    /** Every role with a weight, a priority or a guarantee, by name. */
    Set<String> names() {
        Set<String> names = new TreeSet<>(weights.keySet());
        names.addAll(priorities.keySet());
        names.addAll(guarantees.keySet());
        return names;
    }

    void setWeights(Map<String, Double> next) {
        weights.clear();
        weights.putAll(next);
    }

    void setPriority(String role, int priority) {
        if (priority == 0) {
            priorities.remove(role);
        } else {
            priorities.put(role, priority);
        }
    }

    /** Sets the guarantee; an empty one removes it. */
    void setGuarantee(String role, Resources guarantee) {
        if (guarantee.isEmpty()) {
            guarantees.remove(role);
        } else {
            guarantees.put(role, guarantee);
        }
    }
}
