package org.allot.api;

import static org.allot.api.ResourcesTest.assertMessage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.Test;

public class AttributesTest {

    @Test
    public void parsesAndPrintsCanonically() {
        Attributes a = Attributes.parse(" zone : a ; rack:r1;");
        assertEquals("rack:r1;zone:a", a.toString());
        assertEquals(Optional.of("r1"), a.get("rack"));
        assertEquals(Optional.empty(), a.get("os"));
        assertEquals(a, Attributes.parse(a.toString()));
        assertEquals(a, Attributes.of(Map.of("rack", "r1", "zone", "a")));
        assertEquals(a.hashCode(), Attributes.parse("rack:r1;zone:a").hashCode());
    }

    @Test
    public void valuesMayContainColonsAndSpaces() {
        Attributes a = Attributes.parse("image:registry:5000/x;desc:fast disks");
        assertEquals(Optional.of("registry:5000/x"), a.get("image"));
        assertEquals(a, Attributes.parse(a.toString()));
        assertEquals(Optional.of("fast disks"), a.get("desc"));
    }

    @Test
    public void emptyInputIsEmpty() {
        assertSame(Attributes.empty(), Attributes.parse(""));
        assertTrue(Attributes.parse(" ; ").isEmpty());
        assertEquals("", Attributes.empty().toString());
    }

    @Test
    public void errorsNameTheToken() {
        assertMessage(() -> Attributes.parse("rack:r1;zone"), "'zone'", "name:value");
        assertMessage(() -> Attributes.parse("rack:"), "'rack:'", "value");
        assertMessage(() -> Attributes.parse(":r1"), "':r1'", "name");
        assertMessage(() -> Attributes.parse("ra ck:r1"), "'ra ck:r1'", "name");
        assertMessage(() -> Attributes.parse("rack:r1;rack:r2"), "'rack:r2'", "rack:r1");
        assertMessage(() -> Attributes.of(Map.of("rack", "a;b")), "'rack:a;b'");
        assertMessage(() -> Attributes.of(Map.of("rack", "a\nb")), "rack:a\\u000ab");
    }

    @Test
    public void mapIsUnmodifiable() {
        assertThrows(UnsupportedOperationException.class, () -> Attributes.parse("a:b").asMap().put("c", "d"));
    }
}
