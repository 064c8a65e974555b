package org.allot.master.internal;

import org.allot.protocol.loop.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;

/**
 * An {@link EventLoop} for tests: the thread that calls {@link #runPending()} or {@link #advance}
 * is the loop, and time moves only when a test advances it (like Mesos's {@code Clock::pause},
 * {@code advance} and {@code settle}). Not thread-safe: use it from one test thread.
 */
public final class ManualEventLoop implements EventLoop {

    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final PriorityQueue<Scheduled> timers =
            new PriorityQueue<>(Comparator.comparing(Scheduled::due).thenComparingLong(Scheduled::seq));
    private Instant now;
    private long seq;
    private boolean shutdown;

    public ManualEventLoop(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        if (!shutdown) {
            queue.add(task);
        }
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        Scheduled s = new Scheduled(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task, new boolean[1]);
        if (!shutdown) {
            timers.add(s);
        }
        return () -> s.cancelled[0] = true;
    }

    @Override
    public <T> T call(Callable<T> task) {
        runPending();
        try {
            T result = task.call();
            runPending();
            return result;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs queued tasks, and those they queue, until none is left; bounded against endless loops. */
    public void runPending() {
        for (int i = 0; !queue.isEmpty(); i++) {
            if (i > 100_000) {
                throw new IllegalStateException("more than 100000 tasks queued in a row: a task re-queues itself");
            }
            queue.poll().run();
        }
    }

    /**
     * Moves time forward by {@code d}, running each timer that falls due (at its due time) and
     * everything it queues, in order.
     */
    public void advance(Duration d) {
        Instant target = now.plus(d);
        runPending();
        while (!timers.isEmpty() && !timers.peek().due().isAfter(target)) {
            Scheduled s = timers.poll();
            if (s.cancelled()[0]) {
                continue;
            }
            if (s.due().isAfter(now)) {
                now = s.due();
            }
            s.task().run();
            runPending();
        }
        now = target;
    }

    /** When the timers scheduled, not cancelled and not yet fired are due. */
    public java.util.List<Instant> liveTimers() {
        return timers.stream().filter(t -> !t.cancelled()[0]).map(Scheduled::due).collect(
                java.util.stream.Collectors.toList());
    }

    @Override
    public void shutdown() {
        shutdown = true;
        queue.clear();
        timers.clear();
    }

    /** Whether {@link #shutdown()} was called. */
    public boolean isShutdown() {
        return shutdown;
    }

    private record Scheduled(Instant due, long seq, Runnable task, boolean[] cancelled) {
    }
}
