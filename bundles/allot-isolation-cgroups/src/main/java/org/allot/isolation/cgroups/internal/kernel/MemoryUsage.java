package org.allot.isolation.cgroups.internal.kernel;

/**
 * Memory accounting of one cgroup.
 *
 * @param currentBytes charged now (rss, page cache, kernel memory)
 * @param rssBytes     anonymous memory now (v1 {@code total_rss}, v2 {@code anon})
 * @param peakBytes    highest charge seen (v1 {@code memory.max_usage_in_bytes}, v2 {@code memory.peak});
 *                     the current charge where the kernel does not record a peak
 * @param limitBytes   the hard limit, {@link Long#MAX_VALUE} for none
 * @param oomKills     processes the kernel OOM-killed in this cgroup (v1 {@code memory.oom_control}
 *                     {@code oom_kill}, v2 {@code memory.events} {@code oom_kill})
 * @param limitHits    times the charge hit the limit (v1 {@code memory.failcnt}, v2 {@code memory.events max})
 */
public record MemoryUsage(long currentBytes, long rssBytes, long peakBytes, long limitBytes, long oomKills,
        long limitHits) {
}
