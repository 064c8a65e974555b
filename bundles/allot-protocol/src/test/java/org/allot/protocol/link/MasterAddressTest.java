package org.allot.protocol.link;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Optional;

import org.junit.Test;

public class MasterAddressTest {

    private record Good(String text, String host, int port) {
    }

    @Test
    public void parsesHostAndPort() {
        for (Good g : List.of(new Good("127.0.0.1:5050", "127.0.0.1", 5050), new Good(" master-1:1 ", "master-1", 1),
                new Good("[::1]:5051", "::1", 5051), new Good("h:65535", "h", 65535))) {
            MasterAddress a = MasterAddress.parse("master address", g.text());
            assertEquals(g.text(), g.host(), a.host());
            assertEquals(g.text(), g.port(), a.port());
            assertEquals(g.text(), 0, a.epoch());
            assertEquals(g.text(), Optional.empty(), a.id());
        }
        assertEquals("[::1]:5051", MasterAddress.parse("x", "[::1]:5051").toString());
    }

    @Test
    public void refusesMalformedAddressesNamingTheValue() {
        for (String bad : List.of("", "   ", "host", "host:", ":5050", "host:0", "host:65536", "host:http", "[]:1")) {
            try {
                MasterAddress.parse("master address", bad);
                fail("accepted '" + bad + "'");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("master address"));
            }
        }
    }

    @Test
    public void aNewEpochIsADifferentAddress() {
        MasterAddress first = new MasterAddress("10.0.0.2", 5050, 3, Optional.of("m-2"));
        assertNotEquals(first, new MasterAddress("10.0.0.2", 5050, 4, Optional.of("m-2")));
        assertEquals("10.0.0.2:5050 (epoch 3, m-2)", first.toString());
        assertThrows(IllegalArgumentException.class, () -> new MasterAddress("h", 1, -1, Optional.empty()));
    }
}
