package org.allot.health.internal;

import org.allot.api.operator.Operator;
import org.apache.felix.hc.api.HealthCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Felix Health Check "Allot allocator active": see {@link MasterChecks#allocatorActive}. */
@Component(service = HealthCheck.class, property = {
    HealthCheck.NAME + "=Allot allocator active",
    HealthCheck.TAGS + "=allot",
    HealthCheck.TAGS + "=master",
    HealthCheck.MBEAN_NAME + "=allotAllocatorActive"})
public final class AllocatorCheck extends MasterHealthCheck {

    private final Operator operator;

    @Activate
    public AllocatorCheck(@Reference Operator operator) {
        super(MasterChecks::allocatorActive);
        this.operator = operator;
    }

    @Override
    Operator operator() {
        return operator;
    }
}
