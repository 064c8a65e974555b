package org.allot.examples;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.allot.api.Resources;
import org.junit.Test;

public class OfferPackerTest {

    private record Case(String name, String role, String offer, String shape, String overhead, int max, int fits) {
    }

    @Test
    public void packsAsManyTasksAsFit() {
        List<Case> cases = List.of(
                new Case("cpus bound", "*", "cpus:4;mem:4096", "cpus:1;mem:128", "", 10, 4),
                new Case("mem bound", "*", "cpus:4;mem:300", "cpus:1;mem:128", "", 10, 2),
                new Case("capped by what is left to launch", "*", "cpus:4;mem:4096", "cpus:1;mem:128", "", 3, 3),
                new Case("nothing fits", "*", "cpus:0.5;mem:4096", "cpus:1;mem:128", "", 10, 0),
                new Case("a resource the offer lacks", "*", "cpus:4;mem:4096", "cpus:1;gpus:1", "", 10, 0),
                new Case("fractional cpus add up exactly", "*", "cpus:1;mem:1000", "cpus:0.1;mem:10", "", 100, 10),
                new Case("executor overhead taken once", "*", "cpus:1;mem:256", "cpus:0.2;mem:32", "cpus:0.1;mem:128",
                        10, 4),
                new Case("overhead that does not fit", "*", "cpus:1;mem:100", "cpus:0.2;mem:32", "cpus:0.1;mem:128",
                        10, 0),
                new Case("reserved resources of the role first", "prod", "cpus(prod):2;cpus:1;mem(prod):512",
                        "cpus:1;mem:128", "", 10, 2),
                new Case("another role's reservation is not used", "prod", "cpus(dev):4;mem(dev):512",
                        "cpus:1;mem:128", "", 10, 0));
        for (Case c : cases) {
            List<Resources> packed = new OfferPacker(c.role()).pack(Resources.parse(c.offer()),
                    Resources.parse(c.shape()), Resources.parse(c.overhead()), c.max());
            assertEquals(c.name(), c.fits(), packed.size());
            Resources used = Resources.parse(c.overhead());
            for (Resources r : packed) {
                used = used.add(r);
            }
            if (!packed.isEmpty()) {
                assertEquals(c.name() + ": never more than the offer", true,
                        Resources.parse(c.offer()).contains(used));
            }
        }
    }

    @Test
    public void aTaskInARoleTakesTheReservation() {
        Resources taken = new OfferPacker("prod").take(Resources.parse("cpus(prod):1;mem(prod):128;cpus:4;mem:4096"),
                Resources.parse("cpus:1;mem:128")).orElseThrow();
        assertEquals(Resources.parse("cpus(prod):1;mem(prod):128"), taken);
    }
}
