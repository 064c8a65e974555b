package org.allot.master.internal.allocation;


import org.allot.api.Resource;
import org.allot.api.Resources;

/** Resource arithmetic the master's books need beyond {@link Resources}. Pure functions. */
public final class ResourceMath {

    private ResourceMath() {
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
}
