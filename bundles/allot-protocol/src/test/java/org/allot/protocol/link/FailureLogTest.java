package org.allot.protocol.link;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.allot.protocol.link.FailureLog.Level;
import org.junit.Test;

public class FailureLogTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private record Case(String name, long atSeconds, Level expected) {
    }

    @Test
    public void infoOnceThenDebugThenWarnAtABoundedRate() {
        FailureLog log = new FailureLog();
        List<Case> cases = List.of(
                new Case("first failure of a streak", 0, Level.INFO),
                new Case("within the first backoff steps", 1, Level.DEBUG),
                new Case("just before 30 s", 29, Level.DEBUG),
                new Case("failing for 30 s", 30, Level.WARN),
                new Case("5 s after the warning", 35, Level.DEBUG),
                new Case("just under 5 min after the warning", 329, Level.DEBUG),
                new Case("5 min after the warning", 330, Level.WARN),
                new Case("then quiet again", 335, Level.DEBUG));
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Level got = log.failed(T0.plusSeconds(c.atSeconds()));
            if (got != c.expected()) {
                wrong.add(c.name() + ": " + got + " instead of " + c.expected());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    public void anHourOfFailuresEveryFiveSecondsCostsAboutADozenWarnings() {
        FailureLog log = new FailureLog();
        int warnings = 0;
        for (int s = 0; s <= 3600; s += 5) {
            warnings += log.failed(T0.plusSeconds(s)) == Level.WARN ? 1 : 0;
        }
        assertEquals(12, warnings);
    }

    @Test
    public void resetStartsANewStreak() {
        FailureLog log = new FailureLog();
        log.failed(T0);
        log.failed(T0.plusSeconds(40));
        log.reset();
        assertEquals(Duration.ZERO, log.failingFor(T0.plusSeconds(41)));
        assertEquals(Level.INFO, log.failed(T0.plusSeconds(41)));
        assertEquals(Level.DEBUG, log.failed(T0.plusSeconds(42)));
    }
}
