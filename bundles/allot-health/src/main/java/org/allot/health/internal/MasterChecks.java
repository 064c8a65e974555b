package org.allot.health.internal;

import org.allot.api.operator.MasterStatus;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.Result;

/**
 * The judgements behind the master's health checks, from one {@link MasterStatus}; plain Java so
 * that a test needs no framework. Each message says what is wrong and what to do.
 */
final class MasterChecks {

    private MasterChecks() {
    }

    /** The master leads and its server accepts agents and schedulers. */
    static Result leading(MasterStatus s) {
        FormattingResultLog log = new FormattingResultLog();
        if (!s.leading()) {
            log.critical("Master {} does not lead: {}", s.masterId(), s.reason());
        } else if (!s.listening()) {
            log.critical("Master {} leads but does not listen for agents and schedulers; check its host and port",
                    s.masterId());
        } else {
            log.info("Master {} leads and listens", s.masterId());
        }
        return new Result(log);
    }

    /** An allocator is active, so offers are made. */
    static Result allocatorActive(MasterStatus s) {
        FormattingResultLog log = new FormattingResultLog();
        if (s.activeAllocator().isEmpty()) {
            log.critical("No allocator is active, so no offers are made: install one"
                    + " (feature:install allot-allocator-drf) or fix allocator.target in org.allot.master");
        } else {
            log.info("Allocator '{}' is active", s.activeAllocator());
        }
        return new Result(log);
    }

    /** Agents are registered and connected. */
    static Result agentsRegistered(MasterStatus s) {
        FormattingResultLog log = new FormattingResultLog();
        int disconnected = s.agents() - s.connectedAgents();
        if (s.connectedAgents() == 0) {
            log.warn("No agent is connected ({} known): frameworks get no offers; start agents pointing at this"
                    + " master", s.agents());
        } else if (disconnected > 0) {
            log.warn("{} of {} agents are disconnected; their tasks are kept until they re-register or time out",
                    disconnected, s.agents());
        } else {
            log.info("{} agents connected", s.connectedAgents());
        }
        return new Result(log);
    }
}
