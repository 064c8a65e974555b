package org.allot.protocol.link;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.Test;

public class StandaloneDetectorTest {

    @Test
    public void namesItsAddressAtOnceOnTheCallersThreadAndNeverChanges() {
        StandaloneDetector d = StandaloneDetector.parse("master address", "127.0.0.1:5050");
        List<String> calls = new ArrayList<>();
        MasterDetector.Subscription s = d.follow(a -> calls.add(a.map(MasterAddress::toString).orElse("none")
                + " on " + Thread.currentThread().getName()));
        assertEquals(List.of("127.0.0.1:5050 on " + Thread.currentThread().getName()), calls);
        assertEquals(Optional.of(MasterAddress.of("127.0.0.1", 5050)), d.current());
        s.close();
        d.close();
        assertEquals(1, calls.size());
    }

    @Test
    public void aMalformedAddressIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StandaloneDetector.parse("master address", "localhost"));
        assertEquals("invalid master address 'localhost': give host:port, e.g. 127.0.0.1:5050", e.getMessage());
    }
}
