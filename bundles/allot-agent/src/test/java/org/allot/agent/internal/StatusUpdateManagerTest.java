package org.allot.agent.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.allot.api.FrameworkId;
import org.allot.api.TaskId;
import org.allot.protocol.loop.ManualEventLoop;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.TaskStatus;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The status update manager on a manual clock run by the test thread, with a recording transport
 * and a real checkpoint.
 */
public class StatusUpdateManagerTest {

    private static final TaskKey A = new TaskKey(FrameworkId.of("f-1"), TaskId.of("t-a"));
    private static final TaskKey B = new TaskKey(FrameworkId.of("f-1"), TaskId.of("t-b"));
    private static final Duration INITIAL = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofSeconds(10);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final List<ManualEventLoop> loops = new ArrayList<>();
    private final List<StatusUpdate> sent = new CopyOnWriteArrayList<>();

    @After
    public void tearDown() {
        loops.forEach(ManualEventLoop::shutdown);
    }

    @Test
    public void updatesOfOneTaskGoOutInOrderOneAtATimeAndTasksAreIndependent() throws Exception {
        ManualEventLoop loop = loop();
        StatusUpdateManager m = manager(loop, new Checkpointer(tmp.newFolder().toPath()));
        StatusUpdate a1 = update(A, TaskState.TASK_STARTING);
        StatusUpdate a2 = update(A, TaskState.TASK_RUNNING);
        StatusUpdate a3 = update(A, TaskState.TASK_FINISHED);
        StatusUpdate b1 = update(B, TaskState.TASK_RUNNING);

        add(loop, m, a1, a2, a3, b1);
        // Only the oldest of each task is on the wire; the terminal a3 queued behind it re-sends a1 at
        // once carrying the task's newest state, so the master can free the task's resources.
        assertEquals(List.of(a1, latest(a1, TaskState.TASK_FINISHED), b1), sent);

        assertTrue(loop.call(() -> m.acknowledge(A, uuid(a1))));
        assertEquals(latest(a2, TaskState.TASK_FINISHED), sent.get(3));
        assertTrue(loop.call(() -> m.acknowledge(A, uuid(a2))));
        assertEquals("the newest update needs no latest_state", a3, sent.get(4));
        assertEquals(5, sent.size());
        assertEquals(2, (int) loop.call(m::size));
    }

    private static StatusUpdate latest(StatusUpdate u, TaskState state) {
        return u.toBuilder().setLatestState(state).build();
    }

    @Test
    public void theOldestUpdateIsRetriedWithBackoffUntilAcknowledged() throws Exception {
        ManualEventLoop loop = loop();
        StatusUpdateManager m = manager(loop, new Checkpointer(tmp.newFolder().toPath()));
        StatusUpdate a1 = update(A, TaskState.TASK_RUNNING);
        add(loop, m, a1);

        assertSends(loop, Duration.ofMillis(1999), 1);
        assertSends(loop, Duration.ofMillis(1), 2);     // at 2 s
        assertSends(loop, Duration.ofSeconds(4), 3);    // then 4 s later
        assertSends(loop, Duration.ofSeconds(8), 4);    // then 8 s later
        assertSends(loop, Duration.ofSeconds(10), 5);   // then capped at 10 s
        assertSends(loop, Duration.ofSeconds(10), 6);
        assertTrue("every resend is the same update", sent.stream().allMatch(a1::equals));

        assertTrue(loop.call(() -> m.acknowledge(A, uuid(a1))));
        assertSends(loop, Duration.ofMinutes(5), 6);    // nothing once acknowledged
        assertTrue(loop.call(() -> m.isEmpty(A)));
        assertTrue("no timer left", loop.liveTimers().isEmpty());
    }

    @Test
    public void aStaleOrUnknownAcknowledgementChangesNothing() throws Exception {
        ManualEventLoop loop = loop();
        StatusUpdateManager m = manager(loop, new Checkpointer(tmp.newFolder().toPath()));
        StatusUpdate a1 = update(A, TaskState.TASK_RUNNING);
        StatusUpdate a2 = update(A, TaskState.TASK_FINISHED);
        add(loop, m, a1, a2);

        assertFalse("not the oldest", loop.call(() -> m.acknowledge(A, uuid(a2))));
        assertFalse("another task", loop.call(() -> m.acknowledge(B, uuid(a1))));
        assertEquals(List.of(a1, a2), loop.call(() -> m.pending(A)));
        assertEquals(List.of(a1, latest(a1, TaskState.TASK_FINISHED)), sent);
    }

    @Test
    public void resendAllSendsEveryOldestUpdateAtOnceAndRestartsTheInterval() throws Exception {
        ManualEventLoop loop = loop();
        StatusUpdateManager m = manager(loop, new Checkpointer(tmp.newFolder().toPath()));
        StatusUpdate a1 = update(A, TaskState.TASK_RUNNING);
        add(loop, m, a1);
        assertSends(loop, Duration.ofSeconds(2), 2);    // the interval is now 4 s

        loop.call(() -> {
            m.resendAll();
            return null;
        });
        assertEquals(3, sent.size());
        assertSends(loop, Duration.ofMillis(1999), 3);
        assertSends(loop, Duration.ofMillis(1), 4);     // 2 s again, not 4 s
    }

    @Test
    public void resendOfAFrameworkSendsOnlyItsTasksOldestUpdatesAtOnce() throws Exception {
        ManualEventLoop loop = loop();
        StatusUpdateManager m = manager(loop, new Checkpointer(tmp.newFolder().toPath()));
        TaskKey other = new TaskKey(FrameworkId.of("f-2"), TaskId.of("t-c"));
        StatusUpdate a1 = update(A, TaskState.TASK_RUNNING);
        StatusUpdate a2 = update(A, TaskState.TASK_RUNNING);
        StatusUpdate b1 = update(B, TaskState.TASK_FINISHED);
        StatusUpdate c1 = update(other, TaskState.TASK_RUNNING);
        add(loop, m, a1, a2, b1, c1);
        sent.clear();

        assertEquals(2, (int) loop.call(() -> m.resend(FrameworkId.of("f-1"))));
        assertEquals("the oldest of each of f-1's tasks, none of f-2's",
                List.of(latest(a1, TaskState.TASK_RUNNING), b1), sent);
        assertEquals(0, (int) loop.call(() -> m.resend(FrameworkId.of("f-3"))));
        assertEquals(2, sent.size());
    }

    @Test
    public void unacknowledgedUpdatesSurviveARestartFromTheCheckpointWithTheirUuids() throws Exception {
        Path workDir = tmp.newFolder().toPath();
        ManualEventLoop first = loop();
        StatusUpdateManager before = manager(first, new Checkpointer(workDir));
        StatusUpdate a1 = update(A, TaskState.TASK_RUNNING);
        StatusUpdate a2 = update(A, TaskState.TASK_FINISHED);
        StatusUpdate b1 = update(B, TaskState.TASK_FAILED);
        add(first, before, a1, a2, b1);
        first.call(() -> before.acknowledge(B, uuid(b1)));
        first.shutdown(); // the agent dies: no stop(), nothing flushed beyond what add() wrote
        sent.clear();

        ManualEventLoop second = loop();
        Checkpointer checkpointer = new Checkpointer(workDir);
        StatusUpdateManager after = manager(second, checkpointer);
        second.call(() -> {
            after.recover(checkpointer.load().updates());
            return null;
        });
        assertTrue("nothing is sent before the agent re-registers", sent.isEmpty());
        assertTrue("the acknowledged task is gone", second.call(() -> after.isEmpty(B)));

        second.call(() -> {
            after.resendAll();
            return null;
        });
        assertEquals("the recovered stream still says the task finished", List.of(latest(a1, TaskState.TASK_FINISHED)),
                sent);
        second.call(() -> after.acknowledge(A, uuid(a1)));
        assertEquals(List.of(latest(a1, TaskState.TASK_FINISHED), a2), sent);
        second.call(() -> after.acknowledge(A, uuid(a2)));
        assertTrue("an empty stream leaves no record", checkpointer.load().updates().isEmpty());
        try (var files = Files.walk(checkpointer.root())) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).map(Path::toString)
                    .collect(Collectors.toList()));
        }
    }

    private void assertSends(ManualEventLoop loop, Duration advance, int expected) {
        loop.advance(advance);
        assertEquals("sends after advancing " + advance, expected, sent.size());
    }

    private ManualEventLoop loop() {
        ManualEventLoop loop = new ManualEventLoop(Instant.parse("2026-01-01T00:00:00Z"));
        loops.add(loop);
        return loop;
    }

    private StatusUpdateManager manager(ManualEventLoop loop, Checkpointer checkpointer) {
        return new StatusUpdateManager(loop, INITIAL, MAX, checkpointer, sent::add);
    }

    /** Adds {@code updates} in order on the loop, each to the stream of the task it names. */
    private static void add(ManualEventLoop loop, StatusUpdateManager m, StatusUpdate... updates) {
        loop.call(() -> {
            for (StatusUpdate u : updates) {
                m.add(new TaskKey(FrameworkId.of(u.getFrameworkId()), TaskId.of(u.getStatus().getTaskId())), u);
            }
            return null;
        });
    }

    private static StatusUpdate update(TaskKey key, TaskState state) {
        return StatusUpdate.newBuilder().setFrameworkId(key.frameworkId().value()).setStatus(TaskStatus.newBuilder()
                .setTaskId(key.taskId().value()).setState(state).setSource(TaskStatus.Source.SOURCE_AGENT)
                .setUuid(Agent.uuidBytes(UUID.randomUUID()))).build();
    }

    private static com.google.protobuf.ByteString uuid(StatusUpdate u) {
        return u.getStatus().getUuid();
    }
}
