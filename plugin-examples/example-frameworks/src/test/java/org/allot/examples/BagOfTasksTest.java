package org.allot.examples;

import static org.allot.examples.Fixtures.FRAMEWORK;
import static org.allot.examples.Fixtures.offer;
import static org.allot.examples.Fixtures.status;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.allot.api.CommandInfo;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.client.Status;
import org.junit.Test;

/** BagOfTasks's decisions, driven by hand through a recording driver. */
public class BagOfTasksTest {

    private final RecordingDriver driver = new RecordingDriver();
    private final BagOfTasks bag = new BagOfTasks("127.0.0.1:5050", FRAMEWORK, 5, Resources.parse("cpus:1;mem:128"),
            CommandInfo.shell("sleep 1"));

    @Test
    public void launchesWhatFitsAndDeclinesOffersThatFitNothing() {
        bag.resourceOffers(driver, List.of(offer("o-1", "cpus:3;mem:1024"), offer("o-2", "cpus:0.5;mem:1024")));
        assertEquals(1, driver.launches.size());
        assertEquals(List.of(OfferId.of("o-1")), driver.launches.get(0).offers());
        List<TaskInfo> tasks = driver.launches.get(0).tasks();
        assertEquals(3, tasks.size());
        assertEquals(Resources.parse("cpus:1;mem:128"), tasks.get(0).resources());
        assertEquals(CommandInfo.shell("sleep 1"), tasks.get(0).command().orElseThrow());
        assertEquals(List.of(OfferId.of("o-2")), driver.declines);
        assertFalse("2 tasks still to launch", driver.calls.contains("suppress"));

        // The last two go on the next offer, and then offers are suppressed; later offers are declined.
        bag.resourceOffers(driver, List.of(offer("o-3", "cpus:8;mem:8192")));
        assertEquals(2, driver.launches.get(1).tasks().size());
        assertEquals(List.of("suppress"), driver.calls);
        bag.resourceOffers(driver, List.of(offer("o-4", "cpus:8;mem:8192")));
        assertEquals(List.of(OfferId.of("o-2"), OfferId.of("o-4")), driver.declines);
        assertEquals("each task id once", 5, driver.launchedTasks().stream().map(TaskInfo::id).distinct().count());
    }

    @Test
    public void endsWhenEveryTaskIsTerminalAndCountsTheFinished() {
        bag.resourceOffers(driver, List.of(offer("o-1", "cpus:8;mem:8192")));
        List<TaskInfo> tasks = driver.launchedTasks();
        for (TaskInfo t : tasks) {
            bag.statusUpdate(driver, status(t.id(), TaskState.RUNNING));
        }
        bag.statusUpdate(driver, status(tasks.get(0).id(), TaskState.FINISHED));
        bag.statusUpdate(driver, status(tasks.get(1).id(), TaskState.FAILED));
        bag.statusUpdate(driver, status(tasks.get(1).id(), TaskState.LOST));
        bag.statusUpdate(driver, status(org.allot.api.TaskId.of("someone-else"), TaskState.FINISHED));
        assertFalse(bag.isDone());
        for (TaskInfo t : tasks.subList(2, 5)) {
            bag.statusUpdate(driver, status(t.id(), TaskState.FINISHED));
        }
        assertTrue(bag.isDone());
        BagOfTasks.Result r = bag.result(false, Status.DRIVER_STOPPED);
        assertEquals(4, r.finished());
        assertEquals("a second terminal update of a task counts once", 1, r.failed());
        assertEquals(1, r.exitCode());
    }

    @Test
    public void allFinishedExitsZero() {
        BagOfTasks one = new BagOfTasks("127.0.0.1:5050", FRAMEWORK, 1, Resources.parse("cpus:1"),
                CommandInfo.shell("true"));
        one.resourceOffers(driver, List.of(offer("o-1", "cpus:1;mem:1")));
        one.statusUpdate(driver, status(driver.launchedTasks().get(0).id(), TaskState.FINISHED));
        assertTrue(one.isDone());
        assertEquals(0, one.result(false, Status.DRIVER_STOPPED).exitCode());
    }

    @Test
    public void anErrorEndsTheRun() {
        bag.error(driver, "refused");
        assertTrue(bag.isDone());
    }

    @Test
    public void sleepSecondsAreWrittenAsSleepReadsThem() {
        assertEquals("2", BagOfTasks.seconds(Duration.ofSeconds(2)));
        assertEquals("1.5", BagOfTasks.seconds(Duration.ofMillis(1500)));
    }

    @Test(expected = IllegalArgumentException.class)
    public void zeroTasksAreRefused() {
        new BagOfTasks("127.0.0.1:5050", FRAMEWORK, 0, Resources.parse("cpus:1"), CommandInfo.shell("true"));
    }

    @Test
    public void theMasterIsAnAddressOrAZooKeeperUrlCheckedWithoutConnecting() {
        for (String good : List.of("127.0.0.1:5050", "zk://127.0.0.1:2181/allot", "zk://a:2181,b:2181/allot")) {
            new BagOfTasks(good, FRAMEWORK, 1, Resources.parse("cpus:1"), CommandInfo.shell("true"));
        }
        for (String bad : List.of("localhost", "zk://", "zk://127.0.0.1:2181")) {
            IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                    () -> new BagOfTasks(bad, FRAMEWORK, 1, Resources.parse("cpus:1"), CommandInfo.shell("true")));
            assertTrue(e.getMessage(), e.getMessage().contains(bad));
        }
    }
}
