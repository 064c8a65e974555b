package org.allot.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.Offer;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.client.MasterInfo;
import org.allot.client.Scheduler;
import org.allot.client.SchedulerDriver;

/**
 * The framework behind {@code allot:run}: launches {@code count} copies of one command, each with
 * the same resources, on whatever offers fit, and prints every state each task goes through.
 * Callbacks come on the driver's one thread; {@link #await} is called from the shell's thread.
 */
final class RunScheduler implements Scheduler {

    /** How long the rest of an offer stays away once every task is launched. */
    private static final double REFUSE_WHEN_DONE_SECONDS = 60;

    private final String prefix;
    private final int count;
    private final Resources resources;
    private final CommandInfo command;
    private final PrintStream out;
    private final Map<TaskId, TaskState> states = new LinkedHashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private int launched;
    private volatile String error;

    RunScheduler(String prefix, int count, Resources resources, CommandInfo command, PrintStream out) {
        this.prefix = prefix;
        this.count = count;
        this.resources = resources;
        this.command = command;
        this.out = out;
    }

    /** Waits until every task has ended or the driver failed; false on timeout. */
    boolean await(long seconds) throws InterruptedException {
        return done.await(seconds, TimeUnit.SECONDS);
    }

    synchronized Map<TaskId, TaskState> states() {
        return new LinkedHashMap<>(states);
    }

    String error() {
        return error;
    }

    @Override
    public void registered(SchedulerDriver driver, FrameworkId frameworkId, MasterInfo master) {
        out.println("Registered as framework " + frameworkId + " with master " + master);
    }

    @Override
    public void reregistered(SchedulerDriver driver, MasterInfo master) {
        out.println("Re-registered with master " + master);
    }

    @Override
    public synchronized void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
        for (Offer offer : offers) {
            Resources left = offer.resources();
            List<TaskInfo> tasks = new ArrayList<>();
            while (launched < count && left.contains(resources)) {
                TaskId id = TaskId.of(prefix + "-" + launched);
                tasks.add(TaskInfo.ofCommand(id, id.toString(), offer.agentId(), resources, command));
                states.put(id, TaskState.STAGING);
                left = left.subtract(resources);
                launched++;
            }
            if (tasks.isEmpty()) {
                driver.declineOffer(offer.id(), launched == count ? REFUSE_WHEN_DONE_SECONDS : 1);
            } else {
                for (TaskInfo task : tasks) {
                    out.println(task.id() + " TASK_STAGING on " + offer.hostname() + " (" + offer.agentId() + ")");
                }
                driver.launchTasks(List.of(offer.id()), tasks);
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
    public synchronized void statusUpdate(SchedulerDriver driver, TaskStatus status) {
        if (!states.containsKey(status.taskId())) {
            return;
        }
        states.put(status.taskId(), status.state());
        String why = status.message().isEmpty() ? "" : ": " + status.message();
        out.println(status.taskId() + " TASK_" + status.state() + why);
        if (states.size() == count && states.values().stream().allMatch(TaskState::isTerminal)) {
            done.countDown();
        }
    }

    @Override
    public void frameworkMessage(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, byte[] data) {
    }

    @Override
    public void disconnected(SchedulerDriver driver) {
        out.println("Disconnected from the master; reconnecting");
    }

    @Override
    public void agentLost(SchedulerDriver driver, AgentId agentId) {
        out.println("Agent " + agentId + " lost");
    }

    @Override
    public void executorLost(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, int status) {
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
        error = message;
        out.println("Error: " + message);
        done.countDown();
    }
}
