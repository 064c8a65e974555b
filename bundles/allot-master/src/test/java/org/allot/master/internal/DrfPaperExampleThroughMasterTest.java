package org.allot.master.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskInfo;
import org.allot.api.operator.TaskView;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.Wire;
import org.junit.Test;

/**
 * The DRF paper's example (Ghodsi et al., NSDI 2011) through the real master and the DRF allocator:
 * 9 cpus and 18 GB; A's tasks need {@code cpus:1;mem:4096}, B's {@code cpus:3;mem:1024}; each fake
 * scheduler launches as many tasks as fit each offer. A ends with 3 tasks (dominant share 12/18 GB
 * = 2/3), B with 2 (6/9 cpus = 2/3).
 *
 * <p>The cluster is two agents ({@code cpus:5;mem:11264} and {@code cpus:4;mem:7168}) because the
 * allocator offers an agent's whole free part at once (see the allocator's own DrfPaperExampleTest).
 */
public class DrfPaperExampleThroughMasterTest {

    @Test
    public void aRunsThreeTasksAndBTwo() {
        Harness h = new Harness(MasterConfig.defaults(), new DrfAllocator());
        FakeScheduler a = h.scheduler("A");
        FakeScheduler b = h.scheduler("B");
        h.agent("host-1", "cpus:5;mem:11264");
        h.agent("host-2", "cpus:4;mem:7168");
        Map<FakeScheduler, Resources> taskSize = Map.of(a, Resources.parse("cpus:1;mem:4096"),
                b, Resources.parse("cpus:3;mem:1024"));

        int[] launched = new int[1];
        for (int second = 0; second < 30; second++) {
            for (FakeScheduler s : List.of(a, b)) {
                for (org.allot.protocol.proto.Offer o : s.offers()) {
                    launchAllThatFit(s, o, taskSize.get(s), launched);
                }
            }
            h.advance(Duration.ofSeconds(1));
        }

        Map<FrameworkId, Integer> tasks = new TreeMap<>();
        for (TaskView t : h.master.tasks()) {
            tasks.merge(t.frameworkId(), 1, Integer::sum);
        }
        assertEquals("tasks per framework: " + tasks, 3, (int) tasks.getOrDefault(a.id, 0));
        assertEquals("tasks per framework: " + tasks, 2, (int) tasks.getOrDefault(b.id, 0));
    }

    /**
     * The paper's own setting, one machine of 9 cpus and 18 GB, with schedulers that take one task
     * per offer and hand the rest back at once (refuse 0 s): the master then re-offers after every
     * launch and DRF's progressive filling decides task by task. Worked numbers: A(1/9, 4/18 = 0.22)
     * -> B(3/9 = 0.33) -> A(0.44) -> B(0.67) -> A(0.67); then the 9 cpus are used up.
     */
    @Test
    public void oneMachineAndOneTaskPerOfferGivesThreeAndTwo() {
        Harness h = new Harness(MasterConfig.defaults(), new DrfAllocator());
        FakeScheduler a = h.scheduler("A");
        FakeScheduler b = h.scheduler("B");
        h.agent("paper", "cpus:9;mem:18432");
        Map<FakeScheduler, Resources> taskSize = Map.of(a, Resources.parse("cpus:1;mem:4096"),
                b, Resources.parse("cpus:3;mem:1024"));

        int launched = 0;
        for (int second = 0; second < 30; second++) {
            for (FakeScheduler s : List.of(a, b)) {
                for (org.allot.protocol.proto.Offer o : s.offers()) {
                    Resources size = taskSize.get(s);
                    List<TaskInfo> one = new ArrayList<>();
                    if (Wire.resources(o.getResourcesList()).contains(size)) {
                        one.add(Harness.task(s.info.name() + "-" + (++launched), AgentId.of(o.getAgentId()),
                                size.toString()));
                    }
                    s.accept(List.of(o.getOfferId()), one, 0.0);
                }
            }
            h.advance(Duration.ofSeconds(1));
        }

        Map<FrameworkId, Integer> tasks = new TreeMap<>();
        for (TaskView t : h.master.tasks()) {
            tasks.merge(t.frameworkId(), 1, Integer::sum);
        }
        assertEquals("tasks per framework: " + tasks, 3, (int) tasks.getOrDefault(a.id, 0));
        assertEquals("tasks per framework: " + tasks, 2, (int) tasks.getOrDefault(b.id, 0));
    }

    private static void launchAllThatFit(FakeScheduler s, org.allot.protocol.proto.Offer o, Resources size,
                                         int[] launched) {
        Resources left = Wire.resources(o.getResourcesList());
        AgentId agent = AgentId.of(o.getAgentId());
        List<TaskInfo> tasks = new ArrayList<>();
        while (left.contains(size)) {
            left = left.subtract(size);
            tasks.add(Harness.task(s.info.name() + "-" + (++launched[0]), agent, size.toString()));
        }
        s.accept(List.of(o.getOfferId()), tasks); // no tasks: the offer comes back with the refuse filter
    }
}
