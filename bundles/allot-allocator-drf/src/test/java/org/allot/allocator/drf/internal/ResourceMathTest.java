package org.allot.allocator.drf.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.allot.api.Range;
import org.allot.api.Resources;
import org.junit.Test;

public class ResourceMathTest {

    private static void check(String a, String b, String expected) {
        assertEquals(a + " minus " + b, Resources.parse(expected),
                ResourceMath.subtractSaturating(Resources.parse(a), Resources.parse(b)));
    }

    @Test
    public void subtractsLikeSubtractWhenContained() {
        check("cpus:4;mem:100;ports:[1-10]", "cpus:1;ports:[3-4]", "cpus:3;mem:100;ports:[1-2,5-10]");
    }

    @Test
    public void clampsWhatIsNotContained() {
        check("cpus:2;mem:100", "cpus:3", "mem:100");
        check("cpus:2;cpus(prod):1", "cpus(prod):5;cpus:1", "cpus:1");
        check("ports:[1-10]", "ports:[5-20];disks:{a}", "ports:[1-4]");
        check("disks:{a,b}", "disks:{b,c}", "disks:{a}");
        check("", "cpus:1", "");
    }

    @Test
    public void rangeDifferenceAtTheEndOfTheLongLine() {
        assertEquals(List.of(new Range(0, 4), new Range(Long.MAX_VALUE - 1, Long.MAX_VALUE - 1)),
                Range.difference(List.of(new Range(0, Long.MAX_VALUE - 1)),
                        List.of(new Range(5, Long.MAX_VALUE - 2))));
        assertEquals(List.of(), Range.difference(List.of(new Range(0, Long.MAX_VALUE)),
                List.of(new Range(0, Long.MAX_VALUE))));
        assertEquals(List.of(new Range(2, 2), new Range(6, 6)), Range.difference(
                List.of(new Range(1, 3), new Range(5, 7)), List.of(new Range(1, 1), new Range(3, 5), new Range(7, 9))));
    }
}
