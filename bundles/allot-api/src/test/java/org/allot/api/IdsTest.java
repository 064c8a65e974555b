package org.allot.api;

import static org.allot.api.ResourcesTest.assertMessage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.Function;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/** Every id type rejects the same bad values, naming its kind and the value. */
@RunWith(Parameterized.class)
public class IdsTest {

    @Parameters(name = "{0}")
    public static Collection<Object[]> cases() {
        return Arrays.asList(new Object[][] {
                {"framework id", (Function<String, Object>) FrameworkId::of},
                {"agent id", (Function<String, Object>) AgentId::of},
                {"offer id", (Function<String, Object>) OfferId::of},
                {"task id", (Function<String, Object>) TaskId::of},
                {"executor id", (Function<String, Object>) ExecutorId::of},
        });
    }

    @Parameter(0)
    public String kind;

    @Parameter(1)
    public Function<String, Object> factory;

    @Test
    public void acceptsOrdinaryIdsAndPrintsThemBare() {
        Object id = factory.apply("f-1.x_2");
        assertEquals("f-1.x_2", id.toString());
        assertEquals(id, factory.apply("f-1.x_2"));
    }

    @Test
    public void rejectsEmptyWhitespaceAndControlCharacters() {
        assertMessage(() -> factory.apply(""), kind, "''");
        assertMessage(() -> factory.apply("  "), kind, "'  '");
        assertMessage(() -> factory.apply("a b"), kind, "'a b'");
        assertMessage(() -> factory.apply("a\tb"), kind, "'a\\u0009b'");
        assertMessage(() -> factory.apply("a\u0001"), kind, "'a\\u0001'");
        assertThrows(NullPointerException.class, () -> factory.apply(null));
    }

    @Test
    public void idsSortByValue() {
        assertTrue(AgentId.of("a-1").compareTo(AgentId.of("a-2")) < 0);
    }
}
