package org.allot.api;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collection;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * Table of malformed inputs: each must be rejected with an {@link IllegalArgumentException} whose
 * message contains every listed fragment (at least the offending token and what is wrong).
 */
@RunWith(Parameterized.class)
public class ResourcesParseErrorTest {

    @Parameters(name = "{0}")
    public static Collection<Object[]> cases() {
        return Arrays.asList(new Object[][] {
                {"negative scalar", "mem:1;cpus:-1", new String[] {"'cpus:-1'", "negative"}},
                {"NaN", "cpus:NaN", new String[] {"'cpus:NaN'", "finite"}},
                {"Infinity", "mem:Infinity", new String[] {"'mem:Infinity'", "finite"}},
                {"negative infinity", "mem:-Infinity", new String[] {"'mem:-Infinity'", "finite"}},
                {"more than three decimals", "cpus:0.0001", new String[] {"'cpus:0.0001'", "3 decimals"}},
                {"more than three decimals suggests rounding", "cpus:1.2345", new String[] {"1.2345", "1.234"}},
                {"not a number", "cpus:abc", new String[] {"'cpus:abc'", "not a number"}},
                {"exponent notation", "cpus:1e3", new String[] {"'cpus:1e3'", "not a number"}},
                {"scalar too large", "mem:99999999999999999999", new String[] {"'mem:99999999999999999999'", "too large"}},
                {"missing colon", "cpus:1;mem", new String[] {"'mem'", "name:value"}},
                {"missing value", "cpus:", new String[] {"'cpus:'", "missing"}},
                {"missing name", ":4", new String[] {"':4'", "resource name"}},
                {"name with whitespace", "cp us:1", new String[] {"'cp us:1'", "resource name"}},
                {"unclosed role", "cpus(prod:1", new String[] {"'cpus(prod:1'", "parentheses"}},
                {"empty role", "cpus():1", new String[] {"'cpus():1'", "role"}},
                {"role with star", "cpus(a*):1", new String[] {"'cpus(a*):1'", "role"}},
                {"reversed range", "ports:[5-1]", new String[] {"'ports:[5-1]'", "5-1"}},
                {"overlapping ranges", "ports:[1-5,3-8]", new String[] {"'ports:[1-5,3-8]'", "1-5", "3-8", "overlap"}},
                {"malformed range", "ports:[1-]", new String[] {"'ports:[1-]'", "malformed range '1-'"}},
                {"negative range", "ports:[-5-3]", new String[] {"'ports:[-5-3]'", "malformed range"}},
                {"range bound too large", "ports:[1-99999999999999999999]", new String[] {"99999999999999999999", "larger"}},
                {"unclosed ranges", "ports:[1-5", new String[] {"'ports:[1-5'", "']'"}},
                {"unclosed set", "disks:{a", new String[] {"'disks:{a'", "'}'"}},
                {"duplicate set item", "disks:{a,a}", new String[] {"'disks:{a,a}'", "'a'", "twice"}},
                {"empty set item", "disks:{a,,b}", new String[] {"'disks:{a,,b}'", "item"}},
                {"name with two kinds", "ports:[1-5];ports:3", new String[] {"'ports:3'", "'ports:[1-5]'", "a scalar", "ranges"}},
                {"set and scalar", "disks:{a};disks:1", new String[] {"'disks:1'", "a set"}},
                {"repeated ranges overlap", "ports:[1-5];ports:[3-8]", new String[] {"'ports:[3-8]'", "ports:[3-5]", "'ports:[1-5]'"}},
                {"repeated set items", "disks:{a,b};disks:{b}", new String[] {"'disks:{b}'", "disks:{b}"}},
        });
    }

    @Parameter(0)
    public String name;

    @Parameter(1)
    public String input;

    @Parameter(2)
    public String[] fragments;

    @Test
    public void rejectedWithMessageNamingTheToken() {
        try {
            Resources r = Resources.parse(input);
            fail("expected " + input + " to be rejected, got " + r);
        } catch (IllegalArgumentException e) {
            for (String f : fragments) {
                assertTrue("message '" + e.getMessage() + "' should contain " + f, e.getMessage().contains(f));
            }
        }
    }
}
