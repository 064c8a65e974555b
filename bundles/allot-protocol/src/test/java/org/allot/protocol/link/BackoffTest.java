package org.allot.protocol.link;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class BackoffTest {

    @Test
    public void doublesFromHalfASecondUpToFiveSeconds() {
        Backoff b = Backoff.defaults();
        List<Long> delays = new ArrayList<>();
        for (int failures = 1; failures <= 7; failures++) {
            delays.add(b.delayAfter(failures).toMillis());
        }
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 5000L, 5000L, 5000L), delays);
    }

    @Test
    public void noFailureNoDelay() {
        assertEquals(Duration.ZERO, Backoff.defaults().delayAfter(0));
    }

    @Test
    public void manyFailuresDoNotOverflow() {
        Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofMillis(3));
        assertEquals(Duration.ofMillis(3), b.delayAfter(Integer.MAX_VALUE));
    }

    @Test
    public void aMaximumBelowTheInitialDelayIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertEquals("invalid backoff PT2S to PT1S: the initial delay must be positive and not above the maximum",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
