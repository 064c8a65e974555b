package org.allot.examples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.Test;

public class OptionsTest {

    private static final Set<String> KNOWN = Set.of("master", "tasks", "timeout");

    @Test
    public void readsSpaceAndEqualsForms() {
        Options o = Options.parse(new String[] {"--master", "h:1", "--tasks=4", "--timeout", "1.5"}, KNOWN);
        assertEquals("h:1", o.string("master", "x"));
        assertEquals(4, o.positive("tasks", 1));
        assertEquals(Duration.ofMillis(1500), o.duration("timeout", Duration.ZERO));
        assertEquals(Duration.ofMinutes(2), Options.parse(new String[] {"--timeout", "PT2M"}, KNOWN)
                .duration("timeout", Duration.ZERO));
        assertEquals(7, Options.parse(new String[0], KNOWN).positive("tasks", 7));
    }

    @Test
    public void refusesBadInputNamingIt() {
        for (List<String> bad : List.of(List.of("--tasks", "0"), List.of("--tasks", "x"), List.of("--nope", "1"),
                List.of("master"), List.of("--master"), List.of("--timeout", "-1"))) {
            try {
                Options o = Options.parse(bad.toArray(new String[0]), KNOWN);
                o.positive("tasks", 1);
                o.duration("timeout", Duration.ZERO);
                fail("accepted " + bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(bad.get(0).replace("--", "")));
            }
        }
    }
}
