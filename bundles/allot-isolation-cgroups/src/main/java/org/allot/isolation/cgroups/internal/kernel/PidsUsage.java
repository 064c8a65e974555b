package org.allot.isolation.cgroups.internal.kernel;

/**
 * Process-count accounting of one cgroup.
 *
 * @param current   tasks (threads included, as the kernel counts them) in it now
 * @param limit     {@code pids.max}, {@link Long#MAX_VALUE} for none
 * @param refusals  forks refused at the limit ({@code pids.events max})
 */
public record PidsUsage(long current, long limit, long refusals) {
}
