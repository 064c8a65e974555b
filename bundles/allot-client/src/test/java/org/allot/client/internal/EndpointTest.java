package org.allot.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

public class EndpointTest {

    private record Good(String text, String host, int port) {
    }

    @Test
    public void parsesHostAndPort() {
        for (Good g : List.of(new Good("127.0.0.1:5050", "127.0.0.1", 5050), new Good(" master-1:1 ", "master-1", 1),
                new Good("[::1]:5051", "::1", 5051), new Good("h:65535", "h", 65535))) {
            Endpoint e = Endpoint.parse("master address", g.text());
            assertEquals(g.text(), g.host(), e.host());
            assertEquals(g.text(), g.port(), e.port());
        }
        assertEquals("[::1]:5051", Endpoint.parse("x", "[::1]:5051").toString());
    }

    @Test
    public void refusesMalformedAddressesNamingTheValue() {
        for (String bad : List.of("", "   ", "host", "host:", ":5050", "host:0", "host:65536", "host:http", "[]:1")) {
            try {
                Endpoint.parse("master address", bad);
                fail("accepted '" + bad + "'");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("master address"));
            }
        }
    }
}
