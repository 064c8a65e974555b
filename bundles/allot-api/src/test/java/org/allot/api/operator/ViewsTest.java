package org.allot.api.operator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.junit.Test;

public class ViewsTest {

    @Test
    public void frameworkViewValidatesShareAndTasks() {
        FrameworkView v = new FrameworkView(FrameworkId.of("f-1"), "spark", "*", Optional.empty(), true,
                Resources.parse("cpus:4"), Resources.parse("cpus:1"), 0.25, 3);
        assertEquals(0.25, v.dominantShare(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FrameworkView(FrameworkId.of("f-1"), "spark", "*", Optional.empty(), true,
                        Resources.empty(), Resources.empty(), Double.NaN, 0));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("f-1"));
        assertThrows(IllegalArgumentException.class,
                () -> new FrameworkView(FrameworkId.of("f-1"), "spark", "*", Optional.empty(), true,
                        Resources.empty(), Resources.empty(), 0, -1));
    }
}
