package org.allot.protocol.loop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.Test;

/** Both kinds of {@link ManualEventLoop} keep time the same way; they differ in who runs the tasks. */
public class ManualEventLoopTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final List<Function<Instant, ManualEventLoop>> KINDS = List.of(
            ManualEventLoop::new, start -> ManualEventLoop.onThread("manual-loop-test", start));

    @Test
    public void timersFireInDueOrderAtTheirDueTimeAndOnlyWhenTheClockReachesThem() {
        for (Function<Instant, ManualEventLoop> kind : KINDS) {
            ManualEventLoop loop = kind.apply(START);
            List<String> fired = new CopyOnWriteArrayList<>();
            loop.schedule(Duration.ofSeconds(5), () -> fired.add("5s at " + loop.now()));
            loop.schedule(Duration.ofSeconds(2), () -> fired.add("2s at " + loop.now()));
            EventLoop.Timer cancelled = loop.schedule(Duration.ofSeconds(3), () -> fired.add("cancelled"));
            cancelled.cancel();

            loop.advance(Duration.ofMillis(1999));
            assertEquals(List.of(), fired);
            assertEquals("the cancelled timer is not live", List.of(START.plusSeconds(2), START.plusSeconds(5)),
                    loop.liveTimers());
            loop.advance(Duration.ofMillis(3001));
            assertEquals(List.of("2s at " + START.plusSeconds(2), "5s at " + START.plusSeconds(5)), fired);
            assertEquals(START.plusSeconds(5), loop.now());
            loop.shutdown();
            assertTrue(loop.isShutdown());
        }
    }

    @Test
    public void settleRunsWhatIsQueuedAndWhatThatQueues() {
        for (Function<Instant, ManualEventLoop> kind : KINDS) {
            ManualEventLoop loop = kind.apply(START);
            List<String> ran = new CopyOnWriteArrayList<>();
            loop.execute(() -> {
                ran.add("first");
                loop.execute(() -> ran.add("queued by first"));
            });
            loop.settle();
            loop.settle();
            assertEquals(List.of("first", "queued by first"), ran);
            assertEquals(START, loop.now());
            loop.shutdown();
        }
    }

    @Test
    public void onlyTheThreadKindRunsTasksOffTheTestThread() {
        ManualEventLoop caller = new ManualEventLoop(START);
        assertEquals(Thread.currentThread(), caller.call(Thread::currentThread));
        ManualEventLoop threaded = ManualEventLoop.onThread("manual-loop-test", START);
        assertNotEquals(Thread.currentThread(), threaded.call(Thread::currentThread));
        caller.shutdown();
        threaded.shutdown();
    }
}
