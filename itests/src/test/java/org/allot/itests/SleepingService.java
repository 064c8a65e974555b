package org.allot.itests;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.Offer;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskStatus;
import org.allot.client.MasterInfo;
import org.allot.client.Scheduler;
import org.allot.client.SchedulerDriver;

/**
 * A framework for the hot-swap test: launches {@code count} long sleeps on its first offers, then
 * suppresses offers, so the tasks run through every switch of allocator and leave the rest of the
 * agent to {@code allot:run}. Counts what it is told, for the test to check that nothing was killed.
 */
final class SleepingService implements Scheduler {

    private final int count;
    private final Resources shape;
    private int launched;
    final AtomicInteger terminal = new AtomicInteger();

    SleepingService(int count, Resources shape) {
        this.count = count;
        this.shape = shape;
    }

    @Override
    public void registered(SchedulerDriver driver, FrameworkId frameworkId, MasterInfo master) {
    }

    @Override
    public void reregistered(SchedulerDriver driver, MasterInfo master) {
    }

    @Override
    public synchronized void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
        for (Offer o : offers) {
            if (launched < count && o.resources().contains(shape)) {
                launched++;
                driver.launchTasks(List.of(o.id()), List.of(TaskInfo.ofCommand(TaskId.of("sleeper-" + launched),
                        "sleeper " + launched, o.agentId(), shape, CommandInfo.shell("exec sleep 300"))));
            } else {
                driver.declineOffer(o.id(), 1);
            }
        }
        if (launched == count) {
            driver.suppressOffers();
        }
    }

    @Override
    public void offerRescinded(SchedulerDriver driver, OfferId offerId) {
    }

    @Override
    public void statusUpdate(SchedulerDriver driver, TaskStatus status) {
        if (status.state().isTerminal()) {
            terminal.incrementAndGet();
        }
    }

    @Override
    public void frameworkMessage(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, byte[] data) {
    }

    @Override
    public void disconnected(SchedulerDriver driver) {
    }

    @Override
    public void agentLost(SchedulerDriver driver, AgentId agentId) {
    }

    @Override
    public void executorLost(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, int status) {
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
    }
}
