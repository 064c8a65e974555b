package org.allot.master.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.api.AgentId;
import org.allot.api.Resources;
import org.allot.api.TaskState;
import org.allot.master.internal.Harness.FakeAgent;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Offer;
import org.allot.protocol.proto.Suppress;
import org.junit.Test;

/**
 * The bug "DRF starves the younger of two identical frameworks", through the real master, its
 * allocation engine and DRF. Two schedulers subscribe, the older first; each has 5 tasks of
 * {@code cpus:1} that run 1 s; the one agent has {@code cpus:1.5}. A scheduler launches one task on
 * an offer that fits one, declining the rest with the default filter (5 s), declines offers that
 * fit none, and suppresses once it has launched all 5.
 *
 * <p>Before the fix every tie at share 0 went to the lower framework id, and the younger's decline
 * of the 0.5-cpu leftover refused it the whole agent: the older ran all 5 tasks while the younger
 * waited at share 0. Now declines refuse only offers contained in what was declined, and DRF breaks
 * ties as Mesos's sorter does (fewest offers made, then id). Hand-computed, second by second:
 * <pre>
 * 0 s  older (0 offers) before younger (0) by id: older runs a task, declines 0.5; the engine
 *      offers the 0.5 to younger (share 0 &lt; 0.67), which declines it.
 * 1 s  the task ends; both at share 0 with 1 offer each: older by id (2 offers).
 * 2 s  younger (1 offer) before older (2): younger runs its first task.
 * 3-7 s  the one made fewer offers goes first: older, younger, older, younger, older (its last).
 * 8-9 s  younger alone: its last two.
 * </pre>
 */
public class IdenticalFrameworksTakeTurnsThroughMasterTest {

    private static final Resources TASK = Resources.parse("cpus:1");
    private static final Duration TASK_RUNS = Duration.ofSeconds(1);

    private record Running(FakeScheduler scheduler, String taskId, Instant endsAt) {
    }

    @Test
    public void theyTakeTurnsOnOneAndAHalfCpus() {
        Harness h = new Harness(MasterConfig.defaults(), new DrfAllocator());
        FakeScheduler older = h.scheduler("older");
        FakeScheduler younger = h.scheduler("younger");
        FakeAgent agent = h.agent("host-1", "cpus:1.5");
        Map<FakeScheduler, Integer> pending = new HashMap<>(Map.of(older, 5, younger, 5));
        List<Running> running = new ArrayList<>();
        List<String> launches = new ArrayList<>();

        for (int second = 0; second < 15; second++) {
            for (FakeScheduler s : List.of(older, younger)) {
                for (Offer o : s.offers()) {
                    boolean fits = pending.get(s) > 0 && Wire.resources(o.getResourcesList()).contains(TASK);
                    if (!fits) {
                        s.decline(o.getOfferId());
                        continue;
                    }
                    String taskId = s.info.name() + "-" + (6 - pending.get(s));
                    s.accept(List.of(o.getOfferId()),
                            List.of(Harness.task(taskId, AgentId.of(o.getAgentId()), TASK.toString())));
                    running.add(new Running(s, taskId, h.loop.now().plus(TASK_RUNS)));
                    launches.add(s.info.name());
                    pending.merge(s, -1, Integer::sum);
                    if (pending.get(s) == 0) {
                        h.deliver(s.conn, Envelope.newBuilder().setSuppress(Suppress.newBuilder()
                                .setFrameworkId(s.id.value())).build());
                    }
                }
            }
            h.advance(Duration.ofSeconds(1));
            for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
                Running r = it.next();
                if (!r.endsAt().isAfter(h.loop.now())) {
                    agent.update(r.scheduler().id, r.taskId(), TaskState.FINISHED);
                    it.remove();
                }
            }
        }

        assertEquals(List.of("older", "older", "younger", "older", "younger", "older", "younger", "older",
                "younger", "younger"), launches);
    }
}
