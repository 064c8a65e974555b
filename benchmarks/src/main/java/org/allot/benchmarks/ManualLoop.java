package org.allot.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;

import org.allot.protocol.loop.EventLoop;

/**
 * An {@link EventLoop} on a manual clock for {@link AllocationBenchmark}: the thread that calls
 * {@link #runPending()} or {@link #advance} is the loop, and time moves only when the harness advances it.
 * A minimal copy of the master tests' {@code ManualEventLoop}, whose test classes are not on this module's
 * class path. Not thread-safe: use it from one thread.
 */
final class ManualLoop implements EventLoop {

    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final PriorityQueue<Scheduled> timers =
            new PriorityQueue<>(Comparator.comparing(Scheduled::due).thenComparingLong(Scheduled::seq));
    private Instant now;
    private long seq;
    private boolean shutdown;

    ManualLoop(Instant start) {
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
        return () -> s.cancelled()[0] = true;
    }

    @Override
    public <T> T call(Callable<T> task) {
        if (shutdown) {
            throw new IllegalStateException("the manual loop is shut down");
        }
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

    /** Runs queued tasks, and those they queue, until none is left. */
    void runPending() {
        while (!queue.isEmpty()) {
            queue.poll().run();
        }
    }

    /** Moves time forward by {@code d}, running each timer that falls due, at its due time, and what it queues. */
    void advance(Duration d) {
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

    @Override
    public void shutdown() {
        shutdown = true;
        queue.clear();
        timers.clear();
    }

    private record Scheduled(Instant due, long seq, Runnable task, boolean[] cancelled) {
    }
}
