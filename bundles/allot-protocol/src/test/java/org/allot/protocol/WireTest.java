package org.allot.protocol;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.allot.api.AgentId;
import org.allot.api.AgentInfo;
import org.allot.api.Attributes;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.ExecutorInfo;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Offer;
import org.allot.api.OfferConstraints;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.junit.Test;

public class WireTest {

    private static final Resources FULL = Resources.parse(
            "cpus:2.5;cpus(prod):0.001;mem:1024;ports:[31000-31005,32000-32000];disks(prod):{a,b}");
    private static final Attributes ATTRS = Attributes.parse("rack:r1;zone:eu west");
    private static final CommandInfo SHELL = CommandInfo.shell("echo hello && sleep 1")
            .withEnvironment(Map.of("A", "1", "B", ""));
    private static final CommandInfo ARGV = CommandInfo.argv(List.of("/bin/sleep", "10", "--flag=x y"));
    private static final ExecutorInfo EXECUTOR = new ExecutorInfo(ExecutorId.of("e-1"), "my executor", ARGV,
            Resources.parse("cpus:0.1;mem:32"));

    // ----- round trips: api -> proto -> bytes -> proto -> api -----

    @Test
    public void resourcesRoundTrip() throws Exception {
        assertEquals(FULL, Wire.resources(reparse(Wire.toProto(FULL))));
        assertEquals(Resources.empty(), Wire.resources(Wire.toProto(Resources.empty())));
        assertTrue(Wire.toProto(Resources.empty()).isEmpty());
    }

    @Test
    public void resourcesUseFixedPointAndDefaultRole() {
        List<org.allot.protocol.proto.Resource> wire = Wire.toProto(Resources.parse("cpus:1.5"));
        assertEquals(1, wire.size());
        assertEquals(1500, wire.get(0).getScalarMillis());
        org.allot.protocol.proto.Resource noRole = org.allot.protocol.proto.Resource.newBuilder()
                .setName("cpus").setScalarMillis(300).build();
        assertEquals(Resources.parse("cpus:0.3"), Wire.resources(List.of(noRole)));
        assertEquals(Resources.parse("cpus:0.3").entries().get(0), Wire.fromProto(noRole));
        // Zero entries disappear, as in Resources.
        assertEquals(Resources.empty(), Wire.resources(List.of(noRole.toBuilder().setScalarMillis(0).build())));
    }

    @Test
    public void attributesRoundTrip() throws Exception {
        List<org.allot.protocol.proto.Attribute> wire = Wire.toProto(ATTRS);
        List<org.allot.protocol.proto.Attribute> back = new ArrayList<>();
        for (org.allot.protocol.proto.Attribute a : wire) {
            back.add(org.allot.protocol.proto.Attribute.parseFrom(a.toByteArray()));
        }
        assertEquals(ATTRS, Wire.attributes(back));
        assertEquals(Attributes.empty(), Wire.attributes(Wire.toProto(Attributes.empty())));
    }

    @Test
    public void scalarAndRangeAttributesReadAsText() {
        List<org.allot.protocol.proto.Attribute> wire = List.of(
                org.allot.protocol.proto.Attribute.newBuilder().setName("weight").setScalarMillis(1500).build(),
                org.allot.protocol.proto.Attribute.newBuilder().setName("slots").setRanges(ranges(1, 5, 8, 9)).build());
        assertEquals(Attributes.parse("weight:1.5;slots:[1-5,8-9]"), Wire.attributes(wire));
    }

    @Test
    public void agentInfoRoundTrip() throws Exception {
        AgentInfo full = new AgentInfo(Optional.of(AgentId.of("a-1")), "host1", 5051, FULL, ATTRS);
        AgentInfo bare = AgentInfo.unregistered("host2", 1, Resources.empty());
        for (AgentInfo a : List.of(full, bare)) {
            org.allot.protocol.proto.AgentInfo p = Wire.toProto(a);
            assertEquals(a, Wire.fromProto(org.allot.protocol.proto.AgentInfo.parseFrom(p.toByteArray())));
        }
        assertEquals("", Wire.toProto(bare).getAgentId());
    }

    @Test
    public void frameworkInfoRoundTrip() throws Exception {
        FrameworkInfo full = FrameworkInfo.builder("spark", "alice").role("prod").principal("spark-principal")
                .failoverTimeout(Duration.ofMinutes(5)).capability("PARTITION_AWARE").capability("TASK_KILLING_STATE")
                .capability("REVOCABLE_RESOURCES").capability("MULTI_ROLE").id(FrameworkId.of("f-1"))
                .hostname("sched.example").build();
        FrameworkInfo bare = FrameworkInfo.builder("shell", "bob").build();
        for (FrameworkInfo f : List.of(full, bare)) {
            org.allot.protocol.proto.FrameworkInfo p = Wire.toProto(f);
            assertEquals(f, Wire.fromProto(org.allot.protocol.proto.FrameworkInfo.parseFrom(p.toByteArray())));
            assertFalse(p.hasOfferConstraints());
        }
        org.allot.protocol.proto.FrameworkInfo p = Wire.toProto(full);
        assertEquals(300_000, p.getFailoverTimeoutMillis());
        assertEquals(4, p.getCapabilitiesCount());
    }

    @Test
    public void frameworkInfoCarriesOfferConstraints() throws Exception {
        FrameworkInfo f = FrameworkInfo.builder("spark", "alice").build();
        OfferConstraints c = OfferConstraints.none().withAllowedAgents(List.of("a-1", "host2"))
                .withMinimumFree(Resources.parse("cpus:1;mem:512"));
        org.allot.protocol.proto.FrameworkInfo p = org.allot.protocol.proto.FrameworkInfo.parseFrom(
                Wire.toProto(f, c).toByteArray());
        assertEquals(f, Wire.fromProto(p));
        assertEquals(c, Wire.fromProto(p.getOfferConstraints()));
        assertEquals(OfferConstraints.none(), Wire.fromProto(Wire.toProto(f).getOfferConstraints()));
    }

    @Test
    public void unknownCapabilityIsRefusedOnTheWayOut() {
        FrameworkInfo f = FrameworkInfo.builder("spark", "alice").capability("GPU_RESOURCES").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wire.toProto(f));
        assertTrue(e.getMessage(), e.getMessage().contains("FrameworkInfo.capabilities has 'GPU_RESOURCES'"));
    }

    @Test
    public void offerConstraintsRoundTrip() throws Exception {
        OfferConstraints full = OfferConstraints.none().withAllowedAgents(List.of("a-1", "host2"))
                .withMinimumFree(FULL);
        for (OfferConstraints c : List.of(full, OfferConstraints.none())) {
            assertEquals(c, Wire.fromProto(org.allot.protocol.proto.OfferConstraints.parseFrom(
                    Wire.toProto(c).toByteArray())));
        }
    }

    @Test
    public void emptyAllowListCannotBeSentBecauseTheWireReadsItAsNoConstraint() {
        OfferConstraints nowhere = OfferConstraints.none().withAllowedAgents(List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wire.toProto(nowhere));
        assertTrue(e.getMessage(), e.getMessage().startsWith("OfferConstraints.allowed_agent_ids"));
    }

    @Test
    public void offerRoundTrip() throws Exception {
        Offer full = new Offer(OfferId.of("o-1"), FrameworkId.of("f-1"), AgentId.of("a-1"), "host1", FULL, ATTRS);
        Offer bare = new Offer(OfferId.of("o-2"), FrameworkId.of("f-1"), AgentId.of("a-1"), "host1",
                Resources.parse("cpus:1"), Attributes.empty());
        for (Offer o : List.of(full, bare)) {
            assertEquals(o, Wire.fromProto(org.allot.protocol.proto.Offer.parseFrom(Wire.toProto(o).toByteArray())));
        }
        org.allot.protocol.proto.Offer withExecutors = Wire.toProto(full, List.of(ExecutorId.of("e-1")));
        assertEquals(List.of("e-1"), withExecutors.getExecutorIdsList());
        assertEquals(full, Wire.fromProto(withExecutors));
    }

    @Test
    public void commandInfoRoundTrip() throws Exception {
        CommandInfo bareShell = CommandInfo.shell("true");
        CommandInfo bareArgv = CommandInfo.argv(List.of("/bin/true"));
        for (CommandInfo c : List.of(SHELL, ARGV, bareShell, bareArgv)) {
            assertEquals(c, Wire.fromProto(org.allot.protocol.proto.CommandInfo.parseFrom(
                    Wire.toProto(c).toByteArray())));
        }
        org.allot.protocol.proto.CommandInfo p = Wire.toProto(ARGV);
        assertEquals("/bin/sleep", p.getValue());
        assertEquals(List.of("10", "--flag=x y"), p.getArgumentsList());
        assertFalse(p.getShell());
    }

    @Test
    public void executorInfoRoundTrip() throws Exception {
        ExecutorInfo bare = new ExecutorInfo(ExecutorId.of("e-2"), "x", CommandInfo.shell("run"), Resources.empty());
        for (ExecutorInfo e : List.of(EXECUTOR, bare)) {
            org.allot.protocol.proto.ExecutorInfo p = Wire.toProto(e, FrameworkId.of("f-7"));
            assertEquals("f-7", p.getFrameworkId());
            assertEquals(e, Wire.fromProto(org.allot.protocol.proto.ExecutorInfo.parseFrom(p.toByteArray())));
            assertEquals(e, Wire.fromProto(Wire.toProto(e)));
            assertEquals("", Wire.toProto(e).getFrameworkId());
        }
    }

    @Test
    public void taskInfoRoundTrip() throws Exception {
        TaskInfo command = TaskInfo.ofCommand(TaskId.of("t-1"), "task one", AgentId.of("a-1"), FULL, SHELL)
                .withData(new byte[] {0, 1, 2, (byte) 0xff});
        TaskInfo executor = TaskInfo.ofExecutor(TaskId.of("t-2"), "task two", AgentId.of("a-1"),
                Resources.parse("cpus:1"), EXECUTOR);
        for (TaskInfo t : List.of(command, executor)) {
            assertEquals(t, Wire.fromProto(org.allot.protocol.proto.TaskInfo.parseFrom(Wire.toProto(t).toByteArray())));
        }
        assertEquals("f-3", Wire.toProto(executor, FrameworkId.of("f-3")).getExecutor().getFrameworkId());
        assertEquals(executor, Wire.fromProto(Wire.toProto(executor, FrameworkId.of("f-3"))));
        assertTrue(Wire.toProto(executor).getData().isEmpty());
    }

    @Test
    public void taskStatusRoundTrip() throws Exception {
        UUID uuid = UUID.randomUUID();
        TaskStatus full = TaskStatus.builder(TaskId.of("t-1"), TaskState.FAILED, TaskStatus.Source.EXECUTOR,
                        Instant.ofEpochMilli(1_700_000_000_123L))
                .reason(TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY).message("out of memory")
                .agentId(AgentId.of("a-1")).executorId(ExecutorId.of("e-1")).uuid(uuid).data(new byte[] {9, 8})
                .build();
        TaskStatus bare = TaskStatus.builder(TaskId.of("t-2"), TaskState.UNKNOWN, TaskStatus.Source.MASTER,
                Instant.ofEpochMilli(0)).build();
        for (TaskStatus s : List.of(full, bare)) {
            assertEquals(s, Wire.fromProto(org.allot.protocol.proto.TaskStatus.parseFrom(Wire.toProto(s).toByteArray())));
        }
        org.allot.protocol.proto.TaskStatus p = Wire.toProto(full);
        assertEquals(16, p.getUuid().size());
        assertEquals(1_700_000_000_123L, p.getTimestampMillis());
        assertTrue(Wire.toProto(bare).getUuid().isEmpty());
        assertEquals(org.allot.protocol.proto.TaskStatus.Reason.REASON_UNSPECIFIED, Wire.toProto(bare).getReason());
    }

    @Test
    public void timestampsTravelInMilliseconds() {
        TaskStatus s = TaskStatus.builder(TaskId.of("t-1"), TaskState.RUNNING, TaskStatus.Source.AGENT,
                Instant.ofEpochMilli(5).plusNanos(999)).build();
        assertEquals(Instant.ofEpochMilli(5), Wire.fromProto(Wire.toProto(s)).timestamp());
    }

    @Test
    public void everyTaskStateMapsByNameBothWays() {
        for (TaskState state : TaskState.values()) {
            org.allot.protocol.proto.TaskState p = Wire.toProto(state);
            assertEquals("TASK_" + state.name(), p.name());
            assertEquals(state, Wire.fromProto(p));
        }
        assertEquals(TaskState.values().length, org.allot.protocol.proto.TaskState.values().length - 2);
    }

    @Test
    public void everySourceAndReasonMapsByNameBothWays() {
        for (TaskStatus.Source source : TaskStatus.Source.values()) {
            TaskStatus s = TaskStatus.builder(TaskId.of("t"), TaskState.RUNNING, source, Instant.EPOCH).build();
            assertEquals("SOURCE_" + source.name(), Wire.toProto(s).getSource().name());
            assertEquals(s, Wire.fromProto(Wire.toProto(s)));
        }
        EnumSet<org.allot.protocol.proto.TaskStatus.Reason> seen =
                EnumSet.noneOf(org.allot.protocol.proto.TaskStatus.Reason.class);
        for (TaskStatus.Reason reason : TaskStatus.Reason.values()) {
            TaskStatus s = TaskStatus.builder(TaskId.of("t"), TaskState.FAILED, TaskStatus.Source.AGENT, Instant.EPOCH)
                    .reason(reason).build();
            org.allot.protocol.proto.TaskStatus.Reason p = Wire.toProto(s).getReason();
            assertEquals("REASON_" + reason.name(), p.name());
            assertEquals(s, Wire.fromProto(Wire.toProto(s)));
            seen.add(p);
        }
        // Every wire reason but UNSPECIFIED and UNRECOGNIZED has an API counterpart.
        assertEquals(org.allot.protocol.proto.TaskStatus.Reason.values().length - 2, seen.size());
    }

    // ----- invalid input: each case must name its field -----

    private static final class Case {
        final String name;
        final Runnable convert;
        final String expected;

        Case(String name, Runnable convert, String expected) {
            this.name = name;
            this.convert = convert;
            this.expected = expected;
        }
    }

    private static <T> Case invalid(String name, T input, Function<T, ?> convert, String expected) {
        return new Case(name, () -> convert.apply(input), expected);
    }

    @Test
    public void invalidInputIsRefusedNamingTheField() {
        org.allot.protocol.proto.TaskInfo task = Wire.toProto(
                TaskInfo.ofCommand(TaskId.of("t-1"), "t", AgentId.of("a-1"), Resources.parse("cpus:1"), SHELL));
        org.allot.protocol.proto.TaskStatus status = Wire.toProto(TaskStatus.builder(TaskId.of("t-1"),
                TaskState.RUNNING, TaskStatus.Source.AGENT, Instant.EPOCH).build());
        org.allot.protocol.proto.AgentInfo agent = Wire.toProto(AgentInfo.unregistered("h", 5051, FULL));
        org.allot.protocol.proto.FrameworkInfo framework = Wire.toProto(FrameworkInfo.builder("n", "u").build());
        org.allot.protocol.proto.Offer offer = Wire.toProto(new Offer(OfferId.of("o-1"), FrameworkId.of("f-1"),
                AgentId.of("a-1"), "h", Resources.parse("cpus:1"), Attributes.empty()));
        org.allot.protocol.proto.ExecutorInfo executor = Wire.toProto(EXECUTOR);
        org.allot.protocol.proto.Resource cpus = org.allot.protocol.proto.Resource.newBuilder()
                .setName("cpus").setScalarMillis(1000).build();
        org.allot.protocol.proto.Resource ports = org.allot.protocol.proto.Resource.newBuilder()
                .setName("ports").setRanges(ranges(1, 5)).build();

        List<Case> cases = List.of(
                invalid("negative scalar", List.of(cpus.toBuilder().setScalarMillis(-5).build()), Wire::resources,
                        "Resource[0].scalar_millis is -5 for 'cpus'"),
                invalid("reversed range", List.of(ports.toBuilder().setRanges(ranges(9, 3)).build()), Wire::resources,
                        "Resource[0].ranges[0] 9-3 for 'ports' is reversed"),
                invalid("range above long", List.of(ports.toBuilder().setRanges(ranges(1, -1)).build()),
                        Wire::resources, "Resource[0].ranges[0] 1-18446744073709551615 for 'ports' has a bound above"),
                invalid("overlapping ranges", List.of(ports.toBuilder().setRanges(ranges(1, 5, 3, 8)).build()),
                        Wire::resources, "Resource[0] is invalid: invalid ranges for ports"),
                invalid("resource without value", List.of(cpus.toBuilder().clearScalarMillis().build()),
                        Wire::resources, "Resource[0].value is not set for 'cpus'"),
                invalid("resource without name", List.of(cpus.toBuilder().setName("").build()), Wire::resources,
                        "Resource[0].name is empty"),
                invalid("bad resource name", List.of(cpus.toBuilder().setName("c:pus").build()), Wire::resources,
                        "Resource[0] is invalid: invalid resource name 'c:pus'"),
                invalid("bad role", List.of(cpus.toBuilder().setRole("a*b").build()), Wire::resources,
                        "Resource[0] is invalid: invalid role 'a*b'"),
                invalid("duplicate set item", List.of(org.allot.protocol.proto.Resource.newBuilder().setName("disks")
                                .setSet(org.allot.protocol.proto.Resource.Set.newBuilder().addItem("a").addItem("a"))
                                .build()), Wire::resources, "Resource[0] is invalid: invalid set disks"),
                invalid("duplicate resource", List.of(cpus, cpus), Wire::resources,
                        "Resource[1] repeats cpus(*) already given at index 0"),
                invalid("single resource negative", cpus.toBuilder().setScalarMillis(-1).build(),
                        (Function<org.allot.protocol.proto.Resource, ?>) Wire::fromProto, "Resource.scalar_millis is -1"),
                invalid("attribute without value",
                        List.of(org.allot.protocol.proto.Attribute.newBuilder().setName("rack").build()),
                        Wire::attributes, "Attribute[0].value is not set for 'rack'"),
                invalid("duplicate attribute", List.of(
                                org.allot.protocol.proto.Attribute.newBuilder().setName("rack").setText("r1").build(),
                                org.allot.protocol.proto.Attribute.newBuilder().setName("rack").setText("r2").build()),
                        Wire::attributes, "Attribute[1] repeats the name 'rack'"),
                invalid("attribute with bad value", List.of(
                                org.allot.protocol.proto.Attribute.newBuilder().setName("rack").setText("a;b").build()),
                        Wire::attributes, "Attribute is invalid: invalid attribute 'rack:a;b'"),
                invalid("agent without hostname", agent.toBuilder().setHostname("").build(),
                        (Function<org.allot.protocol.proto.AgentInfo, ?>) Wire::fromProto, "AgentInfo.hostname is empty"),
                invalid("agent port", agent.toBuilder().setPort(70000).build(),
                        (Function<org.allot.protocol.proto.AgentInfo, ?>) Wire::fromProto, "AgentInfo.port 70000 is invalid"),
                invalid("agent id with blank", agent.toBuilder().setAgentId("a 1").build(),
                        (Function<org.allot.protocol.proto.AgentInfo, ?>) Wire::fromProto,
                        "AgentInfo.agent_id 'a 1' is invalid"),
                invalid("agent negative resource", agent.toBuilder().setResources(0, cpus.toBuilder().setScalarMillis(-2))
                                .build(), (Function<org.allot.protocol.proto.AgentInfo, ?>) Wire::fromProto,
                        "AgentInfo.resources[0].scalar_millis is -2"),
                invalid("framework without name", framework.toBuilder().setName("").build(),
                        (Function<org.allot.protocol.proto.FrameworkInfo, ?>) Wire::fromProto,
                        "FrameworkInfo.name is empty"),
                invalid("framework without user", framework.toBuilder().setUser(" ").build(),
                        (Function<org.allot.protocol.proto.FrameworkInfo, ?>) Wire::fromProto,
                        "FrameworkInfo.user is empty"),
                invalid("negative failover", framework.toBuilder().setFailoverTimeoutMillis(-1).build(),
                        (Function<org.allot.protocol.proto.FrameworkInfo, ?>) Wire::fromProto,
                        "FrameworkInfo.failover_timeout_millis is -1"),
                invalid("unspecified capability", framework.toBuilder().addCapabilitiesValue(0).build(),
                        (Function<org.allot.protocol.proto.FrameworkInfo, ?>) Wire::fromProto,
                        "FrameworkInfo.capabilities has 0"),
                invalid("unknown capability", framework.toBuilder().addCapabilitiesValue(99).build(),
                        (Function<org.allot.protocol.proto.FrameworkInfo, ?>) Wire::fromProto,
                        "FrameworkInfo.capabilities has 99"),
                invalid("bad framework role", framework.toBuilder().setRole("a b").build(),
                        (Function<org.allot.protocol.proto.FrameworkInfo, ?>) Wire::fromProto,
                        "FrameworkInfo is invalid: invalid role 'a b'"),
                invalid("empty allowed agent", org.allot.protocol.proto.OfferConstraints.newBuilder()
                                .addAllowedAgentIds("").build(),
                        (Function<org.allot.protocol.proto.OfferConstraints, ?>) Wire::fromProto,
                        "OfferConstraints.allowed_agent_ids[0] is empty"),
                invalid("negative minimum", org.allot.protocol.proto.OfferConstraints.newBuilder()
                                .addMinimumFreeResources(cpus.toBuilder().setScalarMillis(-3)).build(),
                        (Function<org.allot.protocol.proto.OfferConstraints, ?>) Wire::fromProto,
                        "OfferConstraints.minimum_free_resources[0].scalar_millis is -3"),
                invalid("offer without id", offer.toBuilder().setOfferId("").build(),
                        (Function<org.allot.protocol.proto.Offer, ?>) Wire::fromProto, "Offer.offer_id is empty"),
                invalid("offer without framework", offer.toBuilder().setFrameworkId("").build(),
                        (Function<org.allot.protocol.proto.Offer, ?>) Wire::fromProto, "Offer.framework_id is empty"),
                invalid("offer without agent", offer.toBuilder().setAgentId("").build(),
                        (Function<org.allot.protocol.proto.Offer, ?>) Wire::fromProto, "Offer.agent_id is empty"),
                invalid("offer of nothing", offer.toBuilder().clearResources().build(),
                        (Function<org.allot.protocol.proto.Offer, ?>) Wire::fromProto, "Offer.resources is empty"),
                invalid("command without value", org.allot.protocol.proto.CommandInfo.newBuilder().build(),
                        (Function<org.allot.protocol.proto.CommandInfo, ?>) Wire::fromProto, "CommandInfo.value is empty"),
                invalid("shell with arguments", org.allot.protocol.proto.CommandInfo.newBuilder().setValue("ls")
                                .setShell(true).addArguments("-l").build(),
                        (Function<org.allot.protocol.proto.CommandInfo, ?>) Wire::fromProto,
                        "CommandInfo.arguments has 1 entries"),
                invalid("command user", org.allot.protocol.proto.CommandInfo.newBuilder().setValue("ls")
                                .setUser("root").build(),
                        (Function<org.allot.protocol.proto.CommandInfo, ?>) Wire::fromProto,
                        "CommandInfo.user 'root' is not supported"),
                invalid("bad environment", org.allot.protocol.proto.CommandInfo.newBuilder().setValue("ls")
                                .putEnvironment("A=B", "x").build(),
                        (Function<org.allot.protocol.proto.CommandInfo, ?>) Wire::fromProto,
                        "CommandInfo is invalid: invalid environment variable name 'A=B'"),
                invalid("executor without id", executor.toBuilder().setExecutorId("").build(),
                        (Function<org.allot.protocol.proto.ExecutorInfo, ?>) Wire::fromProto,
                        "ExecutorInfo.executor_id is empty"),
                invalid("executor without command", executor.toBuilder().clearCommand().build(),
                        (Function<org.allot.protocol.proto.ExecutorInfo, ?>) Wire::fromProto,
                        "ExecutorInfo.command is not set"),
                invalid("executor without name", executor.toBuilder().setName("").build(),
                        (Function<org.allot.protocol.proto.ExecutorInfo, ?>) Wire::fromProto,
                        "ExecutorInfo.name is empty"),
                invalid("task without id", task.toBuilder().setTaskId("").build(),
                        (Function<org.allot.protocol.proto.TaskInfo, ?>) Wire::fromProto, "TaskInfo.task_id is empty"),
                invalid("task id with control char", task.toBuilder().setTaskId("t\n1").build(),
                        (Function<org.allot.protocol.proto.TaskInfo, ?>) Wire::fromProto,
                        "TaskInfo.task_id 't\\u000a1' is invalid"),
                invalid("task without agent", task.toBuilder().setAgentId("").build(),
                        (Function<org.allot.protocol.proto.TaskInfo, ?>) Wire::fromProto, "TaskInfo.agent_id is empty"),
                invalid("task without name", task.toBuilder().setName("").build(),
                        (Function<org.allot.protocol.proto.TaskInfo, ?>) Wire::fromProto, "TaskInfo.name is empty"),
                invalid("task without resources", task.toBuilder().clearResources().build(),
                        (Function<org.allot.protocol.proto.TaskInfo, ?>) Wire::fromProto, "TaskInfo.resources is empty"),
                invalid("task with command and executor", task.toBuilder().setExecutor(executor).build(),
                        (Function<org.allot.protocol.proto.TaskInfo, ?>) Wire::fromProto,
                        "TaskInfo.command and TaskInfo.executor are both set"),
                invalid("task with neither", task.toBuilder().clearCommand().build(),
                        (Function<org.allot.protocol.proto.TaskInfo, ?>) Wire::fromProto,
                        "TaskInfo.command and TaskInfo.executor are neither set"),
                invalid("task executor without id", task.toBuilder().clearCommand()
                                .setExecutor(executor.toBuilder().setExecutorId("")).build(),
                        (Function<org.allot.protocol.proto.TaskInfo, ?>) Wire::fromProto,
                        "TaskInfo.executor.executor_id is empty"),
                invalid("task command user", task.toBuilder().setCommand(task.getCommand().toBuilder().setUser("x"))
                                .build(), (Function<org.allot.protocol.proto.TaskInfo, ?>) Wire::fromProto,
                        "TaskInfo.command.user 'x'"),
                invalid("status without task id", status.toBuilder().setTaskId("").build(),
                        (Function<org.allot.protocol.proto.TaskStatus, ?>) Wire::fromProto, "TaskStatus.task_id is empty"),
                invalid("unspecified state", status.toBuilder().setStateValue(0).build(),
                        (Function<org.allot.protocol.proto.TaskStatus, ?>) Wire::fromProto,
                        "TaskStatus.state 0 is not a task state"),
                invalid("unknown state", status.toBuilder().setStateValue(42).build(),
                        (Function<org.allot.protocol.proto.TaskStatus, ?>) Wire::fromProto,
                        "TaskStatus.state 42 is not a task state"),
                invalid("unspecified source", status.toBuilder().setSourceValue(0).build(),
                        (Function<org.allot.protocol.proto.TaskStatus, ?>) Wire::fromProto, "TaskStatus.source 0"),
                invalid("unknown source", status.toBuilder().setSourceValue(7).build(),
                        (Function<org.allot.protocol.proto.TaskStatus, ?>) Wire::fromProto, "TaskStatus.source 7"),
                invalid("unknown reason", status.toBuilder().setReasonValue(1000).build(),
                        (Function<org.allot.protocol.proto.TaskStatus, ?>) Wire::fromProto,
                        "TaskStatus.reason 1000 is not a known reason"),
                invalid("short uuid", status.toBuilder().setUuid(ByteString.copyFrom(new byte[15])).build(),
                        (Function<org.allot.protocol.proto.TaskStatus, ?>) Wire::fromProto,
                        "TaskStatus.uuid has 15 bytes"),
                invalid("bad status agent id", status.toBuilder().setAgentId("a b").build(),
                        (Function<org.allot.protocol.proto.TaskStatus, ?>) Wire::fromProto,
                        "TaskStatus.agent_id 'a b' is invalid"),
                invalid("bare unspecified state", org.allot.protocol.proto.TaskState.TASK_STATE_UNSPECIFIED,
                        (Function<org.allot.protocol.proto.TaskState, ?>) Wire::fromProto, "TaskState 0 is not a task state"),
                invalid("bare unrecognized state", org.allot.protocol.proto.TaskState.UNRECOGNIZED,
                        (Function<org.allot.protocol.proto.TaskState, ?>) Wire::fromProto,
                        "TaskState UNRECOGNIZED is not a task state"));

        for (Case c : cases) {
            try {
                c.convert.run();
                fail(c.name + ": accepted, expected an error containing \"" + c.expected + "\"");
            } catch (IllegalArgumentException e) {
                assertTrue(c.name + ": message \"" + e.getMessage() + "\" does not contain \"" + c.expected + "\"",
                        e.getMessage() != null && e.getMessage().contains(c.expected));
            }
        }
        assertEquals(56, cases.size());
    }

    // ----- helpers -----

    private static org.allot.protocol.proto.Resource.Ranges ranges(long... bounds) {
        org.allot.protocol.proto.Resource.Ranges.Builder b = org.allot.protocol.proto.Resource.Ranges.newBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            b.addRange(org.allot.protocol.proto.Resource.Range.newBuilder().setBegin(bounds[i]).setEnd(bounds[i + 1]));
        }
        return b.build();
    }

    private static List<org.allot.protocol.proto.Resource> reparse(List<org.allot.protocol.proto.Resource> list)
            throws InvalidProtocolBufferException {
        org.allot.protocol.proto.AgentInfo carrier = org.allot.protocol.proto.AgentInfo.newBuilder()
                .addAllResources(list).build();
        List<org.allot.protocol.proto.Resource> back = org.allot.protocol.proto.AgentInfo.parseFrom(
                carrier.toByteArray()).getResourcesList();
        assertArrayEquals(carrier.toByteArray(), org.allot.protocol.proto.AgentInfo.newBuilder()
                .addAllResources(back).build().toByteArray());
        return back;
    }
}
