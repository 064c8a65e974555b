package org.allot.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;

import org.junit.Test;

public class DurationsTest {

    @Test
    public void everyWrittenFormParses() {
        Object[][] cases = {
            // text, expected
            {"500ms", Duration.ofMillis(500)},
            {" 500 ms ", Duration.ofMillis(500)},
            {"2s", Duration.ofSeconds(2)},
            {"1.5s", Duration.ofMillis(1500)},
            {"1m", Duration.ofMinutes(1)},
            {"0.5m", Duration.ofSeconds(30)},
            {"PT3S", Duration.ofSeconds(3)},
            {"pt1m", Duration.ofMinutes(1)},
            {"250", Duration.ofMillis(250)},
            {"2S", Duration.ofSeconds(2)},
        };
        for (Object[] c : cases) {
            assertEquals((String) c[0], c[1], Durations.parse("k", (String) c[0]));
        }
    }

    @Test
    public void anythingElseIsRefusedNamingTheKeyAndValue() {
        for (String bad : new String[] {"soon", "", "1h", "ms", "1.5ms", "PT", null, "x\u0001"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> Durations.parse("kill_grace", bad));
            assertEquals("invalid duration '" + Names.printable(bad) + "' for kill_grace: use e.g. 500ms, 2s, 1m or"
                    + " a number of milliseconds", e.getMessage());
        }
    }
}
