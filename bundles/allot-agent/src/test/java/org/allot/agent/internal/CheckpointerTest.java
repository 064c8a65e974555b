package org.allot.agent.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.protocol.proto.ExecutorInfo;
import org.allot.protocol.proto.FrameworkInfo;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskInfo;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.TaskStatus;
import org.allot.spi.isolation.ContainerId;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The checkpoint: one record per change, torn records skipped, ids that are not file names escaped. */
public class CheckpointerTest {

    private static final FrameworkId FID = FrameworkId.of("f-1");

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void everyKindOfRecordReadsBackAsWritten() throws Exception {
        Path workDir = tmp.newFolder().toPath();
        Checkpointer cp = new Checkpointer(workDir);
        FrameworkInfo framework = FrameworkInfo.newBuilder().setFrameworkId(FID.value()).setName("fw").build();
        Checkpointer.Container command = container("c-1", Optional.of(TaskId.of("t-1")), Optional.empty());
        Checkpointer.Container executor = container("c-2", Optional.empty(),
                Optional.of(ExecutorInfo.newBuilder().setExecutorId("e-1").setFrameworkId(FID.value()).build()));
        TaskKey key = new TaskKey(FID, TaskId.of("t-1"));
        TaskInfo task = TaskInfo.newBuilder().setTaskId("t-1").setName("one").build();
        List<StatusUpdate> updates = List.of(update("t-1", TaskState.TASK_RUNNING), update("t-1",
                TaskState.TASK_FINISHED));

        cp.saveAgentId(AgentId.of("a-1"));
        cp.saveFramework(framework);
        cp.saveContainer(command);
        cp.saveContainer(executor);
        cp.saveTask(key, task);
        cp.saveUpdates(key, updates);

        Checkpointer.Recovered r = new Checkpointer(workDir).load();
        assertEquals(Optional.of(AgentId.of("a-1")), r.agentId());
        assertEquals(Map.of(FID, framework), r.frameworks());
        assertEquals(List.of(command, executor), r.containers());
        assertEquals(Map.of(key, task), r.tasks());
        assertEquals(Map.of(key, updates), r.updates());
        assertEquals(List.of(), r.ignored());
    }

    @Test
    public void eachChangeWritesOnlyItsOwnRecord() throws Exception {
        Path workDir = tmp.newFolder().toPath();
        Checkpointer cp = new Checkpointer(workDir);
        cp.saveContainer(container("c-1", Optional.of(TaskId.of("t-1")), Optional.empty()));
        cp.saveContainer(container("c-2", Optional.of(TaskId.of("t-2")), Optional.empty()));
        Path one = workDir.resolve("meta/containers/c-1");
        Path two = workDir.resolve("meta/containers/c-2");
        byte[] twoBefore = Files.readAllBytes(two);

        cp.saveContainer(new Checkpointer.Container(ContainerId.of("c-1"), 43, "posix", FID, workDir,
                Resources.parse("cpus:2"), Optional.of(TaskId.of("t-1")), Optional.empty()));
        assertArrayEquals("the other container's record is untouched", twoBefore, Files.readAllBytes(two));
        assertTrue(Files.readString(one).contains("pid=43"));

        cp.removeContainer(ContainerId.of("c-1"));
        assertFalse(Files.exists(one));
        assertArrayEquals(twoBefore, Files.readAllBytes(two));
        assertEquals(List.of("meta/containers/c-2"), files(workDir));
    }

    @Test
    public void aTornRecordIsIgnoredWithAWarningAndTheRestRecovered() throws Exception {
        Path workDir = tmp.newFolder().toPath();
        Checkpointer cp = new Checkpointer(workDir);
        cp.saveAgentId(AgentId.of("a-1"));
        cp.saveContainer(container("c-1", Optional.of(TaskId.of("t-1")), Optional.empty()));
        cp.saveContainer(container("c-2", Optional.of(TaskId.of("t-2")), Optional.empty()));
        Path torn = workDir.resolve("meta/containers/c-1");
        byte[] whole = Files.readAllBytes(torn);
        Files.write(torn, Arrays.copyOf(whole, whole.length / 2));           // cut short by a crash
        Path flipped = workDir.resolve("meta/containers/c-3");
        cp.saveContainer(container("c-3", Optional.of(TaskId.of("t-3")), Optional.empty()));
        byte[] bits = Files.readAllBytes(flipped);
        bits[bits.length - 2] ^= 0x20;                                        // same length, bad checksum
        Files.write(flipped, bits);
        Files.writeString(workDir.resolve("meta/containers/c-4"), "pid=1\n"); // no header at all
        Path leftover = workDir.resolve("meta/containers/.c-5.tmp");
        Files.writeString(leftover, "half a rec");                           // a write the crash interrupted

        Checkpointer.Recovered r = new Checkpointer(workDir).load();

        assertEquals(Optional.of(AgentId.of("a-1")), r.agentId());
        assertEquals(List.of(ContainerId.of("c-2")), r.containers().stream().map(Checkpointer.Container::id)
                .collect(Collectors.toList()));
        assertEquals(3, r.ignored().size());
        assertTrue(r.ignored().get(0), r.ignored().get(0).startsWith(torn + ": torn"));
        assertTrue(r.ignored().get(1), r.ignored().get(1).startsWith(flipped + ": torn: its checksum"));
        assertTrue(r.ignored().get(2), r.ignored().get(2).contains("c-4: no 'allot-checkpoint 1' header"));
        assertFalse("a leftover temporary file is removed", Files.exists(leftover));
    }

    @Test
    public void idsThatAreNotFileNamesAreEscapedAndStayInsideTheCheckpoint() throws Exception {
        Path workDir = tmp.newFolder().toPath();
        Checkpointer cp = new Checkpointer(workDir);
        TaskKey evil = new TaskKey(FrameworkId.of(".."), TaskId.of("../../x"));
        StatusUpdate lost = update("../../x", TaskState.TASK_LOST);

        cp.saveUpdates(evil, List.of(lost));

        assertEquals(List.of("meta/updates/%2E./%2E.%2F..%2Fx"), files(workDir));
        assertEquals(Map.of(evil, List.of(lost)), new Checkpointer(workDir).load().updates());
        cp.saveUpdates(evil, List.of());
        assertEquals(List.of(), files(workDir));
    }

    @Test
    public void fileNamesKeepPlainIdsReadable() {
        assertEquals("t-1_a.b", Checkpointer.fileName("t-1_a.b"));
        assertEquals("%2Ehidden", Checkpointer.fileName(".hidden"));
        assertEquals("a%20b%C3%A9", Checkpointer.fileName("a bé"));
    }

    private static Checkpointer.Container container(String id, Optional<TaskId> task, Optional<ExecutorInfo> executor) {
        return new Checkpointer.Container(ContainerId.of(id), 42, "posix", FID, Path.of("/tmp/sandbox-" + id),
                Resources.parse("cpus:0.5;mem:64"), task, executor);
    }

    private static StatusUpdate update(String taskId, TaskState state) {
        return StatusUpdate.newBuilder().setFrameworkId(FID.value()).setStatus(TaskStatus.newBuilder()
                .setTaskId(taskId).setState(state).setUuid(Agent.uuidBytes(UUID.randomUUID()))).build();
    }

    /** The regular files under the work dir, relative, sorted. */
    private static List<String> files(Path workDir) throws Exception {
        try (Stream<Path> all = Files.walk(workDir)) {
            return all.filter(Files::isRegularFile).map(p -> workDir.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    public void aTaskNamedLikeATemporaryFileSurvivesARestartAndIsNotOverwrittenByAnother() throws Exception {
        Path workDir = tmp.newFolder().toPath();
        Checkpointer cp = new Checkpointer(workDir);
        TaskKey dotTmp = new TaskKey(FrameworkId.of("f-1"), TaskId.of("job.tmp"));
        TaskKey job = new TaskKey(FrameworkId.of("f-1"), TaskId.of("job"));
        cp.saveUpdates(dotTmp, List.of(tmpNameUpdate("job.tmp", TaskState.TASK_FINISHED)));
        cp.saveUpdates(job, List.of(tmpNameUpdate("job", TaskState.TASK_RUNNING)));

        Checkpointer.Recovered r = new Checkpointer(workDir).load();
        assertEquals("both tasks' updates are recovered", 2, r.updates().size());
        assertEquals(1, r.updates().get(dotTmp).size());
    }

    private static StatusUpdate tmpNameUpdate(String taskId, TaskState state) {
        return StatusUpdate.newBuilder().setFrameworkId("f-1").setStatus(TaskStatus
                .newBuilder().setTaskId(taskId).setState(state).setUuid(Agent.uuidBytes(UUID.randomUUID())))
                .build();
    }
}
