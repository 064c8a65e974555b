package org.allot.allocator.drf.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

/** DRF as an OSGi service: its name and its Declarative Services description. */
public class DrfAllocatorTest {

    @Test
    public void isNamedDrf() {
        assertEquals("drf", new DrfAllocator().name());
    }

    @Test
    public void registersAsADeclarativeServicesComponentNamedDrfWithRankingZero() throws IOException {
        String xml;
        try (InputStream in = DrfAllocator.class.getClassLoader()
                .getResourceAsStream("OSGI-INF/org.allot.allocator.drf.internal.DrfAllocator.xml")) {
            assertNotNull("bnd should have written the component description", in);
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(xml, xml.contains("<provide interface=\"org.allot.spi.allocation.Allocator\"/>"));
        assertTrue(xml, xml.contains("name=\"allocator.name\" type=\"String\" value=\"drf\""));
        assertTrue(xml, xml.contains("name=\"service.ranking\" type=\"Integer\" value=\"0\""));
    }
}
