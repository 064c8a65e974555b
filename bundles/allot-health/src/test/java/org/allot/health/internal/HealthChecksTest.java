package org.allot.health.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;

import org.allot.api.operator.MasterStatus;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.junit.Test;

/** Each master health check, table by table: the status it sees and the result it gives. */
public class HealthChecksTest {

    private final StatusOperator operator = new StatusOperator();

    private static MasterStatus status(boolean leading, boolean listening, String allocator, int agents,
                                       int connected) {
        return new MasterStatus(Instant.EPOCH, "m1", leading ? "LEADING" : "STANDBY", leading,
                leading ? "" : "master m1 is not the leader (it is STANDBY)", listening, allocator, agents, connected, 0, 0);
    }

    private Result run(HealthCheck check, MasterStatus s) {
        operator.status = s;
        return check.execute();
    }

    private static void assertResult(Result r, Result.Status status, String text) {
        assertEquals(r.toString(), status, r.getStatus());
        assertTrue(r.toString(), r.toString().contains(text));
    }

    @Test
    public void leading() {
        LeadingCheck c = new LeadingCheck(operator);
        assertResult(run(c, status(true, true, "drf", 1, 1)), Result.Status.OK, "leads and listens");
        assertResult(run(c, status(false, true, "drf", 1, 1)), Result.Status.CRITICAL, "is not the leader");
        assertResult(run(c, status(true, false, "drf", 1, 1)), Result.Status.CRITICAL, "does not listen");
    }

    @Test
    public void allocatorActive() {
        AllocatorCheck c = new AllocatorCheck(operator);
        assertResult(run(c, status(true, true, "drf", 1, 1)), Result.Status.OK, "'drf' is active");
        assertResult(run(c, status(true, true, "", 1, 1)), Result.Status.CRITICAL,
                "feature:install allot-allocator-drf");
    }

    @Test
    public void agentsRegistered() {
        AgentsCheck c = new AgentsCheck(operator);
        assertResult(run(c, status(true, true, "drf", 3, 3)), Result.Status.OK, "3 agents connected");
        assertResult(run(c, status(true, true, "drf", 3, 1)), Result.Status.WARN, "2 of 3 agents are disconnected");
        assertResult(run(c, status(true, true, "drf", 0, 0)), Result.Status.WARN, "No agent is connected");
    }

    @Test
    public void aMasterThatDoesNotAnswerIsCritical() {
        operator.failure = new IllegalStateException("event loop stopped");
        assertResult(new LeadingCheck(operator).execute(), Result.Status.CRITICAL, "event loop stopped");
    }
}
