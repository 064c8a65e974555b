package org.allot.protocol.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;

/**
 * An {@link EventLoop} for tests whose clock moves only when a test calls {@link #advance} (like
 * Mesos's {@code Clock::pause}, {@code advance} and {@code settle}); timers fire in due order, each
 * at its due time.
 *
 * <p>Threading, two kinds:
 * <ul>
 *   <li>{@link #ManualEventLoop(Instant)}: the test thread is the loop. Tasks queue until the test
 *       calls {@link #settle()}, {@link #advance} or {@link #call}, and run on its thread. Use it
 *       from that one thread (a master driven through fake connections).</li>
 *   <li>{@link #onThread(String, Instant)}: tasks run on a real thread of their own, as soon as they
 *       are queued from any thread (network messages arrive on MINA threads); timers still fire
 *       only when the test advances the clock, on that thread. {@link #settle()} waits until the
 *       tasks queued so far have run.</li>
 * </ul>
 */
public final class ManualEventLoop implements EventLoop {

    private final ThreadEventLoop thread;
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final PriorityQueue<Scheduled> timers =
            new PriorityQueue<>(Comparator.comparing(Scheduled::due).thenComparingLong(Scheduled::seq));
    private Instant now;
    private long seq;
    private boolean shutdown;

    /** A loop run by the test thread, its clock at {@code start}. */
    public ManualEventLoop(Instant start) {
        this(null, start);
    }

    private ManualEventLoop(ThreadEventLoop thread, Instant start) {
        this.thread = thread;
        this.now = start;
    }

    /** A loop whose tasks run on a thread named {@code threadName}, its clock at {@code start}. */
    public static ManualEventLoop onThread(String threadName, Instant start) {
        return new ManualEventLoop(new ThreadEventLoop(threadName), start);
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (shutdown) {
                return;
            }
            if (thread == null) {
                queue.add(task);
                return;
            }
        }
        thread.execute(task);
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        Scheduled s = new Scheduled(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task, new boolean[1]);
        if (!shutdown) {
            timers.add(s);
        }
        return () -> {
            synchronized (this) {
                s.cancelled()[0] = true;
            }
        };
    }

    @Override
    public <T> T call(Callable<T> task) {
        if (thread != null) {
            return thread.call(task);
        }
        settle();
        try {
            T result = task.call();
            settle();
            return result;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the queued tasks, and those they queue, until none is left (test-thread loop; bounded
     * against a task that re-queues itself forever), or waits until the tasks queued so far have run
     * (loop on its own thread).
     */
    public void settle() {
        if (thread != null) {
            thread.call(() -> null);
            return;
        }
        for (int i = 0; ; i++) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
            }
            if (next == null) {
                return;
            }
            if (i > 100_000) {
                throw new IllegalStateException("more than 100000 tasks queued in a row: a task re-queues itself");
            }
            next.run();
        }
    }

    /**
     * Moves the clock forward by {@code d}, running each timer that falls due at its due time, and
     * everything it queues, in order.
     */
    public void advance(Duration d) {
        settle();
        Instant target;
        synchronized (this) {
            target = now.plus(d);
        }
        while (true) {
            Scheduled next;
            synchronized (this) {
                next = timers.peek();
                if (next == null || next.due().isAfter(target)) {
                    now = target;
                    break;
                }
                timers.poll();
                if (next.cancelled()[0]) {
                    continue;
                }
                if (next.due().isAfter(now)) {
                    now = next.due();
                }
            }
            if (thread != null) {
                thread.call(() -> {
                    next.task().run();
                    return null;
                });
            } else {
                next.task().run();
            }
            settle();
        }
        settle();
    }

    /** When the timers scheduled, not cancelled and not yet fired are due. */
    public synchronized List<Instant> liveTimers() {
        return timers.stream().filter(t -> !t.cancelled()[0]).map(Scheduled::due).toList();
    }

    @Override
    public void shutdown() {
        synchronized (this) {
            shutdown = true;
            queue.clear();
            timers.clear();
        }
        if (thread != null) {
            thread.shutdown();
        }
    }

    /** Whether {@link #shutdown()} was called. */
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    private record Scheduled(Instant due, long seq, Runnable task, boolean[] cancelled) {
    }
}
