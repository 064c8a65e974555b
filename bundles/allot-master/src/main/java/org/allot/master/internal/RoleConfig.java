package org.allot.master.internal;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.allot.api.Resources;

/**
 * What an operator set per role, as the master's configuration keeps it (PID {@code org.allot.master},
 * or a launcher's {@code --set}): {@code role.<name>.weight} (a positive number, default 1),
 * {@code role.<name>.priority} (a whole number, default 0) and {@code role.<name>.guarantee}
 * (resources, e.g. {@code cpus:8;mem:16384}). A role name may contain dots: the key's last part
 * says which setting it is. Immutable.
 *
 * @param weights    role to weight; roles absent have weight 1
 * @param priorities role to priority; roles absent have priority 0
 * @param guarantees role to guarantee; roles absent have none
 */
public record RoleConfig(Map<String, Double> weights, Map<String, Integer> priorities,
                           Map<String, Resources> guarantees) {

    /** Every role key starts with this. */
    public static final String PREFIX = "role.";
    static final String WEIGHT = ".weight";
    static final String PRIORITY = ".priority";
    static final String GUARANTEE = ".guarantee";

    /** No role settings: every role has weight 1, priority 0 and no guarantee. */
    public static final RoleConfig NONE = new RoleConfig(Map.of(), Map.of(), Map.of());

    public RoleConfig {
        weights = Map.copyOf(new TreeMap<>(Objects.requireNonNull(weights, "weights")));
        priorities = Map.copyOf(new TreeMap<>(Objects.requireNonNull(priorities, "priorities")));
        guarantees = Map.copyOf(new TreeMap<>(Objects.requireNonNull(guarantees, "guarantees")));
    }

    /** Whether {@code key} is a role key ({@code role.} something). */
    public static boolean isRoleKey(String key) {
        return key.startsWith(PREFIX);
    }

    static String weightKey(String role) {
        return PREFIX + role + WEIGHT;
    }

    static String priorityKey(String role) {
        return PREFIX + role + PRIORITY;
    }

    static String guaranteeKey(String role) {
        return PREFIX + role + GUARANTEE;
    }

    /**
     * The role settings among {@code properties}; other keys are ignored. Values may be text (from a
     * file or {@code --set}) or numbers (from Config Admin).
     *
     * @throws IllegalArgumentException naming the key for an unknown setting, a bad role name or a bad value
     */
    public static RoleConfig fromProperties(Map<String, ?> properties) {
        Map<String, Double> weights = new TreeMap<>();
        Map<String, Integer> priorities = new TreeMap<>();
        Map<String, Resources> guarantees = new TreeMap<>();
        for (Map.Entry<String, ?> e : new TreeMap<>(properties).entrySet()) {
            String key = e.getKey();
            if (!isRoleKey(key)) {
                continue;
            }
            String value = e.getValue() == null ? "" : String.valueOf(e.getValue()).strip();
            try {
                if (key.endsWith(WEIGHT)) {
                    String role = role(key, WEIGHT);
                    weights.put(role, checkWeight(role, number(value)));
                } else if (key.endsWith(PRIORITY)) {
                    priorities.put(role(key, PRIORITY), whole(value));
                } else if (key.endsWith(GUARANTEE)) {
                    guarantees.put(role(key, GUARANTEE), guarantee(value));
                } else {
                    throw new IllegalArgumentException("it is none of role.<name>.weight, role.<name>.priority,"
                            + " role.<name>.guarantee");
                }
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("invalid master setting " + key + "=" + value + ": "
                        + ex.getMessage(), ex);
            }
        }
        return new RoleConfig(weights, priorities, guarantees);
    }

    /** These settings as configuration properties (text values), e.g. {@code role.prod.weight=2.0}. */
    public Map<String, String> toProperties() {
        Map<String, String> out = new TreeMap<>();
        weights.forEach((r, w) -> out.put(weightKey(r), Double.toString(w)));
        priorities.forEach((r, p) -> out.put(priorityKey(r), Integer.toString(p)));
        guarantees.forEach((r, g) -> out.put(guaranteeKey(r), g.toString()));
        return out;
    }

    RoleConfig withWeight(String role, double weight) {
        Map<String, Double> w = new TreeMap<>(weights);
        w.put(checkRole(role), checkWeight(role, weight));
        return new RoleConfig(w, priorities, guarantees);
    }

    RoleConfig withPriority(String role, int priority) {
        Map<String, Integer> p = new TreeMap<>(priorities);
        p.put(checkRole(role), priority);
        return new RoleConfig(weights, p, guarantees);
    }

    RoleConfig withGuarantee(String role, Resources guarantee) {
        Map<String, Resources> g = new TreeMap<>(guarantees);
        g.put(checkRole(role), checkGuarantee(guarantee));
        return new RoleConfig(weights, priorities, g);
    }

    RoleConfig withoutGuarantee(String role) {
        Map<String, Resources> g = new TreeMap<>(guarantees);
        g.remove(checkRole(role));
        return new RoleConfig(weights, priorities, g);
    }

    /** A role an operator names: not blank, no whitespace. */
    static String checkRole(String role) {
        if (role == null || role.isBlank() || role.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid role '" + role + "': give a role name without whitespace");
        }
        return role;
    }

    static double checkWeight(String role, double weight) {
        if (!Double.isFinite(weight) || weight <= 0) {
            throw new IllegalArgumentException("invalid weight " + weight + " for role " + role
                    + ": it must be finite and positive");
        }
        return weight;
    }

    static Resources checkGuarantee(Resources guarantee) {
        Objects.requireNonNull(guarantee, "guarantee");
        if (guarantee.isEmpty()) {
            throw new IllegalArgumentException("a guarantee must guarantee something, e.g. cpus:8;mem:16384;"
                    + " to remove one, use guarantee-remove");
        }
        return guarantee;
    }

    private static String role(String key, String suffix) {
        return checkRole(key.substring(PREFIX.length(), key.length() - suffix.length()));
    }

    private static double number(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a number");
        }
    }

    private static int whole(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a whole number");
        }
    }

    private static Resources guarantee(String v) {
        return checkGuarantee(Resources.parse(v));
    }
}
