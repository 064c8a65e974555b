package org.allot.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;

import org.junit.Test;

public class ProtocolConfigTest {

    @Test
    public void defaultsMatchTheDesign() {
        ProtocolConfig config = ProtocolConfig.defaults();
        assertEquals(1, config.protocolVersion());
        assertEquals(16 * 1024 * 1024, config.maxFrameBytes());
        assertEquals(Duration.ofSeconds(5), config.heartbeatInterval());
        assertEquals(Duration.ofSeconds(15), config.heartbeatTimeout());
        assertEquals(Duration.ofSeconds(10), config.connectTimeout());
    }

    @Test
    public void heartbeatsRoundUpToWholeSeconds() {
        ProtocolConfig config = ProtocolConfig.builder().heartbeatInterval(Duration.ofMillis(1500))
                .heartbeatTimeout(Duration.ofSeconds(2)).build();
        assertEquals(2, config.heartbeatIntervalSeconds());
        assertEquals(2, config.heartbeatTimeoutSeconds());
    }

    @Test
    public void toBuilderCopiesEveryValue() {
        ProtocolConfig config = ProtocolConfig.builder().protocolVersion(3).maxFrameBytes(4096)
                .heartbeatInterval(Duration.ofSeconds(2)).heartbeatTimeout(Duration.ofSeconds(3))
                .connectTimeout(Duration.ofMillis(700)).build();
        assertEquals(config, config.toBuilder().build());
    }

    @Test
    public void invalidValuesAreRefusedNamingTheSetting() {
        assertEquals("heartbeatInterval must be at least 1 s (heartbeats are checked once a second), was PT0.5S",
                assertThrows(IllegalArgumentException.class,
                        () -> ProtocolConfig.builder().heartbeatInterval(Duration.ofMillis(500))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProtocolConfig.builder().maxFrameBytes(10));
        assertThrows(IllegalArgumentException.class, () -> ProtocolConfig.builder().protocolVersion(0));
        assertThrows(IllegalArgumentException.class, () -> ProtocolConfig.builder().connectTimeout(Duration.ZERO));
    }
}
