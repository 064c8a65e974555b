package org.allot.master.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * The single thread that owns the master's state, with its clock and timers. Everything that
 * mutates the registry runs as a task here: decoded messages, timer expiries, operator calls.
 *
 * <p>Two implementations: {@link ThreadEventLoop} (a real thread and the system clock) and
 * {@link ManualEventLoop} (tests: the calling thread runs the tasks and time moves only when
 * the test advances it).
 */
public interface EventLoop {

    /** The loop's current time; the master never reads the system clock directly. */
    Instant now();

    /** Queues {@code task} to run on the loop, after the tasks queued before it. Any thread. */
    void execute(Runnable task);

    /** Runs {@code task} on the loop once {@code delay} has passed. Any thread. */
    Timer schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} on the loop and returns its result; from the loop itself it runs at once.
     *
     * @throws IllegalStateException if the loop is shut down or the wait is interrupted
     * @throws RuntimeException      what {@code task} threw, unchecked exceptions unwrapped
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
