package org.allot.client;

import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.Offer;
import org.allot.api.OfferId;
import org.allot.api.TaskStatus;

/** Records every callback as an {@link Event}, and the threads they came on. */
final class RecordingScheduler implements Scheduler {

    /** One callback: its name and its arguments after the driver. */
    record Event(String name, List<Object> args) {
        Object arg(int i) {
            return args.get(i);
        }
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final List<Event> all = new CopyOnWriteArrayList<>();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** What to do with offers, e.g. launch; nothing by default. */
    volatile BiConsumer<SchedulerDriver, List<Offer>> onOffers = (d, o) -> { };

    private void record(String name, Object... args) {
        threads.add(Thread.currentThread());
        Event e = new Event(name, List.of(args));
        all.add(e);
        events.add(e);
    }

    /** The next callback, which must be {@code name}. */
    Event next(String name) throws InterruptedException {
        Event e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no " + name + " callback within 10 s");
        }
        if (!e.name().equals(name)) {
            throw new AssertionError("expected " + name + " but got " + e);
        }
        return e;
    }

    void expectNothing(long millis) throws InterruptedException {
        Event e = events.poll(millis, TimeUnit.MILLISECONDS);
        if (e != null) {
            throw new AssertionError("expected no further callback, got " + e);
        }
    }

    @Override
    public void registered(SchedulerDriver driver, FrameworkId frameworkId, MasterInfo master) {
        record("registered", frameworkId, master);
    }

    @Override
    public void reregistered(SchedulerDriver driver, MasterInfo master) {
        record("reregistered", master);
    }

    @Override
    public void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
        record("resourceOffers", offers);
        onOffers.accept(driver, offers);
    }

    @Override
    public void offerRescinded(SchedulerDriver driver, OfferId offerId) {
        record("offerRescinded", offerId);
    }

    @Override
    public void inverseOffers(SchedulerDriver driver, List<org.allot.api.InverseOffer> offers) {
        record("inverseOffers", offers);
    }

    @Override
    public void statusUpdate(SchedulerDriver driver, TaskStatus status) {
        record("statusUpdate", status);
    }

    @Override
    public void frameworkMessage(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, byte[] data) {
        record("frameworkMessage", executorId, agentId, new String(data, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void disconnected(SchedulerDriver driver) {
        record("disconnected");
    }

    @Override
    public void agentLost(SchedulerDriver driver, AgentId agentId) {
        record("agentLost", agentId);
    }

    @Override
    public void executorLost(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, int status) {
        record("executorLost", executorId, agentId, status);
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
        record("error", message);
    }
}
