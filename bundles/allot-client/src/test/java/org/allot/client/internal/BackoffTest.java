package org.allot.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class BackoffTest {

    @Test
    public void doublesFromHalfASecondUpToFiveSeconds() {
        Backoff b = Backoff.defaults();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            delays.add(b.nextDelay().toMillis());
        }
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 5000L, 5000L, 5000L), delays);
    }

    @Test
    public void resetStartsAgainAtTheInitialDelay() {
        Backoff b = Backoff.defaults();
        b.nextDelay();
        b.nextDelay();
        b.reset();
        assertEquals(0, b.failures());
        assertEquals(Duration.ofMillis(500), b.nextDelay());
    }

    @Test
    public void logsOnlyPowersOfTwoOfFailures() {
        Backoff b = Backoff.defaults();
        List<Integer> logged = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            b.nextDelay();
            if (b.shouldLog()) {
                logged.add(b.failures());
            }
        }
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64), logged);
        b.reset();
        assertFalse(b.shouldLog());
    }

    @Test
    public void manyFailuresDoNotOverflow() {
        Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofMillis(3));
        Duration last = Duration.ZERO;
        for (int i = 0; i < 10_000; i++) {
            last = b.nextDelay();
        }
        assertEquals(Duration.ofMillis(3), last);
    }

    @Test(expected = IllegalArgumentException.class)
    public void aMaximumBelowTheInitialDelayIsRefused() {
        new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    @Test
    public void shouldLogIsFalseBeforeAnyFailure() {
        assertTrue(Backoff.defaults().failures() == 0 && !Backoff.defaults().shouldLog());
    }
}
