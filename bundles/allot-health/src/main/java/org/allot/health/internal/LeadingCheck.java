package org.allot.health.internal;

import org.allot.api.operator.Operator;
import org.apache.felix.hc.api.HealthCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Felix Health Check "Allot master leading and listening": see {@link MasterChecks#leading}. */
@Component(service = HealthCheck.class, property = {
    HealthCheck.NAME + "=Allot master leading and listening",
    HealthCheck.TAGS + "=allot",
    HealthCheck.TAGS + "=master",
    HealthCheck.MBEAN_NAME + "=allotMasterLeading"})
public final class LeadingCheck extends MasterHealthCheck {

    private final Operator operator;

    @Activate
    public LeadingCheck(@Reference Operator operator) {
        super(MasterChecks::leading);
        this.operator = operator;
    }

    @Override
    Operator operator() {
        return operator;
    }
}
