package org.allot.isolation.cgroups.internal;

import java.util.EnumSet;
import java.util.Set;

import org.allot.api.Resources;
import org.allot.isolation.cgroups.internal.kernel.Cgroup;
import org.allot.isolation.cgroups.internal.kernel.Controller;
import org.allot.isolation.cgroups.internal.kernel.CpuUsage;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.ResourceUsage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cgroups/cpu}: the container's {@code cpus} as CPU shares (v1 {@code cpu.shares}, 1024 per
 * cpu; v2 {@code cpu.weight}), and, when the hard limit is on, as a CFS quota per period (0.5 cpus =
 * 50 ms of every 100 ms). Measures CPU time (user, system) and throttled time.
 */
@Component(service = Isolator.class, property = Isolator.NAME_PROPERTY + "=" + CpuIsolator.NAME)
public final class CpuIsolator extends CgroupIsolator {

    public static final String NAME = "cgroups/cpu";
    private static final double NANOS = 1e9;

    @Activate
    public CpuIsolator(@Reference CgroupsHost host) {
        super(host);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Set<Controller> controllers() {
        return EnumSet.of(Controller.CPU, Controller.CPUACCT);
    }

    @Override
    protected void apply(Cgroup cgroup, Resources limits) {
        double cpus = limits.scalar("cpus");
        if (cpus <= 0) {
            throw new IllegalArgumentException("container limits " + limits + " have no cpus: cgroups/cpu needs a"
                    + " positive cpus resource to divide the CPU by");
        }
        cgroup.setCpuShares(cpus);
        CgroupsSettings s = host.settings();
        cgroup.setCpuLimit(s.cpuHardLimit() ? cpus : 0, s.cfsPeriodMicros());
    }

    @Override
    protected ResourceUsage measure(Cgroup cgroup) {
        CpuUsage u = cgroup.cpuUsage();
        return usage(u.userNanos() / NANOS, u.systemNanos() / NANOS, u.throttledNanos() / NANOS,
                ResourceUsage.NOT_MEASURED, ResourceUsage.NOT_MEASURED, ResourceUsage.NOT_MEASURED);
    }
}
