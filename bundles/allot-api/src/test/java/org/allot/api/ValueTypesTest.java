package org.allot.api;

import static org.allot.api.ResourcesTest.assertMessage;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.Test;

public class ValueTypesTest {

    private static final Resources TASK = Resources.parse("cpus:1;mem:128");
    private static final AgentId A1 = AgentId.of("a-1");

    // ----- AgentInfo -----

    @Test
    public void agentGetsItsIdOnRegistration() {
        AgentInfo unregistered = AgentInfo.unregistered("h1", AgentInfo.DEFAULT_PORT, Resources.parse("cpus:4"));
        assertEquals(Optional.empty(), unregistered.id());
        assertThrows(IllegalStateException.class, unregistered::requireId);
        AgentInfo registered = unregistered.withId(A1);
        assertEquals(A1, registered.requireId());
        assertEquals(unregistered.resources(), registered.resources());
    }

    @Test
    public void agentValidatesPortAndHostname() {
        assertMessage(() -> AgentInfo.unregistered("h1", 0, Resources.empty()), "port 0", "h1");
        assertMessage(() -> AgentInfo.unregistered("h1", 70000, Resources.empty()), "port 70000");
        assertMessage(() -> AgentInfo.unregistered(" ", 1, Resources.empty()), "hostname");
    }

    // ----- FrameworkInfo -----

    @Test
    public void frameworkDefaults() {
        FrameworkInfo f = FrameworkInfo.builder("spark", "alice").build();
        assertEquals("*", f.role());
        assertEquals(Duration.ZERO, f.failoverTimeout());
        assertEquals(Set.of(), f.capabilities());
        assertEquals(Optional.empty(), f.id());
        assertEquals(Optional.empty(), f.principal());
        assertEquals(Optional.empty(), f.hostname());
    }

    @Test
    public void frameworkBuilderRoundTripsAndAddsId() {
        FrameworkInfo f = FrameworkInfo.builder("spark", "alice").role("prod").principal("svc-spark")
                .failoverTimeout(Duration.ofMinutes(5)).capability("PARTITION_AWARE").hostname("sched-1").build();
        assertEquals(f, f.toBuilder().build());
        FrameworkInfo withId = f.withId(FrameworkId.of("f-1"));
        assertEquals(Optional.of(FrameworkId.of("f-1")), withId.id());
        assertTrue(withId.hasCapability("PARTITION_AWARE"));
        assertThrows(UnsupportedOperationException.class, () -> withId.capabilities().add("X"));
    }

    @Test
    public void frameworkValidation() {
        assertMessage(() -> FrameworkInfo.builder("", "alice").build(), "framework name");
        assertMessage(() -> FrameworkInfo.builder("spark", "alice").role("a b").build(), "'a b'");
        assertMessage(() -> FrameworkInfo.builder("spark", "alice").failoverTimeout(Duration.ofSeconds(-1)).build(),
                "PT-1S", "spark");
        assertMessage(() -> FrameworkInfo.builder("spark", "alice").capability("has space").build(), "'has space'");
    }

    // ----- Offer and OfferConstraints -----

    @Test
    public void offerMustOfferSomething() {
        assertMessage(() -> new Offer(OfferId.of("o-1"), FrameworkId.of("f-1"), A1, "h1", Resources.empty(),
                Attributes.empty()), "o-1", "f-1", "no resources");
    }

    @Test
    public void offerConstraintsAllowListMatchesIdOrHostname() {
        assertTrue(OfferConstraints.none().allows(A1, "h1"));
        OfferConstraints c = OfferConstraints.none().withAllowedAgents(List.of("a-2", "h1"));
        assertTrue(c.allows(A1, "h1"));
        assertTrue(c.allows(AgentId.of("a-2"), "h9"));
        assertFalse(c.allows(AgentId.of("a-3"), "h3"));
        assertFalse(OfferConstraints.none().withAllowedAgents(List.of()).allows(A1, "h1"));
        assertEquals(Resources.parse("cpus:1"),
                c.withMinimumFree(Resources.parse("cpus:1")).minimumFree());
        assertMessage(() -> OfferConstraints.none().withAllowedAgents(List.of("bad agent")), "'bad agent'");
    }

    // ----- CommandInfo, ExecutorInfo, TaskInfo -----

    @Test
    public void shellAndArgvCommands() {
        CommandInfo sh = CommandInfo.shell("echo hi && sleep 1");
        assertEquals(List.of("/bin/sh", "-c", "echo hi && sleep 1"), sh.toExecArgv());
        CommandInfo argv = CommandInfo.argv(List.of("/bin/sleep", "10")).withEnvironment(Map.of("A", "1"));
        assertFalse(argv.shell());
        assertEquals(List.of("/bin/sleep", "10"), argv.toExecArgv());
        assertEquals(Map.of("A", "1"), argv.environment());
        assertMessage(() -> CommandInfo.shell(" "), "command");
        assertMessage(() -> CommandInfo.argv(List.of()), "command");
        assertMessage(() -> new CommandInfo(true, List.of("a", "b"), Map.of()), "one command line");
        assertMessage(() -> sh.withEnvironment(Map.of("A=B", "1")), "'A=B'");
    }

    @Test
    public void taskNeedsExactlyOneOfCommandAndExecutor() {
        CommandInfo cmd = CommandInfo.shell("true");
        ExecutorInfo ex = new ExecutorInfo(ExecutorId.of("e-1"), "exec", cmd, Resources.empty());
        assertTrue(TaskInfo.ofCommand(TaskId.of("t1"), "t", A1, TASK, cmd).command().isPresent());
        assertTrue(TaskInfo.ofExecutor(TaskId.of("t1"), "t", A1, TASK, ex).executor().isPresent());
        assertMessage(() -> new TaskInfo(TaskId.of("t1"), "t", A1, TASK, Optional.of(cmd), Optional.of(ex), null),
                "t1", "both");
        assertMessage(() -> new TaskInfo(TaskId.of("t1"), "t", A1, TASK, Optional.empty(), Optional.empty(), null),
                "t1", "neither");
        assertMessage(() -> TaskInfo.ofCommand(TaskId.of("t1"), "t", A1, Resources.empty(), cmd), "t1",
                "no resources");
    }

    @Test
    public void taskDataIsCopiedDefensively() {
        byte[] bytes = {1, 2, 3};
        TaskInfo t = TaskInfo.ofCommand(TaskId.of("t1"), "t", A1, TASK, CommandInfo.shell("true")).withData(bytes);
        bytes[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, t.data());
        t.data()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, t.data());
        assertEquals(t, t.withData(new byte[] {1, 2, 3}));
        assertEquals(t.hashCode(), t.withData(new byte[] {1, 2, 3}).hashCode());
        assertNotEquals(t, t.withData(new byte[] {1}));
        assertEquals(0, t.withData(null).data().length);
    }

    // ----- TaskState and TaskStatus -----

    @Test
    public void terminalStates() {
        assertEquals(EnumSet.of(TaskState.FINISHED, TaskState.FAILED, TaskState.KILLED, TaskState.ERROR,
                TaskState.LOST, TaskState.DROPPED, TaskState.GONE),
                EnumSet.copyOf(List.of(TaskState.values()).stream().filter(TaskState::isTerminal).toList()));
    }

    @Test
    public void statusBuilderAndAcknowledgement() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        UUID uuid = UUID.randomUUID();
        byte[] bytes = {7};
        TaskStatus s = TaskStatus.builder(TaskId.of("t1"), TaskState.FAILED, TaskStatus.Source.AGENT, now)
                .reason(TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY).message("OOM at 128 MB").agentId(A1)
                .executorId(ExecutorId.of("e-1")).uuid(uuid).data(bytes).build();
        bytes[0] = 0;
        assertArrayEquals(new byte[] {7}, s.data());
        assertTrue(s.needsAcknowledgement());
        assertEquals(Optional.of(TaskStatus.Reason.CONTAINER_LIMITATION_MEMORY), s.reason());
        assertTrue(s.toString().contains("OOM at 128 MB"));
        TaskStatus reconciled = TaskStatus.builder(TaskId.of("t1"), TaskState.LOST, TaskStatus.Source.MASTER, now)
                .reason(TaskStatus.Reason.RECONCILIATION).build();
        assertFalse(reconciled.needsAcknowledgement());
        assertEquals("", reconciled.message());
        assertEquals(0, reconciled.data().length);
        assertNotEquals(s, reconciled);
    }
}
