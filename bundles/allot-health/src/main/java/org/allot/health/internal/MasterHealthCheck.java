package org.allot.health.internal;

import java.util.function.Function;

import org.allot.api.operator.MasterStatus;
import org.allot.api.operator.Operator;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;

/**
 * A health check over the master's status: asks the {@link Operator} once per execution and judges
 * with one of {@link MasterChecks}. A master that is not running is critical.
 */
abstract class MasterHealthCheck implements HealthCheck {

    private final Function<MasterStatus, Result> judge;

    MasterHealthCheck(Function<MasterStatus, Result> judge) {
        this.judge = judge;
    }

    abstract Operator operator();

    @Override
    public Result execute() {
        MasterStatus status;
        try {
            status = operator().status();
        } catch (RuntimeException e) {
            FormattingResultLog log = new FormattingResultLog();
            log.critical("The master does not answer: {}", e.toString());
            return new Result(log);
        }
        return judge.apply(status);
    }
}
