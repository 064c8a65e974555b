/**
 * The framework author's API of Allot, with the names a Mesos framework author knows.
 *
 * <p>A framework implements {@link org.allot.client.Scheduler} and runs it with an
 * {@link org.allot.client.AllotSchedulerDriver}, which connects to the master, subscribes, and calls the
 * scheduler back with offers and status updates. A framework that runs its tasks in its own process on
 * the agents implements {@link org.allot.client.Executor} and runs it with an
 * {@link org.allot.client.AllotExecutorDriver} in the executor process the agent starts.
 *
 * <p>Both drivers call their scheduler or executor one callback at a time, in the order the events
 * arrived, on one dispatcher thread of the driver; a callback may call the driver (launch tasks,
 * acknowledge, stop). This package needs only allot-api, allot-protocol, protobuf, MINA and SLF4J, so it
 * works as a plain jar on a class path as well as a bundle in Karaf.
 *
 * <p>0.3.0: {@code Scheduler.inverseOffers}, with a no-op default.
 */
@Export
@Version("0.3.0")
package org.allot.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
