package org.allot.agent.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.FrameworkId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Acknowledge;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.FrameworkInfo;
import org.allot.protocol.proto.KillTask;
import org.allot.protocol.proto.RunTask;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.Subscribe;
import org.allot.protocol.proto.TaskStatus;
import org.junit.Test;

import com.google.protobuf.ByteString;

/** What the agent decodes from the master and from executors, and how it refuses the rest. */
public class DecoderTest {

    private static final String FID = "f-1";

    private record Case(String name, Envelope envelope, String expectedReasonPart) {
    }

    @Test
    public void invalidMessagesFromTheMasterAreRefusedWithAReasonNamingTheValue() {
        List<Case> cases = List.of(
                new Case("unexpected kind", Envelope.newBuilder().setSubscribe(Subscribe.getDefaultInstance()).build(),
                        "an agent does not expect SUBSCRIBE"),
                new Case("kill with an empty framework id", Envelope.newBuilder().setKillTask(KillTask.newBuilder()
                        .setTaskId("t-1")).build(), "framework_id is empty"),
                new Case("kill with a control character", Envelope.newBuilder().setKillTask(KillTask.newBuilder()
                        .setFrameworkId(FID).setTaskId("t\u0001")).build(), "invalid task id 't\\u0001'"),
                new Case("short uuid", Envelope.newBuilder().setAcknowledge(Acknowledge.newBuilder()
                        .setFrameworkId(FID).setTaskId("t-1").setUuid(ByteString.copyFromUtf8("abc"))).build(),
                        "has a 3-byte uuid"),
                new Case("run task without framework", Envelope.newBuilder().setRunTask(RunTask.newBuilder()
                        .setTask(runTask("t-1").getRunTask().getTask())).build(), "framework_id is empty"));
        for (Case c : cases) {
            Inbound.FromMaster m = Decoder.fromMaster(c.envelope());
            assertTrue(c.name() + ": " + m, m instanceof Inbound.Refused);
            assertTrue(c.name() + ": " + m, ((Inbound.Refused) m).reason().contains(c.expectedReasonPart()));
        }
    }

    @Test
    public void aTaskThatCannotRunHereIsDecodedForTaskErrorNotDropped() {
        record Invalid(String name, String taskId, Optional<TaskId> expectedId, String expectedReasonPart) {
        }
        List<Invalid> cases = List.of(
                new Invalid("parent directory", "../x", Optional.of(TaskId.of("../x")), "task id '../x' cannot name"),
                new Invalid("absolute", "/etc/x", Optional.of(TaskId.of("/etc/x")), "it contains '/'"),
                new Invalid("too long", "x".repeat(256), Optional.of(TaskId.of("x".repeat(256))), "longer than 255"),
                new Invalid("not a task id", "t\u0007", Optional.empty(), "invalid task id 't\\u0007'"));
        for (Invalid c : cases) {
            Envelope run = runTask("t-1");
            Envelope env = run.toBuilder().setRunTask(run.getRunTask().toBuilder().setTask(run.getRunTask().getTask()
                    .toBuilder().setTaskId(c.taskId()))).build();
            Inbound.FromMaster m = Decoder.fromMaster(env);
            assertTrue(c.name() + ": " + m, m instanceof Inbound.InvalidTask);
            Inbound.InvalidTask invalid = (Inbound.InvalidTask) m;
            assertEquals(c.name(), c.expectedId(), invalid.taskId());
            assertEquals(c.name(), c.taskId(), invalid.rawTaskId());
            assertTrue(c.name() + ": " + invalid.reason(), invalid.reason().contains(c.expectedReasonPart()));
        }
    }

    @Test
    public void validMessagesBecomeTheirRecords() {
        Inbound.FromMaster run = Decoder.fromMaster(runTask("t-1"));
        assertEquals(TaskId.of("t-1"), ((Inbound.RunTask) run).task().id());
        assertEquals("a kill without a reason is the scheduler's",
                new Inbound.KillTask(new TaskKey(FrameworkId.of(FID), TaskId.of("t-1")),
                        org.allot.api.TaskStatus.Reason.KILLED_BY_USER, ""),
                Decoder.fromMaster(Envelope.newBuilder().setKillTask(KillTask.newBuilder().setFrameworkId(FID)
                        .setTaskId("t-1")).build()));
        assertEquals(new Inbound.KillTask(new TaskKey(FrameworkId.of(FID), TaskId.of("t-1")),
                        org.allot.api.TaskStatus.Reason.REVOKED, "prod below its guarantee"),
                Decoder.fromMaster(org.allot.protocol.Messages.killTask(FrameworkId.of(FID), TaskId.of("t-1"),
                        org.allot.api.TaskStatus.Reason.REVOKED, "prod below its guarantee")));
        Inbound.FromExecutor status = Decoder.fromExecutor(Envelope.newBuilder().setStatusUpdate(StatusUpdate
                .newBuilder().setFrameworkId(FID).setStatus(TaskStatus.newBuilder().setTaskId("t-1")
                        .setState(org.allot.protocol.proto.TaskState.TASK_RUNNING)
                        .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setTimestampMillis(1)
                        .setUuid(Agent.uuidBytes(java.util.UUID.randomUUID())))).build());
        assertEquals(TaskId.of("t-1"), ((Inbound.ExecutorStatus) status).status().taskId());
        Inbound.FromExecutor refused = Decoder.fromExecutor(runTask("t-1"));
        assertEquals(new Inbound.Refused("RUN_TASK", "an executor may not send RUN_TASK to its agent"), refused);
    }

    private static Envelope runTask(String taskId) {
        TaskInfo task = TaskInfo.ofCommand(TaskId.of(taskId), taskId, AgentId.of("a-1"), Resources.parse("cpus:0.1"),
                CommandInfo.shell("true"));
        return Envelope.newBuilder().setRunTask(RunTask.newBuilder().setFramework(FrameworkInfo.newBuilder()
                .setFrameworkId(FID).setName("test")).setTask(Wire.toProto(task, FrameworkId.of(FID)))).build();
    }
}
