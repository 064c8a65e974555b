package org.allot.master.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Decides which allocator is active, from the allocators available (with their service
 * properties), the configured target filter and the operator's explicit choice. Knows nothing of
 * OSGi or of the master: the caller reports each change and applies the answer.
 *
 * <p>The rules, first match wins:
 * <ol>
 *   <li>the allocator the operator chose by name ({@code allot:allocator-use}), while one of that
 *       name is available;</li>
 *   <li>the best available allocator matching the target: highest {@code service.ranking}, then
 *       lowest {@code service.id} (the older service);</li>
 *   <li>the active allocator, while it is available: one fallback is not swapped for another;</li>
 *   <li>the best available allocator, as a fallback: the master is never left without an
 *       allocator while one is there (a target naming a drop-in that is gone, a DRF restart);</li>
 *   <li>none.</li>
 * </ol>
 * A new target (a configuration change) drops the operator's choice: the newer decision wins.
 *
 * <p>Not thread-safe: the caller serializes calls (the component does, under its lock).
 *
 * @param <T> the allocator type (tests use plain names)
 */
final class AllocatorChoice<T> {

    /** Why there is no active allocator, and what to do. */
    static final String NONE_AVAILABLE = "no allocator is available: install one (feature:install"
            + " allot-allocator-drf, or copy a drop-in allocator bundle into deploy/)";

    /** What a change did: the active allocator before and after, and why, for the log. */
    record Change<T>(T before, T after, String why) {
        boolean switched() {
            return before != after;
        }
    }

    private record Candidate<T>(T allocator, String name, Map<String, ?> properties) {
        int ranking() {
            Object r = properties.get("service.ranking");
            return r instanceof Integer ? (Integer) r : 0;
        }

        long serviceId() {
            Object id = properties.get("service.id");
            return id instanceof Long ? (Long) id : Long.MAX_VALUE;
        }
    }

    private final Comparator<Candidate<T>> best = Comparator.<Candidate<T>>comparingInt(c -> -c.ranking())
            .thenComparingLong(Candidate::serviceId);
    private final List<Candidate<T>> available = new ArrayList<>();
    private Predicate<Map<String, ?>> target;
    private String targetText;
    private String operatorChoice;
    private T active;
    private String reason = NONE_AVAILABLE;

    /**
     * @param target     which service properties the configuration asks for
     * @param targetText the filter as configured, for the log
     */
    AllocatorChoice(Predicate<Map<String, ?>> target, String targetText) {
        this.target = Objects.requireNonNull(target, "target");
        this.targetText = Objects.requireNonNull(targetText, "targetText");
    }

    /** The active allocator; null for none. */
    T active() {
        return active;
    }

    /** Why the active allocator is the one it is, e.g. {@code it is the best match of allocator.target (...)}. */
    String why() {
        return reason;
    }

    /** The names of the available allocators, sorted. */
    List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        available.forEach(c -> names.add(c.name()));
        return List.copyOf(names);
    }

    /** An allocator service arrived with its properties ({@code service.ranking}, {@code service.id}, ...). */
    Change<T> add(T allocator, String name, Map<String, ?> serviceProperties) {
        Objects.requireNonNull(allocator, "allocator");
        available.removeIf(c -> c.allocator() == allocator);
        available.add(new Candidate<>(allocator, name, Map.copyOf(serviceProperties)));
        return decide("allocator '" + name + "' arrived");
    }

    /** An allocator service went away; one never added is ignored. */
    Change<T> remove(T allocator) {
        Optional<Candidate<T>> gone = available.stream().filter(c -> c.allocator() == allocator).findFirst();
        if (gone.isEmpty()) {
            return new Change<>(active, active, reason);
        }
        available.remove(gone.get());
        return decide("allocator '" + gone.get().name() + "' went away");
    }

    /** The configuration names another target; the operator's choice is dropped. */
    Change<T> target(Predicate<Map<String, ?>> newTarget, String text) {
        target = Objects.requireNonNull(newTarget, "target");
        targetText = Objects.requireNonNull(text, "text");
        operatorChoice = null;
        return decide("allocator.target is now " + text);
    }

    /**
     * The operator chose the allocator named {@code name}.
     *
     * @throws IllegalArgumentException if none of that name is available, listing those that are
     */
    Change<T> use(String name) {
        if (available.stream().noneMatch(c -> c.name().equals(name))) {
            throw new IllegalArgumentException("unknown allocator '" + name + "'; known: " + names());
        }
        operatorChoice = name;
        return decide("the operator chose '" + name + "'");
    }

    /**
     * The operator's choice as saved in configuration ({@code allocator.use}): like {@link #use}, but
     * accepted while no allocator of that name is available yet (its bundle may start later); null
     * or blank drops the choice.
     */
    Change<T> prefer(String name) {
        operatorChoice = name == null || name.isBlank() ? null : name.strip();
        return decide(operatorChoice == null ? "no saved operator's choice" : "the saved operator's choice is '"
                + operatorChoice + "'");
    }

    /** The operator's choice, if any; it stands while an allocator of that name is available. */
    Optional<String> operatorChoice() {
        return Optional.ofNullable(operatorChoice);
    }

    private Change<T> decide(String event) {
        T before = active;
        Optional<Candidate<T>> chosen = available.stream().filter(c -> c.name().equals(operatorChoice)).min(best);
        String why = "it is the operator's choice";
        if (chosen.isEmpty()) {
            chosen = available.stream().filter(c -> target.test(c.properties())).min(best);
            why = "it is the best match of allocator.target " + targetText;
        }
        if (chosen.isEmpty() && active != null && available.stream().anyMatch(c -> c.allocator() == active)) {
            chosen = available.stream().filter(c -> c.allocator() == active).findFirst();
            why = "no allocator matches allocator.target " + targetText + "; it stays";
        }
        if (chosen.isEmpty()) {
            chosen = available.stream().min(best);
            why = "no allocator matches allocator.target " + targetText + "; it is the best available";
        }
        active = chosen.map(Candidate::allocator).orElse(null);
        reason = active == null ? NONE_AVAILABLE : why;
        return new Change<>(before, active, event + "; " + reason);
    }
}
