package org.allot.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.Test;

public class ResourcesTest {

    private static Resources r(String text) {
        return Resources.parse(text);
    }

    // ----- fixed point -----

    @Test
    public void tenthsAddUpExactly() {
        Resources sum = Resources.empty();
        for (int i = 0; i < 10; i++) {
            sum = sum.add(r("cpus:0.1"));
        }
        assertEquals(r("cpus:1"), sum);
        assertEquals(1000, sum.scalarMillis("cpus"));
        assertEquals(1.0, sum.scalar("cpus"), 0.0);
    }

    @Test
    public void doubleFactoryKeepsShortestDecimal() {
        assertEquals(100, Resource.scalar("cpus", 0.1).scalarMillis());
        assertEquals(r("cpus:0.3"), Resources.builder().scalar("cpus", 0.1).scalar("cpus", 0.2).build());
    }

    @Test
    public void doubleFactoryRejectsOverPreciseNegativeAndNonFinite() {
        assertMessage(() -> Resource.scalar("cpus", 0.0001), "cpus:1.0E-4", "3 decimals");
        assertMessage(() -> Resource.scalar("cpus", -1), "cpus:-1.0", "negative");
        assertMessage(() -> Resource.scalar("cpus", Double.NaN), "cpus:NaN", "finite");
        assertMessage(() -> Resource.scalar("mem", Double.POSITIVE_INFINITY), "mem:Infinity", "finite");
        assertMessage(() -> Resource.scalarMillis("mem", "*", -5), "mem", "negative");
    }

    // ----- ranges -----

    @Test
    public void adjacentRangesMergeOnAdd() {
        assertEquals(r("ports:[1-10]"), r("ports:[1-5]").add(r("ports:[6-10]")));
    }

    @Test
    public void subtractSaturatingCases() {
        String[][] cases = {
            // name, from, minus, expected
            {"what the other lacks counts as zero", "cpus:2;mem:512", "cpus:1", "cpus:1;mem:512"},
            {"scalars stop at zero", "cpus:2;mem:512", "cpus:3;disk:5", "mem:512"},
            {"ranges lose what the other has", "ports:[1-10]", "ports:[4-6,20-30]", "ports:[1-3,7-10]"},
            {"sets lose what the other has", "disks:{a,b,c}", "disks:{b,z}", "disks:{a,c}"},
            {"roles are apart", "cpus:2;cpus(prod):1", "cpus(prod):5", "cpus:2"},
            {"another kind takes nothing away", "ports:[1-2]", "ports(prod):[1-2];cpus:1", "ports:[1-2]"},
            {"nothing minus anything is nothing", "", "cpus:1", ""},
        };
        for (String[] c : cases) {
            assertEquals(c[0], r(c[3]), r(c[1]).subtractSaturating(r(c[2])));
        }
    }

    @Test
    public void sumOfNoneIsEmptyAndOfManyIsTheirTotal() {
        assertEquals(Resources.empty(), Resources.sum(List.of()));
        assertEquals(r("cpus:3.5;mem:10;ports:[1-4]"),
                Resources.sum(List.of(r("cpus:1;ports:[1-2]"), r("cpus:2.5;ports:[3-4]"), r("mem:10"))));
    }

    @Test
    public void subtractSplitsRange() {
        assertEquals(r("ports:[1-3,7-10]"), r("ports:[1-10]").subtract(r("ports:[4-6]")));
    }

    @Test
    public void subtractRangesAcrossSeveralPieces() {
        assertEquals(r("ports:[1-1,5-5,20-30]"),
                r("ports:[1-10,20-30]").subtract(r("ports:[2-4,6-10]")));
        assertEquals(r("ports:[2-9]"), r("ports:[1-10]").subtract(r("ports:[1-1,10-10]")));
    }

    @Test
    public void rangesAtTheEdgeOfLong() {
        Resources all = Resources.builder().range("x", 0, Long.MAX_VALUE).build();
        Resources rest = all.subtract(Resources.builder().range("x", Long.MAX_VALUE, Long.MAX_VALUE).build());
        assertEquals(List.of(new Range(0, Long.MAX_VALUE - 1)), rest.ranges("x"));
        assertEquals(all, rest.add(Resources.builder().range("x", Long.MAX_VALUE, Long.MAX_VALUE).build()));
        assertEquals(all, Resources.parse(all.toString()));
    }

    @Test
    public void rangeFactoryRejectsOverlap() {
        assertMessage(() -> Resource.ranges("ports", List.of(new Range(1, 5), new Range(5, 6))), "ports", "1-5", "5-6",
                "overlap");
        assertMessage(() -> new Range(5, 1), "5-1");
        assertMessage(() -> new Range(-1, 1), "-1-1");
    }

    // ----- subtraction errors and emptiness -----

    @Test
    public void subtractingEverythingIsEmpty() {
        Resources none = r("cpus:1").subtract(r("cpus:1"));
        assertTrue(none.isEmpty());
        assertEquals(Resources.empty(), none);
        assertEquals("", none.toString());
    }

    @Test
    public void subtractingMoreThanPresentSaysWhatIsMissing() {
        assertMessage(() -> r("cpus:2").subtract(r("cpus:4")), "cannot subtract cpus:4 from cpus:2", "missing cpus:2");
        assertMessage(() -> r("ports:[1-10];mem:5").subtract(r("ports:[5-12]")), "missing ports:[11-12]");
        assertMessage(() -> r("disks:{a}").subtract(r("disks:{a,b}")), "missing disks:{b}");
        assertMessage(() -> r("cpus:2").subtract(r("cpus(prod):1")), "missing cpus(prod):1");
        assertMessage(() -> Resources.empty().subtract(r("mem:1")), "from no resources", "missing mem:1");
        assertMessage(() -> r("ports:3").subtract(r("ports:[1-1]")), "missing ports:[1-1]");
    }

    @Test
    public void addingTwoKindsOfOneNameFails() {
        assertMessage(() -> r("ports:3").add(r("ports:[1-2]")), "ports", "a scalar", "ranges");
    }

    @Test
    public void emptyIsIdentity() {
        Resources a = r("cpus:1;ports:[1-2];disks:{a}");
        assertSame(a, a.add(Resources.empty()));
        assertEquals(a, Resources.empty().add(a));
        assertEquals(a, a.subtract(Resources.empty()));
        assertTrue(a.contains(Resources.empty()));
        assertTrue(Resources.empty().isEmpty());
        assertFalse(a.isEmpty());
    }

    // ----- contains -----

    @Test
    public void containsComparesPerNameRoleAndKind() {
        Resources agent = r("cpus:4;mem:4096;ports:[31000-32000];disks:{a,b};cpus(prod):2");
        assertTrue(agent.contains(r("cpus:4;mem:1;ports:[31000-31005,31999-32000];disks:{b}")));
        assertTrue(agent.contains(r("cpus(prod):2")));
        assertFalse(agent.contains(r("cpus:4.001")));
        assertFalse(agent.contains(r("cpus(prod):3")));
        assertFalse(agent.contains(r("cpus(dev):1")));
        assertFalse(agent.contains(r("ports:[30999-31000]")));
        assertFalse(agent.contains(r("disks:{c}")));
        assertFalse(agent.contains(r("gpus:1")));
        assertFalse(agent.contains(r("ports:1")));
    }

    // ----- queries -----

    @Test
    public void queriesSumOverRoles() {
        Resources x = r("cpus:1.5;cpus(prod):2;mem:10;ports:[1-5];ports(prod):[6-8];disks:{a};disks(prod):{b}");
        assertEquals(3.5, x.scalar("cpus"), 0.0);
        assertEquals(3500, x.scalarMillis("cpus"));
        assertEquals(0, x.scalarMillis("gpus"));
        assertEquals(0, x.scalarMillis("ports"));
        assertEquals(List.of(new Range(1, 8)), x.ranges("ports"));
        assertEquals(List.of(), x.ranges("cpus"));
        assertEquals(Set.of("a", "b"), x.set("disks"));
        assertEquals(List.of("cpus", "disks", "mem", "ports"), List.copyOf(x.names()));
        assertEquals(List.of("*", "prod"), List.copyOf(x.roles()));
    }

    @Test
    public void roleKeepsOneRole() {
        Resources x = r("cpus:1;cpus(prod):2;mem(prod):3;mem(dev):4");
        assertEquals(r("cpus(prod):2;mem(prod):3"), x.role("prod"));
        assertEquals(r("cpus:1"), x.role("*"));
        assertEquals(r("cpus:1"), x.unreserved());
        assertEquals(Resources.empty(), x.role("other"));
        assertMessage(() -> x.role("bad role"), "'bad role'");
    }

    @Test
    public void flattenMovesEverythingToDefaultRole() {
        assertEquals(r("cpus:3;mem:7;ports:[1-4]"),
                r("cpus:1;cpus(prod):2;mem(prod):3;mem(dev):4;ports(a):[1-2];ports(b):[3-4]").flatten());
        assertMessage(() -> r("x(a):1;x(b):[1-2]").flatten(), "x", "a scalar", "ranges");
    }

    @Test
    public void entriesAreSortedAndUnmodifiable() {
        Resources x = r("mem:2;cpus(prod):1;cpus:1");
        List<Resource> entries = x.entries();
        assertEquals("cpus:1", entries.get(0).toString());
        assertEquals("prod", entries.get(1).role());
        assertEquals(Resource.Type.SCALAR, entries.get(2).type());
        assertThrows(UnsupportedOperationException.class, () -> entries.clear());
        assertThrows(UnsupportedOperationException.class, () -> r("d:{a}").set("d").add("b"));
        assertEquals(x, Resources.of(entries));
    }

    // ----- builder and equality -----

    @Test
    public void builderMatchesParse() {
        Resources built = Resources.builder()
                .scalar("cpus", 4).scalar("cpus", "prod", 0.5).scalar("mem", 4096)
                .range("ports", 31000, 32000).range("ports", 40000, 40010).range("ports", "prod", 80, 80)
                .set("disks", "b", "a").setInRole("disks", "prod", "c")
                .build();
        assertEquals(r("cpus:4;cpus(prod):0.5;mem:4096;ports:[31000-32000,40000-40010];ports(prod):[80-80];"
                + "disks:{a,b};disks(prod):{c}"), built);
        assertEquals(Resources.empty(), Resources.builder().scalar("cpus", 0).set("d").build());
    }

    @Test
    public void equalityIgnoresOrderAndNotation() {
        Resources a = r("cpus:1;mem:2;ports:[1-5,6-6]");
        Resources b = r("mem:2.000 ; ports:[6-6,1-5]; cpus:1.0");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, r("cpus:1;mem:2"));
        assertNotEquals(r("cpus:1"), r("cpus(prod):1"));
    }

    static void assertMessage(org.junit.function.ThrowingRunnable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue("message '" + e.getMessage() + "' should contain " + f, e.getMessage().contains(f));
        }
    }
}
