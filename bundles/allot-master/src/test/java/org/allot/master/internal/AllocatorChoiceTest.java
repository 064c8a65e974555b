package org.allot.master.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.junit.Test;

/**
 * Which allocator is active after a sequence of events: services arriving and leaving (with their
 * ranking and service id), the configured target changing, and the operator's choice. Allocators
 * are plain names here; {@code (name)} in a step is its service properties.
 */
public class AllocatorChoiceTest {

    private static final Predicate<Map<String, ?>> ANY = p -> true;

    private static Predicate<Map<String, ?>> named(String name) {
        return p -> name.equals(p.get("allocator.name"));
    }

    /** One step of a case: what happens, and what is active after it ("" for none). */
    private record Step(String what, Consumer<AllocatorChoice<String>> action, String activeAfter) {
    }

    private static long nextId = 1;

    private static Step add(String name, int ranking, String activeAfter) {
        long id = nextId++;
        return new Step("add " + name + " (ranking " + ranking + ")", c -> c.add(name, name,
                Map.of("allocator.name", name, "service.ranking", ranking, "service.id", id)), activeAfter);
    }

    private static Step remove(String name, String activeAfter) {
        return new Step("remove " + name, c -> c.remove(name), activeAfter);
    }

    private static Step target(String name, String activeAfter) {
        return new Step("target " + name, c -> c.target(named(name), "(allocator.name=" + name + ")"), activeAfter);
    }

    private static Step use(String name, String activeAfter) {
        return new Step("use " + name, c -> c.use(name), activeAfter);
    }

    private record Case(String name, Predicate<Map<String, ?>> target, List<Step> steps) {
    }

    private static Case of(String name, Predicate<Map<String, ?>> target, Step... steps) {
        return new Case(name, target, List.of(steps));
    }

    @Test
    public void sequences() {
        List<Case> cases = List.of(
            of("the first allocator to arrive is activated", ANY,
                add("drf", 0, "drf")),
            of("a higher ranked match takes over; when it goes, the next best returns", ANY,
                add("drf", 0, "drf"), add("priority", 10, "priority"), remove("priority", "drf")),
            of("equal rankings: the older service (lower service.id) wins", ANY,
                add("drf", 0, "drf"), add("priority", 0, "drf")),
            of("a target that matches nothing falls back to what is there", named("dropin"),
                add("drf", 0, "drf")),
            of("the dropped-in target wins when it arrives, and DRF takes over when it goes", named("dropin"),
                add("drf", 0, "drf"), add("dropin", -5, "dropin"), remove("dropin", "drf")),
            of("bundle:restart of DRF while the target names a missing drop-in: DRF is active again",
                named("dropin"),
                add("drf", 0, "drf"), remove("drf", ""), add("drf", 0, "drf")),
            of("a fallback is not replaced by another fallback", named("dropin"),
                add("drf", 0, "drf"), add("priority", 10, "drf")),
            of("the last allocator going leaves none", ANY,
                add("drf", 0, "drf"), remove("drf", "")),
            of("the operator's choice wins over the target while it is there", named("drf"),
                add("drf", 0, "drf"), add("priority", 0, "drf"), use("priority", "priority"),
                remove("drf", "priority"), add("drf", 0, "priority")),
            of("the operator's choice returns with its service", named("drf"),
                add("drf", 0, "drf"), add("priority", 0, "drf"), use("priority", "priority"),
                remove("priority", "drf"), add("priority", 0, "priority")),
            of("a new target drops the operator's choice", named("drf"),
                add("drf", 0, "drf"), add("priority", 0, "drf"), use("priority", "priority"),
                target("drf", "drf")),
            of("a new target switches at once", ANY,
                add("drf", 10, "drf"), add("priority", 0, "drf"), target("priority", "priority")));
        for (Case c : cases) {
            AllocatorChoice<String> choice = new AllocatorChoice<>(c.target(), "(test)");
            List<String> done = new ArrayList<>();
            for (Step s : c.steps()) {
                s.action().accept(choice);
                done.add(s.what());
                assertEquals(c.name() + ", after " + done, s.activeAfter(),
                        choice.active() == null ? "" : choice.active());
            }
        }
    }

    @Test
    public void eachChangeSaysWhatHappenedAndWhy() {
        AllocatorChoice<String> choice = new AllocatorChoice<>(named("dropin"), "(allocator.name=dropin)");
        AllocatorChoice.Change<String> change = choice.add("drf", "drf", Map.of("allocator.name", "drf"));
        assertTrue(change.switched());
        assertEquals("allocator 'drf' arrived; no allocator matches allocator.target (allocator.name=dropin);"
                + " it is the best available", change.why());
        assertEquals("no allocator matches allocator.target (allocator.name=dropin); it is the best available",
                choice.why());
        AllocatorChoice.Change<String> gone = choice.remove("drf");
        assertEquals("drf", gone.before());
        assertEquals(null, gone.after());
        assertEquals("allocator 'drf' went away; " + AllocatorChoice.NONE_AVAILABLE, gone.why());
        AllocatorChoice.Change<String> nothing = choice.remove("drf");
        assertEquals(false, nothing.switched());
    }

    @Test
    public void usingAnUnknownAllocatorNamesTheKnownOnes() {
        AllocatorChoice<String> choice = new AllocatorChoice<>(ANY, "(test)");
        choice.add("drf", "drf", Map.of());
        choice.add("priority", "priority", Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> choice.use("fifo"));
        assertEquals("unknown allocator 'fifo'; known: [drf, priority]", e.getMessage());
        assertEquals(List.of("drf", "priority"), choice.names());
    }
}
