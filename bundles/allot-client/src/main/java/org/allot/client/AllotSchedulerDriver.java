package org.allot.client;

import java.util.Collection;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkInfo;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskStatus;
import org.allot.client.internal.SchedulerProcess;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.link.MasterDetector;

/**
 * The {@link SchedulerDriver} that talks to an Allot master over Allot's protocol.
 * <pre>
 *   FrameworkInfo info = FrameworkInfo.builder("bag-of-tasks", System.getProperty("user.name")).build();
 *   SchedulerDriver driver = new AllotSchedulerDriver(myScheduler, info, "127.0.0.1:5050");
 *   Status end = driver.run();   // returns once the scheduler calls driver.stop()
 * </pre>
 * The driver connects and subscribes; if the connection is lost it calls
 * {@link Scheduler#disconnected}, reconnects by itself (after 0.5 s, doubling up to 5 s between
 * attempts), re-subscribes with the framework's id and calls {@link Scheduler#reregistered}. Given a
 * {@link MasterDetector} instead of an address, it follows the leading master: when the leader changes,
 * it connects to the new one at once and re-subscribes there. Each
 * status update (task id, uuid) reaches the scheduler once, however often the agent resends it, and is
 * acknowledged when {@link Scheduler#statusUpdate} returns, unless the driver was made with
 * {@code implicitAcknowledgements = false}.
 */
public final class AllotSchedulerDriver implements SchedulerDriver {

    private final SchedulerProcess process;

    /** A driver with implicit acknowledgements. */
    public AllotSchedulerDriver(Scheduler scheduler, FrameworkInfo framework, String master) {
        this(scheduler, framework, master, true);
    }

    /**
     * @param master                   {@code host:port} of the master, e.g. {@code 127.0.0.1:5050}
     * @param implicitAcknowledgements false to acknowledge each update with
     *                                 {@link #acknowledgeStatusUpdate}
     * @throws IllegalArgumentException if {@code master} is not {@code host:port} (a {@code zk://} URL is
     *                                  refused with directions: pass its detector instead)
     */
    public AllotSchedulerDriver(Scheduler scheduler, FrameworkInfo framework, String master,
            boolean implicitAcknowledgements) {
        this(scheduler, framework, master, implicitAcknowledgements, ProtocolConfig.defaults());
    }

    /** As above, with protocol settings (heartbeats, connect timeout) other than the defaults. */
    public AllotSchedulerDriver(Scheduler scheduler, FrameworkInfo framework, String master,
            boolean implicitAcknowledgements, ProtocolConfig protocol) {
        this.process = new SchedulerProcess(this, scheduler, framework, master, implicitAcknowledgements, protocol);
    }

    /**
     * A driver that subscribes with whichever master {@code detector} names as the leader, with implicit
     * acknowledgements. The driver follows the detector and does not close it. For an elected cluster,
     * {@code org.allot.election.MasterDetectors.fromUrl("zk://host:2181/allot")}; a standby master that
     * is asked anyway redirects the driver to the leader it knows.
     */
    public AllotSchedulerDriver(Scheduler scheduler, FrameworkInfo framework, MasterDetector detector) {
        this(scheduler, framework, detector, true, ProtocolConfig.defaults());
    }

    /** As above, with the choice of acknowledgements and protocol settings. */
    public AllotSchedulerDriver(Scheduler scheduler, FrameworkInfo framework, MasterDetector detector,
            boolean implicitAcknowledgements, ProtocolConfig protocol) {
        this.process = new SchedulerProcess(this, scheduler, framework, detector, implicitAcknowledgements, protocol);
    }

    /** The driver's current state. */
    public Status status() {
        return process.status();
    }

    @Override
    public Status start() {
        return process.start();
    }

    @Override
    public Status stop() {
        return process.stop(false);
    }

    @Override
    public Status stop(boolean failover) {
        return process.stop(failover);
    }

    @Override
    public Status abort() {
        return process.abort();
    }

    @Override
    public Status join() {
        return process.join();
    }

    @Override
    public Status run() {
        Status s = start();
        return s != Status.DRIVER_RUNNING ? s : join();
    }

    @Override
    public Status launchTasks(Collection<OfferId> offerIds, Collection<TaskInfo> tasks) {
        return process.launchTasks(offerIds, tasks, null);
    }

    @Override
    public Status launchTasks(Collection<OfferId> offerIds, Collection<TaskInfo> tasks, double refuseSeconds) {
        return process.launchTasks(offerIds, tasks, refuseSeconds);
    }

    @Override
    public Status declineOffer(OfferId offerId) {
        return process.declineOffer(offerId, null);
    }

    @Override
    public Status declineOffer(OfferId offerId, double refuseSeconds) {
        return process.declineOffer(offerId, refuseSeconds);
    }

    @Override
    public Status killTask(TaskId taskId) {
        return process.killTask(taskId);
    }

    @Override
    public Status reviveOffers() {
        return process.reviveOffers();
    }

    @Override
    public Status suppressOffers() {
        return process.suppressOffers();
    }

    @Override
    public Status acknowledgeStatusUpdate(TaskStatus status) {
        return process.acknowledgeStatusUpdate(status);
    }

    @Override
    public Status sendFrameworkMessage(ExecutorId executorId, AgentId agentId, byte[] data) {
        return process.sendFrameworkMessage(executorId, agentId, data);
    }

    @Override
    public Status reconcileTasks(Collection<TaskStatus> statuses) {
        return process.reconcileTasks(statuses);
    }

    @Override
    public Status updateOfferConstraints(OfferConstraints constraints) {
        return process.updateOfferConstraints(constraints);
    }
}
