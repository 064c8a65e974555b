package org.allot.allocator.drf.internal;

import java.util.List;
import java.util.TreeSet;

import org.allot.api.Range;
import org.allot.api.Resource;
import org.allot.api.Resources;

/**
 * Subtraction that never throws. The allocator's books should always balance, but the master's
 * reports may not (an agent re-registers with less than its tasks use; a recovery names more than
 * was held), and an exception in the middle of an allocation pass would leave the allocator's state
 * half updated. So where the books could disagree, the allocator subtracts what it can and logs.
 */
final class ResourceMath {

    private ResourceMath() {
    }

    /**
     * {@code a - b} where defined, otherwise entry by entry what of {@code a} is not in {@code b}
     * (same name and role): {@code cpus:2;mem:100 ⊖ cpus:3} is {@code mem:100}.
     */
    static Resources subtractSaturating(Resources a, Resources b) {
        if (a.contains(b)) {
            return a.subtract(b);
        }
        Resources rest = Resources.empty();
        for (Resource have : a.entries()) {
            rest = rest.add(remainder(have, b.role(have.role())));
        }
        return rest;
    }

    /** What of {@code have} is not in {@code taken}, whose entries all have {@code have}'s role. */
    private static Resources remainder(Resource have, Resources taken) {
        switch (have.type()) {
            case SCALAR: {
                long left = have.scalarMillis() - taken.scalarMillis(have.name());
                return left > 0 ? Resources.of(Resource.scalarMillis(have.name(), have.role(), left)) : Resources.empty();
            }
            case RANGES: {
                List<Range> left = Range.difference(have.ranges(), taken.ranges(have.name()));
                return left.isEmpty() ? Resources.empty() : Resources.of(Resource.ranges(have.name(), have.role(), left));
            }
            default: {
                TreeSet<String> left = new TreeSet<>(have.set());
                left.removeAll(taken.set(have.name()));
                return left.isEmpty() ? Resources.empty() : Resources.of(Resource.set(have.name(), have.role(), left));
            }
        }
    }
}
