package org.allot.master.internal;

import static org.allot.master.internal.Harness.task;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.master.internal.Harness.FakeAgent;
import org.allot.master.internal.Harness.FakeScheduler;
import org.allot.protocol.Messages;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Role;
import org.junit.Test;

/**
 * Reconciliation with Mesos's semantics, as a table per leadership state, on the master harness's
 * manual clock: what the master answers for each kind of task, and when it does not answer yet.
 */
public class ReconciliationTest {

    private static final Duration WINDOW = Duration.ofSeconds(10);

    private final Harness h = new Harness();

    /** One row: what the scheduler asks about, and the answer (state null: no answer). */
    private record Row(String name, FakeScheduler framework, String task, AgentId agent, TaskState state,
            AgentId answeredAgent) {
    }

    @Test
    public void explicitReconciliationWhileLeading() {
        FakeScheduler s = h.scheduler("spark");
        FakeScheduler aware = h.scheduler(FrameworkInfo.builder("aware", "alice").capability("PARTITION_AWARE")
                .build());
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        aware.offers();
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t-live", a.id, "cpus:1"),
                task("t-acked", a.id, "cpus:1"), task("t-unacked", a.id, "cpus:1")));
        a.update(s.id, "t-live", TaskState.RUNNING);
        s.acknowledge(a.id, "t-acked", a.update(s.id, "t-acked", TaskState.FINISHED));
        a.update(s.id, "t-unacked", TaskState.FAILED);
        s.updates();

        assertTable(
                new Row("a live task: its latest state", s, "t-live", null, TaskState.RUNNING, a.id),
                new Row("an ended, acknowledged task: its terminal state", s, "t-acked", null, TaskState.FINISHED,
                        a.id),
                new Row("an ended task not yet acknowledged: its terminal state", s, "t-unacked", null,
                        TaskState.FAILED, a.id),
                new Row("an unknown task: TASK_LOST", s, "ghost", null, TaskState.LOST, null),
                new Row("an unknown task on a named agent: TASK_LOST there", s, "ghost-2", a.id, TaskState.LOST, a.id),
                new Row("an unknown task on an agent never seen: TASK_LOST", s, "ghost-3", AgentId.of("a-gone"),
                        TaskState.LOST, AgentId.of("a-gone")),
                new Row("an unknown task of a PARTITION_AWARE framework: TASK_UNKNOWN", aware, "ghost", null,
                        TaskState.UNKNOWN, null));
    }

    @Test
    public void implicitReconciliationAnswersEveryTaskNotYetAcknowledgedOver() {
        FakeScheduler s = h.scheduler("spark");
        FakeAgent a = h.agent("host-1", "cpus:4;mem:4096");
        s.accept(List.of(s.oneOffer().getOfferId()), List.of(task("t-live", a.id, "cpus:1"),
                task("t-acked", a.id, "cpus:1"), task("t-unacked", a.id, "cpus:1")));
        a.update(s.id, "t-live", TaskState.RUNNING);
        s.acknowledge(a.id, "t-acked", a.update(s.id, "t-acked", TaskState.FINISHED));
        a.update(s.id, "t-unacked", TaskState.FINISHED);
        s.updates();

        h.deliver(s.conn, Messages.reconcile(s.id, List.of()));

        assertEquals(Map.of("t-live", TaskState.RUNNING, "t-unacked", TaskState.FINISHED), states(s.updates()));
    }

    @Test
    public void whileRecoveringTasksOnAgentsNotBackYetGetNoAnswerUntilTheMasterLeads() {
        // A master that has just won an election: empty, rebuilding its registry, waiting for the
        // two agents of the roster (or the recovery window).
        FakeElection election = new FakeElection();
        Harness elected = new Harness(MasterConfig.builder().election(ElectionConfig.of("zk://127.0.0.1:2181/allot",
                4000, WINDOW.toMillis())).build(), new FirstFitAllocator("first-fit"), List.of(), election);
        elected.master.contend("127.0.0.1:5050");
        elected.settle();
        AgentId back = AgentId.of("a-old-1");
        AgentId away = AgentId.of("a-old-2");
        election.elect(7, Set.of(back.value(), away.value()));
        elected.settle();
        FrameworkInfo spark = FrameworkInfo.builder("spark", "alice").id(FrameworkId.of("f-old-1"))
                .failoverTimeout(Duration.ofMinutes(5)).build();
        FakeConnection agent = elected.connect(Role.AGENT, "agent@host-1");
        elected.deliver(agent, Messages.reregisterAgent(AgentInfo.unregistered("host-1", 5051,
                Resources.parse("cpus:4;mem:4096")).withId(back), List.of(new Messages.ReportedTask(spark.id()
                .orElseThrow(), task("t-back", back, "cpus:1"), TaskState.RUNNING, Optional.empty())), List.of(),
                List.of(spark), "test"));
        assertEquals(1, agent.take(Envelope.MessageCase.AGENT_REREGISTERED).size());
        FakeConnection c = elected.connect(Role.SCHEDULER, "spark");
        elected.deliver(c, Harness.subscribe(spark));
        assertEquals(1, c.take(Envelope.MessageCase.SUBSCRIBED).size());
        FakeScheduler s = new FakeScheduler(elected, c, spark.id().orElseThrow(), spark);
        assertEquals(Leadership.State.RECOVERING, elected.master.core().leadership.state());

        assertTable(elected,
                new Row("a task a re-registered agent reported: its state", s, "t-back", back, TaskState.RUNNING,
                        back),
                new Row("an unknown task on a re-registered agent: TASK_LOST", s, "ghost", back, TaskState.LOST, back),
                new Row("a task on an agent of the roster not back yet: no answer", s, "t-away", away, null, null),
                new Row("a task on an agent not named: no answer", s, "t-unnamed", null, null, null),
                new Row("a task on an agent the roster does not name: TASK_LOST", s, "t-stray", AgentId.of("a-stray"),
                        TaskState.LOST, AgentId.of("a-stray")));
        elected.deliver(c, Messages.reconcile(s.id, List.of()));
        assertEquals("implicit: what the master knows", Map.of("t-back", TaskState.RUNNING), states(s.updates()));

        elected.advance(WINDOW);
        assertEquals(Leadership.State.LEADING, elected.master.core().leadership.state());
        List<TaskStatus> deferred = s.updates();
        assertEquals("the tasks not answered are answered once the master leads, unasked",
                Map.of("t-away", TaskState.LOST, "t-unnamed", TaskState.LOST), states(deferred));
        deferred.forEach(u -> assertEquals(Optional.of(TaskStatus.Reason.RECONCILIATION), u.reason()));

        assertTable(elected,
                new Row("leading: a task on an agent that did not come back: TASK_LOST", s, "t-away", away,
                        TaskState.LOST, away),
                new Row("leading: an unknown task on no named agent: TASK_LOST", s, "t-unnamed", null, TaskState.LOST,
                        null));
    }

    /** Asks each row's framework about each row's task in one Reconcile per framework, and checks the answers. */
    private void assertTable(Row... rows) {
        assertTable(h, rows);
    }

    private static void assertTable(Harness h, Row... rows) {
        Map<FakeScheduler, List<TaskStatus>> asked = new LinkedHashMap<>();
        for (Row r : rows) {
            TaskStatus.Builder b = TaskStatus.builder(TaskId.of(r.task()), TaskState.STAGING, TaskStatus.Source.MASTER,
                    h.loop.now());
            if (r.agent() != null) {
                b.agentId(r.agent());
            }
            asked.computeIfAbsent(r.framework(), k -> new ArrayList<>()).add(b.build());
        }
        Map<FakeScheduler, Map<String, TaskStatus>> answers = new HashMap<>();
        asked.forEach((s, statuses) -> {
            h.deliver(s.conn, Messages.reconcileStatuses(s.id, statuses));
            Map<String, TaskStatus> byTask = new TreeMap<>();
            for (TaskStatus answer : s.updates()) {
                assertTrue("one answer per task: " + answer, byTask.put(answer.taskId().value(), answer) == null);
            }
            answers.put(s, byTask);
        });
        for (Row r : rows) {
            TaskStatus answer = answers.get(r.framework()).remove(r.task());
            if (r.state() == null) {
                assertEquals(r.name(), null, answer);
                continue;
            }
            assertTrue(r.name() + ": no answer", answer != null);
            assertEquals(r.name(), r.state(), answer.state());
            assertEquals(r.name(), Optional.of(TaskStatus.Reason.RECONCILIATION), answer.reason());
            assertEquals(r.name(), TaskStatus.Source.MASTER, answer.source());
            assertEquals(r.name() + ": nothing to acknowledge", Optional.empty(), answer.uuid());
            assertEquals(r.name(), Optional.ofNullable(r.answeredAgent()), answer.agentId());
        }
        answers.forEach((s, left) -> assertEquals("answers nobody asked for", Map.of(), left));
    }

    private static Map<String, TaskState> states(List<TaskStatus> updates) {
        Map<String, TaskState> out = new TreeMap<>();
        updates.forEach(u -> out.put(u.taskId().value(), u.state()));
        return out;
    }
}
