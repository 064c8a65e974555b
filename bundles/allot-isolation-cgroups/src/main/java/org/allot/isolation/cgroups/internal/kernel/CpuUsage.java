package org.allot.isolation.cgroups.internal.kernel;

/**
 * CPU accounting of one cgroup, cumulative since it was created.
 *
 * @param usageNanos       total CPU time of its processes
 * @param userNanos        of which in user mode
 * @param systemNanos      of which in the kernel
 * @param throttledNanos   time its processes were held back by the CFS quota
 * @param throttledPeriods number of CFS periods in which they were held back
 */
public record CpuUsage(long usageNanos, long userNanos, long systemNanos, long throttledNanos, long throttledPeriods) {
}
