package org.allot.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.allot.protocol.loop.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver's dispatcher: the one daemon thread that owns the driver's session state and makes every
 * framework callback, as an {@link EventLoop} so that the driver's {@link org.allot.protocol.link.MasterLink}
 * keeps its state and timers there too. Unlike {@link org.allot.protocol.loop.ThreadEventLoop}, ending
 * lets a running callback finish and may be asked from the dispatcher itself (a callback that stops
 * the driver): {@link #shutdown()} returns at once and {@link #awaitTermination} waits.
 */
final class DispatcherLoop implements EventLoop {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherLoop.class);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    DispatcherLoop(String threadName) {
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
        return Instant.now();
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("Driver ended; dropped an event");
        }
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        try {
            ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
    }

    @Override
    public <T> T call(Callable<T> task) {
        try {
            if (inLoop()) {
                return task.call();
            }
            Future<T> f = executor.submit(task);
            return f.get();
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the driver has ended", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the driver's dispatcher", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the caller is the dispatcher thread. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs no further task or timer; one running goes on to its end. Returns at once. */
    @Override
    public void shutdown() {
        executor.shutdown();
    }

    /** Waits up to {@code wait} for a running task to end after {@link #shutdown()}; false if it did not. */
    boolean awaitTermination(Duration wait) throws InterruptedException {
        return executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
