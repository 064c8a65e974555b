package org.allot.master.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.master.internal.LaunchValidator.Gone;
import org.allot.master.internal.Inbound.Launch;
import org.allot.master.internal.LaunchValidator.OfferRef;
import org.allot.master.internal.LaunchValidator.Request;
import org.allot.master.internal.LaunchValidator.Result;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The launch validator, table-driven and without a master: each row is an Accept against a fixed
 * set of outstanding offers, with the expected outcome per task ({@code staged} or the refusal's
 * state, reason and a fragment of its message) and what is left of the offers.
 */
@RunWith(Parameterized.class)
public class LaunchValidatorTest {

    private static final FrameworkId F = FrameworkId.of("f-1");
    private static final FrameworkId OTHER = FrameworkId.of("f-2");
    private static final AgentId A1 = AgentId.of("a-1");
    private static final AgentId A2 = AgentId.of("a-2");
    /** Outstanding offers: o-1 and o-2 on a-1 for f-1, o-3 on a-2 for f-1, o-4 on a-1 for f-2. */
    private static final Map<OfferId, OfferRef> OFFERS = Map.of(
            OfferId.of("o-1"), new OfferRef(OfferId.of("o-1"), F, A1, Resources.parse("cpus:2;mem:1024")),
            OfferId.of("o-2"), new OfferRef(OfferId.of("o-2"), F, A1, Resources.parse("cpus:1;mem:512")),
            OfferId.of("o-3"), new OfferRef(OfferId.of("o-3"), F, A2, Resources.parse("cpus:4;mem:4096")),
            OfferId.of("o-4"), new OfferRef(OfferId.of("o-4"), OTHER, A1, Resources.parse("cpus:4;mem:4096")));
    private static final Function<OfferId, Gone> GONE = id -> id.value().equals("o-9")
            ? new Gone("offer o-9 was rescinded at 12:00", true)
            : new Gone("offer " + id + " is unknown to this master", false);
    private static final Set<TaskId> LIVE = Set.of(TaskId.of("live"));
    private static final Set<ExecutorId> RUNNING = Set.of(ExecutorId.of("running-exec"));

    @Parameters(name = "{0}")
    public static Collection<Object[]> rows() {
        return Arrays.asList(new Object[][] {
            {"one task fits, rest remains", offers("o-1"), tasks(t("t1", A1, "cpus:1;mem:256")),
                outcomes("staged"), "cpus:1;mem:768"},
            {"two offers of one agent add up", offers("o-1", "o-2"), tasks(t("t1", A1, "cpus:3;mem:1536")),
                outcomes("staged"), ""},
            {"no offers named", offers(), tasks(t("t1", A1, "cpus:1")),
                outcomes("LOST INVALID_OFFERS names no offers"), ""},
            {"unknown offer", offers("o-8"), tasks(t("t1", A1, "cpus:1")),
                outcomes("LOST INVALID_OFFERS o-8 is unknown"), ""},
            {"rescinded offer", offers("o-9"), tasks(t("t1", A1, "cpus:1")),
                outcomes("LOST OFFER_RESCINDED rescinded at 12:00"), ""},
            {"offer named twice, own offer used up", offers("o-1", "o-1"), tasks(t("t1", A1, "cpus:1")),
                outcomes("LOST INVALID_OFFERS named twice"), "cpus:2;mem:1024"},
            {"another framework's offer", offers("o-4"), tasks(t("t1", A1, "cpus:1")),
                outcomes("LOST INVALID_OFFERS made to another framework"), ""},
            {"offers on two agents", offers("o-1", "o-3"), tasks(t("t1", A1, "cpus:1")),
                outcomes("LOST INVALID_OFFERS different agents"), "cpus:6;mem:5120"},
            {"task on the wrong agent", offers("o-1"), tasks(t("t1", A2, "cpus:1")),
                outcomes("ERROR TASK_INVALID names agent a-2"), "cpus:2;mem:1024"},
            {"too big for the offer", offers("o-1"), tasks(t("t1", A1, "cpus:3")),
                outcomes("ERROR RESOURCES_INSUFFICIENT asks cpus:3 but offer o-1 has"), "cpus:2;mem:1024"},
            {"second task does not fit what the first left", offers("o-1"),
                tasks(t("t1", A1, "cpus:2"), t("t2", A1, "cpus:1")),
                outcomes("staged", "ERROR RESOURCES_INSUFFICIENT left after the tasks before it"), "mem:1024"},
            {"duplicate id in one Accept", offers("o-1"), tasks(t("t1", A1, "cpus:1"), t("t1", A1, "cpus:1")),
                outcomes("staged", "ERROR TASK_INVALID appears more than once"), "cpus:1;mem:1024"},
            {"id of a live task", offers("o-1"), tasks(t("live", A1, "cpus:1")),
                outcomes("ERROR TASK_INVALID already used by a task of framework"), "cpus:2;mem:1024"},
            {"cpus:0 task whose new executor has cpus is still refused", offers("o-1"),
                tasks(te("t1", "exec", "cpus:0;mem:32")), outcomes("ERROR TASK_INVALID with no cpus"), "cpus:2;mem:1024"},
            {"id escaping the sandbox", offers("o-1"), tasks(t("../../../../x", A1, "cpus:1")),
                outcomes("ERROR TASK_INVALID may not leave it"), "cpus:2;mem:1024"},
            {"absolute path as id", offers("o-1"), tasks(t("/etc/x", A1, "cpus:1")),
                outcomes("ERROR TASK_INVALID path separator"), "cpus:2;mem:1024"},
            {"id of 256 bytes", offers("o-1"), tasks(t("x".repeat(256), A1, "cpus:1")),
                outcomes("ERROR TASK_INVALID 256 bytes long"), "cpus:2;mem:1024"},
            {"id of 255 bytes is fine", offers("o-1"), tasks(t("x".repeat(255), A1, "cpus:1")),
                outcomes("staged"), "cpus:1;mem:1024"},
            {"cpus:0 is refused", offers("o-1"), tasks(t("t1", A1, "cpus:0;mem:32")),
                outcomes("ERROR TASK_INVALID with no cpus"), "cpus:2;mem:1024"},
            {"cpus:0 alone is no resources at all", offers("o-1"), List.of(new Launch(TaskId.of("t1"),
                Optional.empty(), "task t1 is invalid: task t1 asks for no resources")),
                outcomes("ERROR TASK_INVALID asks for no resources"), "cpus:2;mem:1024"},
            {"undecodable task", offers("o-1"), List.of(new Launch(TaskId.of("bad"), Optional.empty(),
                "task bad is invalid: no command")), outcomes("ERROR TASK_INVALID no command"), "cpus:2;mem:1024"},
            {"new executor paid once, by the first task", offers("o-1"),
                tasks(te("t1", "exec", "cpus:0.5;mem:128"), te("t2", "exec", "cpus:0.5;mem:128")),
                outcomes("staged", "staged"), "cpus:0.5;mem:640"},
            {"running executor costs nothing more", offers("o-1"), tasks(te("t1", "running-exec", "cpus:2;mem:1024")),
                outcomes("staged"), ""},
            {"executor id escaping the sandbox", offers("o-1"), tasks(te("t1", "../e", "cpus:1")),
                outcomes("ERROR TASK_INVALID names executor"), "cpus:2;mem:1024"},
            {"partition-aware framework gets DROPPED", offers("o-8"), tasks(t("t1", A1, "cpus:1")),
                outcomes("DROPPED INVALID_OFFERS o-8 is unknown"), ""},
        });
    }

    private final String name;
    private final List<OfferId> offerIds;
    private final List<Launch> launches;
    private final List<String> expected;
    private final String remaining;

    public LaunchValidatorTest(String name, List<OfferId> offerIds, List<Launch> launches, List<String> expected,
                               String remaining) {
        this.name = name;
        this.offerIds = offerIds;
        this.launches = launches;
        this.expected = expected;
        this.remaining = remaining;
    }

    @Test
    public void validates() {
        boolean partitionAware = name.startsWith("partition-aware");
        Result r = LaunchValidator.validate(new Request(F, partitionAware, offerIds, launches,
                id -> Optional.ofNullable(OFFERS.get(id)), GONE, LIVE::contains, (agent, id) -> RUNNING.contains(id)));
        // Staged and refused tasks each come back in launch order: walk the expectations in order.
        List<String> actual = new ArrayList<>();
        int staged = 0;
        int refused = 0;
        for (int i = 0; i < launches.size() && i < expected.size(); i++) {
            TaskId id = launches.get(i).taskId();
            if (expected.get(i).equals("staged") && staged < r.staged().size()) {
                assertEquals(name + ": staged task " + i, id, r.staged().get(staged++).task().id());
                actual.add("staged");
            } else if (refused < r.refused().size()) {
                LaunchValidator.Refused x = r.refused().get(refused++);
                assertEquals(name + ": refused task " + i, id, x.taskId());
                actual.add(x.state() + " " + x.reason() + " " + x.message());
            }
        }
        assertEquals(name + ": staged", expected.stream().filter("staged"::equals).count(), r.staged().size());
        assertEquals(name + ": refused", expected.stream().filter(e -> !e.equals("staged")).count(),
                r.refused().size());
        assertEquals(name + ": outcome count", expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            String[] want = expected.get(i).split(" ", 3);
            String got = actual.get(i);
            if (want.length == 1) {
                assertEquals(name + ": task " + i, "staged", got);
            } else {
                assertTrue(name + ": task " + i + " was '" + got + "', expected " + expected.get(i),
                        got.startsWith(want[0] + " " + want[1] + " ") && got.contains(want[2]));
            }
        }
        assertEquals(name + ": remaining", Resources.parse(remaining), r.remaining());
    }

    @Test
    public void newExecutorIsChargedToTheExecutorNotTheTask() {
        Result r = LaunchValidator.validate(new Request(F, false, offers("o-1"),
                tasks(te("t1", "exec", "cpus:0.5;mem:128")), id -> Optional.ofNullable(OFFERS.get(id)), GONE,
                LIVE::contains, (agent, id) -> RUNNING.contains(id)));
        assertEquals(Resources.parse("cpus:0.5;mem:128"), r.staged().get(0).taskResources());
        assertEquals(Resources.parse("cpus:0.5;mem:128"), r.staged().get(0).newExecutor().orElseThrow().resources());
    }

    private static List<OfferId> offers(String... ids) {
        return Arrays.stream(ids).map(OfferId::of).collect(Collectors.toList());
    }

    private static List<Launch> tasks(TaskInfo... tasks) {
        return Arrays.stream(tasks).map(t -> new Launch(t.id(), Optional.of(t), "")).collect(Collectors.toList());
    }

    private static List<String> outcomes(String... o) {
        return List.of(o);
    }

    private static TaskInfo t(String id, AgentId agent, String resources) {
        return TaskInfo.ofCommand(TaskId.of(id), "task", agent, Resources.parse(resources), CommandInfo.shell("true"));
    }

    private static TaskInfo te(String id, String executor, String resources) {
        ExecutorInfo e = new ExecutorInfo(ExecutorId.of(executor), "exec", CommandInfo.shell("exec"),
                Resources.parse("cpus:0.5;mem:128"));
        return TaskInfo.ofExecutor(TaskId.of(id), "task", A1, Resources.parse(resources), e);
    }

    static {
        // Keeps the expected-outcome states honest: every state named in the table exists.
        for (Object[] row : rows()) {
            for (Object o : (List<?>) row[3]) {
                String s = (String) o;
                if (!s.equals("staged")) {
                    TaskState.valueOf(s.split(" ")[0]);
                    TaskStatus.Reason.valueOf(s.split(" ")[1]);
                }
            }
        }
    }
}
