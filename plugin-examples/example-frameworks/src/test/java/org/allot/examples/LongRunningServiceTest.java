package org.allot.examples;

import static org.allot.examples.Fixtures.FRAMEWORK;
import static org.allot.examples.Fixtures.offer;
import static org.allot.examples.Fixtures.status;
import static org.junit.Assert.assertEquals;

import java.util.List;

import org.allot.api.CommandInfo;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.client.Status;
import org.junit.Test;

/** LongRunningService's decisions: keep K alive, count replacements. */
public class LongRunningServiceTest {

    private final RecordingDriver driver = new RecordingDriver();
    private final LongRunningService service = new LongRunningService("127.0.0.1:5050", FRAMEWORK, 3,
            Resources.parse("cpus:1;mem:64"), CommandInfo.shell("sleep 3600"));

    private List<TaskInfo> launchAll() {
        service.resourceOffers(driver, List.of(offer("o-1", "cpus:8;mem:1024")));
        List<TaskInfo> tasks = driver.launchedTasks();
        tasks.forEach(t -> service.statusUpdate(driver, status(t.id(), TaskState.RUNNING)));
        return tasks;
    }

    @Test
    public void launchesKInstancesAndThenSuppresses() {
        List<TaskInfo> tasks = launchAll();
        assertEquals(3, tasks.size());
        assertEquals(List.of("suppress"), driver.calls);
        service.resourceOffers(driver, List.of(offer("o-2", "cpus:8;mem:1024")));
        assertEquals("no fourth instance", 3, driver.launchedTasks().size());
        assertEquals(new LongRunningService.Result(3, 3, 0, 3, Status.DRIVER_STOPPED),
                service.result(Status.DRIVER_STOPPED));
    }

    @Test
    public void everyEndedInstanceIsReplacedOnce() {
        List<TaskInfo> tasks = launchAll();
        service.statusUpdate(driver, status(tasks.get(0).id(), TaskState.FAILED));
        service.statusUpdate(driver, status(tasks.get(0).id(), TaskState.FAILED));
        service.statusUpdate(driver, status(tasks.get(1).id(), TaskState.LOST));
        service.statusUpdate(driver, status(TaskId.of("not-mine"), TaskState.KILLED));
        assertEquals(List.of("suppress", "revive"), driver.calls);

        service.resourceOffers(driver, List.of(offer("o-2", "cpus:1;mem:1024"), offer("o-3", "cpus:8;mem:1024")));
        List<TaskInfo> all = driver.launchedTasks();
        assertEquals("two replacements, one per offer as they fit", 5, all.size());
        assertEquals(5, all.stream().map(TaskInfo::id).distinct().count());
        LongRunningService.Result r = service.result(Status.DRIVER_STOPPED);
        assertEquals(2, r.replacements());
        assertEquals(5, r.launched());
        assertEquals(1, r.running());
        assertEquals(List.of("suppress", "revive", "suppress"), driver.calls);
    }

    @Test
    public void instancesEndingAfterStopAreNotReplaced() {
        List<TaskInfo> tasks = launchAll();
        service.stop();
        tasks.forEach(t -> service.statusUpdate(driver, status(t.id(), TaskState.KILLED)));
        assertEquals(0, service.result(Status.DRIVER_STOPPED).replacements());
        assertEquals(0, service.result(Status.DRIVER_STOPPED).running());
    }
}
