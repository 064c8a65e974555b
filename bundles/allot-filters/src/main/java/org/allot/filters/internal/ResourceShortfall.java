package org.allot.filters.internal;

import java.util.List;
import java.util.TreeSet;

import org.allot.api.Range;
import org.allot.api.Resource;
import org.allot.api.Resources;

/**
 * What part of a requirement a pool of resources does not cover, entry by entry, without throwing.
 * {@link Resources#subtract} only says what is missing in its exception message, and a filter must
 * never throw, so the filters compute the shortfall themselves.
 */
final class ResourceShortfall {

    private ResourceShortfall() {
    }

    /**
     * The part of {@code need} that {@code pool} lacks; empty when the pool covers it.
     *
     * <p>Each entry of {@code need} is compared with the entries of {@code pool} of the same name,
     * summed over the pool's roles (the caller chooses which roles are in the pool), so
     * {@code cpus:2} needed against a pool {@code cpus:1;cpus(prod):0.5} lacks {@code cpus:0.5}.
     * An entry of another kind in the pool (ranges where a scalar is needed) covers nothing.
     */
    static Resources missing(Resource need, Resources pool) {
        switch (need.type()) {
            case SCALAR: {
                long lack = need.scalarMillis() - pool.scalarMillis(need.name());
                return lack > 0 ? Resources.of(Resource.scalarMillis(need.name(), need.role(), lack)) : Resources.empty();
            }
            case RANGES: {
                List<Range> lack = Range.difference(need.ranges(), pool.ranges(need.name()));
                return lack.isEmpty() ? Resources.empty() : Resources.of(Resource.ranges(need.name(), need.role(), lack));
            }
            default: {
                TreeSet<String> lack = new TreeSet<>(need.set());
                lack.removeAll(pool.set(need.name()));
                return lack.isEmpty() ? Resources.empty() : Resources.of(Resource.set(need.name(), need.role(), lack));
            }
        }
    }
}
