package org.allot.protocol.link;

import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.loop.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;

/**
 * An {@link EventLoop} whose clock moves only when a test calls {@link #advance}: tasks run on one
 * real thread (network messages arrive from MINA threads), but timers fire only when their time
 * has come on the manual clock, like Mesos's {@code Clock::pause} and {@code advance}.
 */
final class ManualEventLoop implements EventLoop {

    private final ThreadEventLoop thread = new ThreadEventLoop("allot-link-test-loop");
    private final PriorityQueue<Entry> timers = new PriorityQueue<>(Comparator.comparing((Entry e) -> e.due)
            .thenComparingLong(e -> e.seq));
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long seq;

    private static final class Entry {
        final Instant due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Entry(Instant due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        thread.execute(task);
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        Entry e = new Entry(now.plus(delay), seq++, task);
        timers.add(e);
        return () -> e.cancelled = true;
    }

    @Override
    public <T> T call(Callable<T> task) {
        return thread.call(task);
    }

    /** Moves the clock by {@code d}, running every timer that falls due on the loop, and waits for them. */
    void advance(Duration d) {
        Instant target;
        synchronized (this) {
            target = now.plus(d);
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = timers.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    break;
                }
                timers.poll();
                if (next.due.isAfter(now)) {
                    now = next.due;
                }
            }
            if (!next.cancelled) {
                Entry run = next;
                thread.call(() -> {
                    run.task.run();
                    return null;
                });
            }
        }
        settle();
    }

    /** Waits until the tasks queued so far have run. */
    void settle() {
        thread.call(() -> null);
    }

    /** The timers not yet run, for assertions. */
    synchronized List<Instant> pendingTimers() {
        List<Instant> due = new ArrayList<>();
        timers.stream().filter(e -> !e.cancelled).forEach(e -> due.add(e.due));
        return due;
    }

    @Override
    public void shutdown() {
        thread.shutdown();
    }
}
