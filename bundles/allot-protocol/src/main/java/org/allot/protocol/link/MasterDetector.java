package org.allot.protocol.link;

import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Says which master leads now and tells of every change: the one thing an agent or a scheduler
 * driver needs to know about leader election. {@link StandaloneDetector} always names one fixed
 * address; an election-based detector (e.g. on ZooKeeper) names whoever won the latest election,
 * and nothing while there is none. A {@link MasterLink} follows a detector.
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread. A listener is called once from within
 * {@link #follow} itself, on the caller's thread, with the current value; later calls come on a
 * thread of the detector's choosing (a standalone detector makes none), one at a time and in the
 * order of the changes. Listeners must not block: hand the value to your own thread (a
 * {@link MasterLink} hands it to its owner's event loop).
 *
 * <h2>State</h2>
 * A change is reported only when the value differs from the last one given to that listener
 * ({@link MasterAddress#equals}: host, port, epoch and id). A new epoch with the same host and port
 * is a change: the master restarted or was re-elected, and its sessions are to be renewed.
 * After {@link #close()}, and for one listener after its {@link Subscription#close()}, no more
 * calls come (one already running may finish).
 *
 * <h2>Errors</h2>
 * A detector that loses its own source of truth (e.g. its ZooKeeper session) reports
 * {@code Optional.empty()} until it knows again, rather than throwing or keeping a stale leader.
 * An exception thrown by a listener is the listener's bug: a detector logs it and carries on.
 */
@ConsumerType
public interface MasterDetector extends AutoCloseable {

    /** The leading master now, or empty while no master leads (or the detector does not know). */
    Optional<MasterAddress> current();

    /**
     * Calls {@code listener} at once with {@link #current()}, then with each change until the
     * subscription or the detector is closed.
     */
    Subscription follow(Consumer<Optional<MasterAddress>> listener);

    /** Stops detecting; every subscription ends. Idempotent. */
    @Override
    void close();

    /** One listener's interest in a detector. */
    interface Subscription extends AutoCloseable {

        /** No further calls to this listener. Idempotent. */
        @Override
        void close();
    }
}
