package org.allot.isolation.cgroups.internal.kernel;

/** Which cgroup interface the kernel offers for the controllers Allot uses. */
public enum CgroupVersion {
    /** One hierarchy per controller (or group of controllers), e.g. {@code /sys/fs/cgroup/memory}. */
    V1,
    /** One unified {@code cgroup2} hierarchy with every controller, e.g. {@code /sys/fs/cgroup}. */
    V2
}
