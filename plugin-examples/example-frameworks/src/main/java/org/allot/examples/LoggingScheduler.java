package org.allot.examples;

import java.util.List;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.InverseOffer;
import org.allot.api.OfferId;
import org.allot.client.MasterInfo;
import org.allot.client.Scheduler;
import org.allot.client.SchedulerDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callbacks the example frameworks only log: each example extends this and overrides what it
 * acts on (offers, status updates, errors, and whatever else matters to it).
 */
abstract class LoggingScheduler implements Scheduler {

    private final Logger log = LoggerFactory.getLogger(getClass());

    @Override
    public void reregistered(SchedulerDriver driver, MasterInfo masterInfo) {
        log.info("Re-registered with {}", masterInfo);
    }

    @Override
    public void offerRescinded(SchedulerDriver driver, OfferId offerId) {
        log.debug("Offer {} rescinded", offerId);
    }

    /** The master will kill these tasks at their deadlines; the examples let it (a real service might drain first). */
    @Override
    public void inverseOffers(SchedulerDriver driver, List<InverseOffer> offers) {
        for (InverseOffer o : offers) {
            log.info("Asked to give back task {} on agent {} ({}) by {}: {}", o.taskId(), o.agentId(), o.resources(),
                    o.deadline(), o.reason());
        }
    }

    @Override
    public void frameworkMessage(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, byte[] data) {
        log.debug("Ignored a framework message from {} on {}", executorId, agentId);
    }

    @Override
    public void disconnected(SchedulerDriver driver) {
        log.warn("Disconnected from the master; the driver reconnects");
    }

    @Override
    public void agentLost(SchedulerDriver driver, AgentId agentId) {
        log.warn("Agent {} lost", agentId);
    }

    @Override
    public void executorLost(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, int status) {
        log.warn("Executor {} on {} lost ({})", executorId, agentId, status);
    }
}
