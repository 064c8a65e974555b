package org.allot.isolation.cgroups.internal;

import java.util.EnumSet;
import java.util.Set;

import org.allot.api.Resources;
import org.allot.isolation.cgroups.internal.kernel.Cgroup;
import org.allot.isolation.cgroups.internal.kernel.Controller;
import org.allot.spi.isolation.Isolator;
import org.allot.spi.isolation.ResourceUsage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code cgroups/pids}: at most {@code pids.max} tasks per container (the setting, 1024 by default),
 * so a fork bomb stops there and the host keeps its pids. A fork at the limit fails with EAGAIN in
 * the container; nothing else happens to it, so this isolator has no {@code watch}. Measures the
 * number of tasks (processes and threads, as the pids controller counts them).
 */
@Component(service = Isolator.class, property = Isolator.NAME_PROPERTY + "=" + PidsIsolator.NAME)
public final class PidsIsolator extends CgroupIsolator {

    public static final String NAME = "cgroups/pids";

    @Activate
    public PidsIsolator(@Reference CgroupsHost host) {
        super(host);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected Set<Controller> controllers() {
        return EnumSet.of(Controller.PIDS);
    }

    @Override
    protected void apply(Cgroup cgroup, Resources limits) {
        cgroup.setPidsLimit(host.settings().pidsMax());
    }

    @Override
    protected ResourceUsage measure(Cgroup cgroup) {
        return usage(ResourceUsage.NOT_MEASURED, ResourceUsage.NOT_MEASURED, ResourceUsage.NOT_MEASURED,
                ResourceUsage.NOT_MEASURED, ResourceUsage.NOT_MEASURED, cgroup.pidsUsage().current());
    }
}
