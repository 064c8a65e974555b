package org.allot.protocol.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production {@link EventLoop}: one named daemon thread and the system clock. */
public final class ThreadEventLoop implements EventLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadEventLoop.class);

    private final String name;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    public ThreadEventLoop(String threadName) {
        this(threadName, Clock.systemUTC());
    }

    public ThreadEventLoop(String threadName, Clock clock) {
        this.name = threadName;
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("Event loop is shut down; dropped a task");
        }
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        try {
            ScheduledFuture<?> f = executor.schedule(guarded(task), saturatedNanos(delay), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
    }

    @Override
    public <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Future<T> f;
        try {
            f = executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("event loop '" + name + "' is stopped", e);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for event loop '" + name + "'", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Whether the caller is the loop's own thread (e.g. a task that stops its owner). */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs no further timer and accepts no further task; the task running now, if any, goes on to
     * its end, undisturbed, and so do the tasks already queued. Returns at once, so a task may call
     * it to stop its own loop; {@link #awaitTermination} waits for the end from another thread.
     */
    public void shutdownGracefully() {
        executor.shutdown();
    }

    /**
     * Waits up to {@code wait} for the loop to end after a shutdown.
     *
     * @return false if it had not ended by then
     */
    public boolean awaitTermination(Duration wait) throws InterruptedException {
        return executor.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops the loop: interrupts the running task, drops the queued ones and waits up to 5 s for the
     * thread to end. From the loop's own thread it only stops it and returns (it cannot wait for
     * itself).
     */
    @Override
    public void shutdown() {
        executor.shutdownNow();
        if (inLoop()) {
            return;
        }
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Event loop '{}' did not stop within 5 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The delay in nanoseconds, at least 0 and at most {@link Long#MAX_VALUE} (about 292 years, so in
     * practice "never"): {@link Duration#toNanos()} throws for longer durations, e.g. a framework's
     * failover timeout of {@code Long.MAX_VALUE} ms meaning "forever".
     */
    static long saturatedNanos(Duration delay) {
        if (delay.isNegative()) {
            return 0;
        }
        try {
            return delay.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** NOTE: an exception must not kill the loop thread, or every later message would be lost. */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("Task on event loop '{}' failed", name, e);
            }
        };
    }
}
