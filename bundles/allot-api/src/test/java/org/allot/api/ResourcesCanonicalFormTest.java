package org.allot.api;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.Collection;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/** Table of inputs and the canonical form {@link Resources#toString()} must print for them. */
@RunWith(Parameterized.class)
public class ResourcesCanonicalFormTest {

    @Parameters(name = "{0}")
    public static Collection<Object[]> cases() {
        return Arrays.asList(new Object[][] {
                {"empty string", "", ""},
                {"blank string", "  \t ", ""},
                {"trailing semicolon", "cpus:1;", "cpus:1"},
                {"mesos example sorted by name", "cpus:4;mem:4096;disk:10000;ports:[31000-32000]",
                        "cpus:4;disk:10000;mem:4096;ports:[31000-32000]"},
                {"any name", "gpus:1;fpgas:2", "fpgas:2;gpus:1"},
                {"default role before named roles", "cpus(prod):1;cpus:2", "cpus:2;cpus(prod):1"},
                {"roles sorted", "cpus(b):1;cpus(a):1", "cpus(a):1;cpus(b):1"},
                {"explicit default role printed bare", "cpus(*):2", "cpus:2"},
                {"hierarchical role", "mem(eng/web):512", "mem(eng/web):512"},
                {"trailing zeros dropped", "cpus:2.500", "cpus:2.5"},
                {"integral decimal printed as integer", "mem:1024.0", "mem:1024"},
                {"three decimals kept", "cpus:0.125", "cpus:0.125"},
                {"leading dot", "cpus:.5", "cpus:0.5"},
                {"more than three decimals that are zeros", "cpus:1.50000", "cpus:1.5"},
                {"zero scalar disappears", "cpus:0;mem:1", "mem:1"},
                {"ranges sorted", "ports:[40000-40010,31000-32000]", "ports:[31000-32000,40000-40010]"},
                {"adjacent ranges merged", "ports:[1-5,6-10]", "ports:[1-10]"},
                {"single value range", "ports:[80]", "ports:[80-80]"},
                {"empty ranges disappear", "ports:[];cpus:1", "cpus:1"},
                {"set sorted", "disks:{b,a}", "disks:{a,b}"},
                {"empty set disappears", "disks:{}", ""},
                {"whitespace around tokens", " cpus : 4 ; mem ( prod ) : 10 ; ports : [ 1 - 5 , 7 - 9 ] ; disks : { a , b } ",
                        "cpus:4;disks:{a,b};mem(prod):10;ports:[1-5,7-9]"},
                {"repeated scalar added", "cpus:1;cpus:0.5", "cpus:1.5"},
                {"repeated ranges united", "ports:[1-5];ports:[6-7]", "ports:[1-7]"},
                {"repeated set united", "disks:{a};disks:{b}", "disks:{a,b}"},
                {"same name in two roles kept apart", "cpus(prod):1;cpus(prod):1;cpus:1", "cpus:1;cpus(prod):2"},
        });
    }

    @Parameter(0)
    public String name;

    @Parameter(1)
    public String input;

    @Parameter(2)
    public String canonical;

    @Test
    public void printsCanonicalForm() {
        assertEquals(canonical, Resources.parse(input).toString());
    }

    @Test
    public void canonicalFormParsesBackToEqualValue() {
        Resources parsed = Resources.parse(input);
        Resources again = Resources.parse(parsed.toString());
        assertEquals(parsed, again);
        assertEquals(parsed.hashCode(), again.hashCode());
    }
}
