package org.allot.health.internal;

import org.allot.api.operator.Operator;
import org.apache.felix.hc.api.HealthCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Felix Health Check "Allot agents registered": see {@link MasterChecks#agentsRegistered}. */
@Component(service = HealthCheck.class, property = {
    HealthCheck.NAME + "=Allot agents registered",
    HealthCheck.TAGS + "=allot",
    HealthCheck.TAGS + "=master",
    HealthCheck.MBEAN_NAME + "=allotAgentsRegistered"})
public final class AgentsCheck extends MasterHealthCheck {

    private final Operator operator;

    @Activate
    public AgentsCheck(@Reference Operator operator) {
        super(MasterChecks::agentsRegistered);
        this.operator = operator;
    }

    @Override
    Operator operator() {
        return operator;
    }
}
