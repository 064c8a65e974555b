package org.allot.examples;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskStatus;
import org.allot.client.SchedulerDriver;
import org.allot.client.Status;

/** A SchedulerDriver without a network: records what the scheduler asks for. */
final class RecordingDriver implements SchedulerDriver {

    record Launch(List<OfferId> offers, List<TaskInfo> tasks) {
    }

    final List<Launch> launches = new ArrayList<>();
    final List<OfferId> declines = new ArrayList<>();
    final List<String> calls = new ArrayList<>();

    List<TaskInfo> launchedTasks() {
        List<TaskInfo> all = new ArrayList<>();
        launches.forEach(l -> all.addAll(l.tasks()));
        return all;
    }

    @Override
    public Status start() {
        return Status.DRIVER_RUNNING;
    }

    @Override
    public Status stop() {
        calls.add("stop");
        return Status.DRIVER_STOPPED;
    }

    @Override
    public Status stop(boolean failover) {
        calls.add("stop");
        return Status.DRIVER_STOPPED;
    }

    @Override
    public Status abort() {
        return Status.DRIVER_ABORTED;
    }

    @Override
    public Status join() {
        return Status.DRIVER_STOPPED;
    }

    @Override
    public Status run() {
        return Status.DRIVER_STOPPED;
    }

    @Override
    public Status launchTasks(Collection<OfferId> offerIds, Collection<TaskInfo> tasks) {
        launches.add(new Launch(List.copyOf(offerIds), List.copyOf(tasks)));
        return Status.DRIVER_RUNNING;
    }

    @Override
    public Status launchTasks(Collection<OfferId> offerIds, Collection<TaskInfo> tasks, double refuseSeconds) {
        return launchTasks(offerIds, tasks);
    }

    @Override
    public Status declineOffer(OfferId offerId) {
        declines.add(offerId);
        return Status.DRIVER_RUNNING;
    }

    @Override
    public Status declineOffer(OfferId offerId, double refuseSeconds) {
        return declineOffer(offerId);
    }

    @Override
    public Status killTask(TaskId taskId) {
        calls.add("kill " + taskId);
        return Status.DRIVER_RUNNING;
    }

    @Override
    public Status reviveOffers() {
        calls.add("revive");
        return Status.DRIVER_RUNNING;
    }

    @Override
    public Status suppressOffers() {
        calls.add("suppress");
        return Status.DRIVER_RUNNING;
    }

    @Override
    public Status acknowledgeStatusUpdate(TaskStatus status) {
        return Status.DRIVER_RUNNING;
    }

    @Override
    public Status sendFrameworkMessage(ExecutorId executorId, AgentId agentId, byte[] data) {
        return Status.DRIVER_RUNNING;
    }

    @Override
    public Status reconcileTasks(Collection<TaskStatus> statuses) {
        return Status.DRIVER_RUNNING;
    }

    @Override
    public Status updateOfferConstraints(OfferConstraints constraints) {
        return Status.DRIVER_RUNNING;
    }
}
