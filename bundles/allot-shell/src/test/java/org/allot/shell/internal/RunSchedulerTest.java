package org.allot.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.allot.api.AgentId;
import org.allot.api.Attributes;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.Offer;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.client.SchedulerDriver;
import org.allot.client.Status;
import org.junit.Test;

/** The framework behind {@code allot:run}: packing, declining, printing, and when it is done. */
public class RunSchedulerTest {

    /** Records what the scheduler asks of its driver. */
    static final class RecordingDriver implements SchedulerDriver {
        final List<List<TaskInfo>> launches = new ArrayList<>();
        final List<OfferId> declined = new ArrayList<>();
        int suppressed;

        @Override public Status start() { return Status.DRIVER_RUNNING; }
        @Override public Status stop() { return Status.DRIVER_STOPPED; }
        @Override public Status stop(boolean failover) { return Status.DRIVER_STOPPED; }
        @Override public Status abort() { return Status.DRIVER_ABORTED; }
        @Override public Status join() { return Status.DRIVER_STOPPED; }
        @Override public Status run() { return Status.DRIVER_STOPPED; }

        @Override
        public Status launchTasks(Collection<OfferId> offerIds, Collection<TaskInfo> tasks) {
            launches.add(new ArrayList<>(tasks));
            return Status.DRIVER_RUNNING;
        }

        @Override
        public Status launchTasks(Collection<OfferId> offerIds, Collection<TaskInfo> tasks, double refuseSeconds) {
            return launchTasks(offerIds, tasks);
        }

        @Override
        public Status declineOffer(OfferId offerId) {
            declined.add(offerId);
            return Status.DRIVER_RUNNING;
        }

        @Override
        public Status declineOffer(OfferId offerId, double refuseSeconds) {
            return declineOffer(offerId);
        }

        @Override public Status killTask(TaskId taskId) { return Status.DRIVER_RUNNING; }
        @Override public Status reviveOffers() { return Status.DRIVER_RUNNING; }

        @Override
        public Status suppressOffers() {
            suppressed++;
            return Status.DRIVER_RUNNING;
        }

        @Override public Status acknowledgeStatusUpdate(TaskStatus status) { return Status.DRIVER_RUNNING; }
        @Override public Status sendFrameworkMessage(ExecutorId e, AgentId a, byte[] data) { return Status.DRIVER_RUNNING; }
        @Override public Status reconcileTasks(Collection<TaskStatus> statuses) { return Status.DRIVER_RUNNING; }
        @Override public Status updateOfferConstraints(OfferConstraints c) { return Status.DRIVER_RUNNING; }
    }

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final RecordingDriver driver = new RecordingDriver();

    private RunScheduler scheduler(int count) {
        return new RunScheduler("run", count, Resources.parse("cpus:1;mem:128"), CommandInfo.shell("echo hello"),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private static Offer offer(String id, String resources) {
        return new Offer(OfferId.of(id), FrameworkId.of("f-1"), AgentId.of("a-1"), "node1",
                Resources.parse(resources), Attributes.parse(""));
    }

    private static TaskStatus status(String task, TaskState state) {
        return TaskStatus.builder(TaskId.of(task), state, TaskStatus.Source.EXECUTOR, Instant.EPOCH).build();
    }

    @Test
    public void launchesAsManyAsFitThenTheRestOnTheNextOfferAndSuppresses() {
        RunScheduler run = scheduler(3);
        run.resourceOffers(driver, List.of(offer("o-1", "cpus:2;mem:1024")));
        assertEquals(1, driver.launches.size());
        assertEquals(2, driver.launches.get(0).size());
        assertEquals(0, driver.suppressed);

        run.resourceOffers(driver, List.of(offer("o-2", "cpus:4;mem:1024")));
        assertEquals("only the one task left", 1, driver.launches.get(1).size());
        assertEquals(1, driver.suppressed);
        assertEquals(List.of(TaskId.of("run-0"), TaskId.of("run-1"), TaskId.of("run-2")),
                List.copyOf(run.states().keySet()));
    }

    @Test
    public void declinesAnOfferTooSmallForOneTask() {
        RunScheduler run = scheduler(1);
        run.resourceOffers(driver, List.of(offer("o-1", "cpus:0.5;mem:1024")));
        assertEquals(List.of(OfferId.of("o-1")), driver.declined);
        assertTrue(driver.launches.isEmpty());
    }

    @Test
    public void printsEveryStateAndIsDoneOnlyWhenEveryTaskEnded() throws Exception {
        RunScheduler run = scheduler(2);
        run.resourceOffers(driver, List.of(offer("o-1", "cpus:2;mem:1024")));
        run.statusUpdate(driver, status("run-0", TaskState.RUNNING));
        run.statusUpdate(driver, status("run-0", TaskState.FINISHED));
        assertFalse("one task still runs", run.await(0));
        run.statusUpdate(driver, status("run-1", TaskState.FAILED));
        assertTrue(run.await(0));

        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out, out.contains("run-0 TASK_STAGING on node1 (a-1)"));
        assertTrue(out, out.contains("run-0 TASK_RUNNING"));
        assertTrue(out, out.contains("run-0 TASK_FINISHED"));
        assertTrue(out, out.contains("run-1 TASK_FAILED"));
        assertEquals(TaskState.FAILED, run.states().get(TaskId.of("run-1")));
    }

    @Test
    public void anUnknownTaskIsIgnoredAndAnErrorEndsTheWait() throws Exception {
        RunScheduler run = scheduler(1);
        run.statusUpdate(driver, status("other-7", TaskState.FINISHED));
        assertTrue(run.states().isEmpty());
        run.error(driver, "framework refused");
        assertTrue(run.await(0));
        assertEquals("framework refused", run.error());
    }
}
