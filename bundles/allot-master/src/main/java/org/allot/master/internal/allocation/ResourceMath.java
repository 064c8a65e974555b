package org.allot.master.internal.allocation;

import java.util.Collection;

import org.allot.api.Resource;
import org.allot.api.Resources;

/** Resource arithmetic the master's books need beyond {@link Resources}. Pure functions. */
public final class ResourceMath {

    private ResourceMath() {
    }

    /**
     * {@code from - what}, where entries of {@code what} that {@code from} does not cover are left
     * out instead of failing. The books always balance when the master is right; this keeps a
     * bookkeeping slip (or an agent that re-registers with more in use than its total) from
     * breaking the event loop.
     */
    public static Resources minusAvailable(Resources from, Resources what) {
        if (what.isEmpty()) {
            return from;
        }
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

    /**
     * Only the scalar entries (ranges and sets left out). Cluster-wide sums keep only scalars:
     * ports of different agents are different ports, so a union across agents means nothing and
     * cannot be subtracted from again.
     */
    public static Resources scalars(Resources r) {
        boolean onlyScalars = true;
        for (Resource e : r.entries()) {
            if (e.type() != Resource.Type.SCALAR) {
                onlyScalars = false;
                break;
            }
        }
        if (onlyScalars) {
            return r;
        }
        Resources.Builder b = Resources.builder();
        for (Resource e : r.entries()) {
            if (e.type() == Resource.Type.SCALAR) {
                b.add(e);
            }
        }
        return b.build();
    }

    /** The sum of all. */
    public static Resources sum(Collection<Resources> all) {
        Resources sum = Resources.empty();
        for (Resources r : all) {
            sum = sum.add(r);
        }
        return sum;
    }
}
