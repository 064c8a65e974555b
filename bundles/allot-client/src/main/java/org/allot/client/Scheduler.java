package org.allot.client;

import java.util.List;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.InverseOffer;
import org.allot.api.Offer;
import org.allot.api.OfferId;
import org.allot.api.TaskStatus;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A framework's scheduler: told of offers and task status by its {@link SchedulerDriver}.
 *
 * <p>Callbacks come one at a time and in order, on the driver's dispatcher thread; a long callback
 * delays every later one (and, with implicit acknowledgements, the acknowledgement of the status it
 * handles), so hand long work to a thread of your own. A callback may call any driver method.
 * An exception thrown by a callback is logged and otherwise ignored: the driver carries on.
 */
@ConsumerType
public interface Scheduler {

    /**
     * The framework is subscribed for the first time with this driver; {@code frameworkId} is the id
     * the master gave it (or the id in the {@code FrameworkInfo}, for a scheduler that fails over).
     */
    void registered(SchedulerDriver driver, FrameworkId frameworkId, MasterInfo master);

    /**
     * The driver re-subscribed with the framework's id after a lost connection (see
     * {@link #disconnected}); offers made before are void.
     */
    void reregistered(SchedulerDriver driver, MasterInfo master);

    /**
     * The master offers resources. Answer each offer with
     * {@link SchedulerDriver#launchTasks} or {@link SchedulerDriver#declineOffer}; an offer left
     * unanswered holds its resources until the master rescinds it.
     */
    void resourceOffers(SchedulerDriver driver, List<Offer> offers);

    /** An offer is no longer valid (timed out, its agent lost, revoked); launching on it fails. */
    void offerRescinded(SchedulerDriver driver, OfferId offerId);

    /**
     * The master asks for resources back (Mesos's inverse offers): each names a task, its agent and a
     * deadline. A scheduler may end the task itself before then (kill it, or let it finish a
     * checkpoint); at the deadline the master kills it and its status ends {@code TASK_KILLED} with
     * reason {@code REVOKED}. The default ignores the notice, which leaves the kill to the master.
     *
     * @since 0.3.0
     */
    default void inverseOffers(SchedulerDriver driver, List<InverseOffer> offers) {
    }

    /**
     * A task changed state. Each update (task id, uuid) is delivered once, even when the agent
     * resends it. With implicit acknowledgements (the default) the driver acknowledges it when this
     * method returns; otherwise call {@link SchedulerDriver#acknowledgeStatusUpdate}.
     */
    void statusUpdate(SchedulerDriver driver, TaskStatus status);

    /** An executor sent the scheduler bytes. */
    void frameworkMessage(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, byte[] data);

    /**
     * The connection to the master was lost; the driver reconnects by itself and calls
     * {@link #reregistered} when it has re-subscribed. Driver calls made in between are dropped
     * (launches are answered with {@code TASK_LOST}).
     */
    void disconnected(SchedulerDriver driver);

    /** An agent was declared lost; its tasks' updates follow. */
    void agentLost(SchedulerDriver driver, AgentId agentId);

    /** An executor exited or stopped answering, with its exit status (or -1 if unknown). */
    void executorLost(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, int status);

    /**
     * An unrecoverable error, e.g. the master refused the subscription, or another scheduler
     * subscribed with this framework's id and the same principal and replaced this one (a hot
     * standby took over): the driver is already aborted when this is called, and no further callback
     * follows.
     */
    void error(SchedulerDriver driver, String message);
}
