package org.allot.protocol.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * The single thread that owns a server's state (the master's registry, an agent's containers),
 * with its clock and timers. Everything that mutates that state runs as a task here: decoded
 * messages, timer expiries, operator calls; so the state needs no locks.
 *
 * <p>{@link ThreadEventLoop} is the production implementation (a real thread and the system
 * clock); tests use their own whose time moves only when they advance it.
 */
public interface EventLoop {

    /** The loop's current time; code on the loop never reads the system clock directly. */
    Instant now();

    /** Queues {@code task} to run on the loop, after the tasks queued before it. Any thread. */
    void execute(Runnable task);

    /**
     * Runs {@code task} on the loop once {@code delay} has passed; a negative delay counts as zero,
     * and a delay too long to represent (e.g. {@code Duration.ofSeconds(Long.MAX_VALUE)}) never
     * runs in practice but is accepted and can be cancelled. Any thread.
     */
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
