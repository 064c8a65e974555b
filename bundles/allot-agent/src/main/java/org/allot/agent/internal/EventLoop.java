package org.allot.agent.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * The single thread that owns the agent's state, with its clock and timers. Decoded messages,
 * process exits and timer expiries all run as tasks here, so the agent needs no locks.
 *
 * <p>{@link ThreadEventLoop} is the production implementation; tests may use one whose time moves
 * only when they advance it.
 */
public interface EventLoop {

    /** The loop's current time; the agent never reads the system clock directly. */
    Instant now();

    /** Queues {@code task} to run on the loop after the tasks queued before it. Any thread. */
    void execute(Runnable task);

    /** Runs {@code task} on the loop once {@code delay} has passed. Any thread. */
    Timer schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} on the loop and waits for its result; from the loop itself it runs at once.
     *
     * @throws IllegalStateException if the loop is shut down or the wait is interrupted
     */
    <T> T call(Callable<T> task);

    /** Stops running tasks; queued tasks and timers are dropped. */
    void shutdown();

    /** A scheduled task that may be cancelled before it runs. */
    interface Timer {
        /** Cancels the task if it has not run yet; harmless afterwards. */
        void cancel();
    }
}
