package org.allot.client;

import java.util.Collection;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskStatus;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Connects a {@link Scheduler} to the master: subscribes, reconnects after a lost connection, and
 * carries the scheduler's answers to the master. Thread-safe; every method returns at once (none
 * waits for the master) except {@link #join()} and {@link #run()}.
 *
 * <p>Each method returns the driver's {@link Status}; calls other than {@link #start()} on a driver
 * that is not {@link Status#DRIVER_RUNNING} send nothing. While the driver is disconnected, messages
 * are not queued: the master would not know the offers they name after a reconnection.
 */
@ProviderType
public interface SchedulerDriver {

    /** Starts connecting and subscribing; returns at once. A driver starts once. */
    Status start();

    /**
     * Stops the driver and removes the framework: the master kills its tasks. Same as
     * {@code stop(false)}.
     */
    Status stop();

    /**
     * Stops the driver. With {@code failover} the framework stays registered and its tasks keep
     * running for its failover timeout, so that a new scheduler can re-subscribe with the same id;
     * without, the framework is torn down. Nothing is sent after the teardown (if any) and no
     * callback follows.
     */
    Status stop(boolean failover);

    /** Stops the driver without tearing the framework down, as after a failure. */
    Status abort();

    /** Waits until the driver is stopped or aborted, and returns how it ended. */
    Status join();

    /** {@link #start()} then {@link #join()}. */
    Status run();

    /**
     * Launches {@code tasks} on the given offers (all of one agent); what the tasks do not use returns
     * to the pool and is filtered for the master's default time. An empty task list declines the
     * offers.
     */
    Status launchTasks(Collection<OfferId> offerIds, Collection<TaskInfo> tasks);

    /** As {@link #launchTasks(Collection, Collection)}, filtering the unused rest for {@code refuseSeconds}. */
    Status launchTasks(Collection<OfferId> offerIds, Collection<TaskInfo> tasks, double refuseSeconds);

    /** Declines an offer; its agent's resources are not offered again for the master's default time. */
    Status declineOffer(OfferId offerId);

    /** Declines an offer and asks not to see its resources again for {@code refuseSeconds}. */
    Status declineOffer(OfferId offerId, double refuseSeconds);

    /** Asks the master to kill a task; its end comes as a status update. */
    Status killTask(TaskId taskId);

    /** Clears the framework's decline filters and ends a {@link #suppressOffers()}. */
    Status reviveOffers();

    /** Stops offers until {@link #reviveOffers()}; kept across reconnections. */
    Status suppressOffers();

    /**
     * Acknowledges a status update, in explicit-acknowledgement mode; a status without uuid needs
     * none and is ignored.
     *
     * @throws IllegalStateException if the driver acknowledges implicitly
     */
    Status acknowledgeStatusUpdate(TaskStatus status);

    /** Sends bytes to an executor. */
    Status sendFrameworkMessage(ExecutorId executorId, AgentId agentId, byte[] data);

    /**
     * Asks the master for the latest state of the given tasks (their task ids and, if set, agent ids
     * count), or of every task of the framework if the collection is empty; answers come as status
     * updates with reason {@code RECONCILIATION}. A task the master does not know comes back
     * {@code TASK_LOST} ({@code TASK_UNKNOWN} for a PARTITION_AWARE framework); while a master
     * recovers after a failover, a task on an agent that has not re-registered gets no answer yet,
     * so ask again until every task is answered (Mesos's reconciliation).
     */
    Status reconcileTasks(Collection<TaskStatus> statuses);

    /** Changes the framework's offer constraints; they are also sent again on every re-subscription. */
    Status updateOfferConstraints(OfferConstraints constraints);
}
