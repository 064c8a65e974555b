package org.allot.protocol.loop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

public class ThreadEventLoopTest {

    private final ThreadEventLoop loop = new ThreadEventLoop("test-loop");

    @After
    public void tearDown() {
        loop.shutdown();
    }

    @Test
    public void aDelayTooLongForNanosIsAcceptedNeverFiresAndCanBeCancelled() throws Exception {
        AtomicBoolean fired = new AtomicBoolean();
        EventLoop.Timer forever = loop.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> fired.set(true));
        EventLoop.Timer millisForever = loop.schedule(Duration.ofMillis(Long.MAX_VALUE), () -> fired.set(true));
        assertNotNull(forever);
        CountDownLatch soon = new CountDownLatch(1);
        loop.schedule(Duration.ofMillis(50), soon::countDown);
        assertTrue("a normal timer still fires", soon.await(5, TimeUnit.SECONDS));
        loop.call(() -> null);
        assertFalse(fired.get());
        forever.cancel();
        millisForever.cancel();
        forever.cancel(); // harmless twice
        assertFalse(fired.get());
    }

    @Test
    public void saturatedNanosClampsBothEnds() {
        assertEquals(Long.MAX_VALUE, ThreadEventLoop.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(Long.MAX_VALUE, ThreadEventLoop.saturatedNanos(Duration.ofMillis(Long.MAX_VALUE)));
        assertEquals(0, ThreadEventLoop.saturatedNanos(Duration.ofSeconds(Long.MIN_VALUE)));
        assertEquals(0, ThreadEventLoop.saturatedNanos(Duration.ofMillis(-5)));
        assertEquals(1_500_000, ThreadEventLoop.saturatedNanos(Duration.ofNanos(1_500_000)));
    }

    @Test
    public void timersFireInOrderOfDueTimeAndCancelledOnesDoNot() throws Exception {
        StringBuffer order = new StringBuffer();
        CountDownLatch done = new CountDownLatch(1);
        loop.schedule(Duration.ofMillis(120), () -> {
            order.append('c');
            done.countDown();
        });
        loop.schedule(Duration.ofMillis(60), () -> order.append('b'));
        loop.schedule(Duration.ofMillis(-10), () -> order.append('a')); // negative: at once
        loop.schedule(Duration.ofMillis(80), () -> order.append('x')).cancel();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals("abc", order.toString());
    }

    @Test
    public void aTaskThatThrowsDoesNotKillTheLoop() throws Exception {
        Thread[] threads = new Thread[2];
        loop.execute(() -> threads[0] = Thread.currentThread());
        loop.execute(() -> {
            throw new IllegalStateException("boom");
        });
        loop.execute(() -> {
            throw new AssertionError("an Error too");
        });
        loop.schedule(Duration.ZERO, () -> {
            throw new IllegalArgumentException("timer boom");
        });
        CountDownLatch ran = new CountDownLatch(2);
        loop.execute(ran::countDown);
        loop.schedule(Duration.ofMillis(20), () -> {
            threads[1] = Thread.currentThread();
            ran.countDown();
        });
        assertTrue("tasks after failing ones still run", ran.await(5, TimeUnit.SECONDS));
        assertEquals(Integer.valueOf(42), loop.call(() -> 42));
        assertSame("still the same single loop thread", threads[0], threads[1]);
        assertEquals("test-loop", threads[1].getName());
    }

    @Test
    public void callReturnsValuesAndRethrowsFromAnotherThreadAndFromTheLoop() {
        assertEquals("v", loop.call(() -> "v"));
        IllegalArgumentException unchecked = assertThrows(IllegalArgumentException.class, () -> loop.call(() -> {
            throw new IllegalArgumentException("bad");
        }));
        assertEquals("bad", unchecked.getMessage());
        IllegalStateException checked = assertThrows(IllegalStateException.class, () -> loop.call(() -> {
            throw new IOException("io");
        }));
        assertTrue(checked.getCause() instanceof IOException);
        // From the loop itself call runs inline (no deadlock) with the same rules.
        AtomicInteger nested = new AtomicInteger();
        assertEquals(Integer.valueOf(7), loop.call(() -> {
            nested.set(loop.call(() -> 3));
            IllegalArgumentException inner = assertThrows(IllegalArgumentException.class, () -> loop.call(() -> {
                throw new IllegalArgumentException("inner");
            }));
            assertEquals("inner", inner.getMessage());
            return 7;
        }));
        assertEquals(3, nested.get());
    }

    @Test
    public void afterShutdownCallThrowsAndExecuteAndScheduleAreIgnored() {
        loop.shutdown();
        assertThrows(IllegalStateException.class, () -> loop.call(() -> 1));
        loop.execute(() -> { });
        loop.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> { }).cancel();
    }

    @Test
    public void aTaskCanStopItsOwnLoopGracefullyAndFinishesUndisturbed() throws Exception {
        ThreadEventLoop own = new ThreadEventLoop("graceful-test");
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        own.execute(() -> {
            own.shutdownGracefully(); // returns at once, from the loop's own thread
            stopped.countDown();
            try {
                Thread.sleep(200); // the running task is not interrupted
                finished.set(true);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertTrue(stopped.await(5, TimeUnit.SECONDS));
        own.execute(() -> finished.set(false)); // refused: the loop takes nothing new
        assertTrue(own.awaitTermination(Duration.ofSeconds(5)));
        assertFalse(interrupted.get());
        assertTrue(finished.get());
    }
}
