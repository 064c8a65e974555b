package org.allot.master.internal;

import java.util.Collection;

import org.allot.api.Resource;
import org.allot.api.Resources;

/** Resource arithmetic the registry needs beyond {@link Resources}. */
final class Accounting {

    private Accounting() {
    }

    /**
     * {@code from - what}, where entries of {@code what} that {@code from} does not cover are left
     * out instead of failing. The registry's sums always balance when the master is right; this
     * keeps a bookkeeping slip (or an agent that re-registers with more in use than its total) from
     * breaking the event loop.
     */
    static Resources minusAvailable(Resources from, Resources what) {
        if (from.contains(what)) {
            return from.subtract(what);
        }
        Resources rest = from;
        for (Resource r : what.entries()) {
            Resources one = Resources.of(r);
            if (rest.contains(one)) {
                rest = rest.subtract(one);
            }
        }
        return rest;
    }

    static Resources sum(Collection<Resources> all) {
        Resources sum = Resources.empty();
        for (Resources r : all) {
            sum = sum.add(r);
        }
        return sum;
    }
}
