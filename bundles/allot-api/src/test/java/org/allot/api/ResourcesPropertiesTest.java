package org.allot.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.util.List;

import org.junit.runner.RunWith;

import com.pholser.junit.quickcheck.From;
import com.pholser.junit.quickcheck.Property;
import com.pholser.junit.quickcheck.runner.JUnitQuickcheck;

/** The algebraic laws the master and allocators rely on, checked on random values. */
@RunWith(JUnitQuickcheck.class)
public class ResourcesPropertiesTest {

    private static final int TRIALS = 300;

    @Property(trials = TRIALS)
    public void parseOfToStringIsIdentity(@From(ResourcesGenerator.class) Resources a) {
        Resources back = Resources.parse(a.toString());
        assertEquals(a, back);
        assertEquals(a.hashCode(), back.hashCode());
        assertEquals(a.toString(), back.toString());
    }

    @Property(trials = TRIALS)
    public void addIsCommutative(@From(ResourcesGenerator.class) Resources a,
                                 @From(ResourcesGenerator.class) Resources b) {
        assertEquals(a.add(b), b.add(a));
    }

    @Property(trials = TRIALS)
    public void addIsAssociative(@From(ResourcesGenerator.class) Resources a,
                                 @From(ResourcesGenerator.class) Resources b,
                                 @From(ResourcesGenerator.class) Resources c) {
        assertEquals(a.add(b).add(c), a.add(b.add(c)));
    }

    /** Holds when a and b share no port or set item, as resources split off one agent never do. */
    @Property(trials = TRIALS)
    public void addThenSubtractGivesBackTheFirst(@From(ResourcesGenerator.class) Resources a,
                                                 @From(ResourcesGenerator.class) Resources b) {
        assumeTrue(disjointRangesAndSets(a, b));
        assertEquals(a, a.add(b).subtract(b));
    }

    @Property(trials = TRIALS)
    public void sumContainsBothParts(@From(ResourcesGenerator.class) Resources a,
                                     @From(ResourcesGenerator.class) Resources b) {
        assertTrue(a.add(b).contains(a));
        assertTrue(a.add(b).contains(b));
    }

    @Property(trials = TRIALS)
    public void containsIsReflexive(@From(ResourcesGenerator.class) Resources a) {
        assertTrue(a.contains(a));
        assertEquals(Resources.empty(), a.subtract(a));
    }

    @Property(trials = TRIALS)
    public void subtractThenAddRoundTrips(@From(ResourcesGenerator.class) Resources a,
                                          @From(ResourcesGenerator.class) Resources b) {
        Resources total = a.add(b);
        assertEquals(total, total.subtract(b).add(b));
    }

    @Property(trials = TRIALS)
    public void emptyIsIdentity(@From(ResourcesGenerator.class) Resources a) {
        assertEquals(a, a.add(Resources.empty()));
        assertEquals(a, Resources.empty().add(a));
        assertEquals(a, a.subtract(Resources.empty()));
        assertTrue(a.contains(Resources.empty()));
    }

    /** subtract succeeds exactly when contains says so, and never leaves an empty entry behind. */
    @Property(trials = TRIALS)
    public void subtractAgreesWithContains(@From(ResourcesGenerator.class) Resources a,
                                           @From(ResourcesGenerator.class) Resources b) {
        boolean contained = a.contains(b);
        try {
            Resources rest = a.subtract(b);
            assertTrue(contained);
            assertFalse(rest.entries().stream().anyMatch(Resource::isEmpty));
            assertTrue(a.contains(rest));
        } catch (IllegalArgumentException e) {
            assertFalse(a + " contains " + b + " but subtract failed: " + e.getMessage(), contained);
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot subtract"));
        }
    }

    /** Saturating subtraction agrees with subtract whenever subtract is allowed. */
    @Property(trials = TRIALS)
    public void subtractSaturatingAgreesWithSubtractWhenContained(@From(ResourcesGenerator.class) Resources a,
                                                                  @From(ResourcesGenerator.class) Resources b) {
        Resources total = a.add(b);
        assertEquals(total.subtract(b), total.subtractSaturating(b));
    }

    /** What is left is part of the first, and together with the second covers the first. */
    @Property(trials = TRIALS)
    public void subtractSaturatingLeavesWhatTheSecondLacks(@From(ResourcesGenerator.class) Resources a,
                                                           @From(ResourcesGenerator.class) Resources b) {
        Resources rest = a.subtractSaturating(b);
        assertTrue(a.contains(rest));
        assertTrue(rest.add(b).contains(a));
        assertFalse(rest.entries().stream().anyMatch(Resource::isEmpty));
        assertEquals(Resources.empty(), a.subtractSaturating(a));
        assertEquals(a, a.subtractSaturating(Resources.empty()));
        assertEquals(Resources.empty(), Resources.empty().subtractSaturating(a));
    }

    @Property(trials = TRIALS)
    public void sumIsRepeatedAdd(@From(ResourcesGenerator.class) Resources a,
                                 @From(ResourcesGenerator.class) Resources b,
                                 @From(ResourcesGenerator.class) Resources c) {
        assertEquals(a.add(b).add(c), Resources.sum(List.of(a, b, c)));
        assertEquals(a, Resources.sum(List.of(a)));
    }

    @Property(trials = TRIALS)
    public void flattenKeepsTotals(@From(ResourcesGenerator.class) Resources a) {
        Resources flat = a.flatten();
        for (String name : a.names()) {
            assertEquals(a.scalarMillis(name), flat.scalarMillis(name));
            assertEquals(a.ranges(name), flat.ranges(name));
            assertEquals(a.set(name), flat.set(name));
        }
        assertEquals(flat, flat.unreserved());
    }

    /** Union loses nothing exactly when the two share no range value or set item. */
    private static boolean disjointRangesAndSets(Resources a, Resources b) {
        return count(a.add(b)) == count(a) + count(b);
    }

    private static long count(Resources r) {
        long n = 0;
        for (Resource e : r.entries()) {
            n += e.set().size();
            for (Range range : e.ranges()) {
                n += range.size();
            }
        }
        return n;
    }
}
