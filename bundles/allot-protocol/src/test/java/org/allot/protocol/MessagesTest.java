package org.allot.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.protobuf.ByteString;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;

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
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Envelope.MessageCase;
import org.allot.protocol.proto.Error;
import org.junit.Test;

/**
 * Every {@link Messages} factory: the envelope survives serialization and reads back, through
 * {@link Wire}'s decoding side, as the values it was built from.
 */
public class MessagesTest {

    private static final FrameworkId FW = FrameworkId.of("f-1");
    private static final AgentId AGENT = AgentId.of("a-1");
    private static final TaskId TASK = TaskId.of("t-1");
    private static final ExecutorId EXEC = ExecutorId.of("e-1");
    private static final ByteString UUID_BYTES = ByteString.copyFrom(new byte[16]);
    private static final FrameworkInfo FRAMEWORK = FrameworkInfo.builder("spark", "alice").role("prod")
            .failoverTimeout(Duration.ofSeconds(30)).id(FW).build();
    private static final AgentInfo AGENT_INFO = AgentInfo.unregistered("host-1", 5051,
            Resources.parse("cpus:4;mem:4096")).withId(AGENT);
    private static final ExecutorInfo EXECUTOR = new ExecutorInfo(EXEC, "my executor",
            CommandInfo.argv(List.of("/bin/exec", "--x")), Resources.parse("cpus:0.1;mem:32"));
    private static final TaskInfo COMMAND_TASK = TaskInfo.ofCommand(TASK, "task one", AGENT,
            Resources.parse("cpus:1;mem:128"), CommandInfo.shell("sleep 1"));
    private static final TaskInfo EXECUTOR_TASK = TaskInfo.ofExecutor(TaskId.of("t-2"), "task two", AGENT,
            Resources.parse("cpus:1;mem:128"), EXECUTOR);
    private static final TaskStatus STATUS = TaskStatus.builder(TASK, TaskState.RUNNING, TaskStatus.Source.EXECUTOR,
            Instant.ofEpochMilli(1_000)).agentId(AGENT).executorId(EXEC).uuid(new UUID(1, 2))
            .reason(TaskStatus.Reason.RECONCILIATION).message("up").data(new byte[]{1, 2}).build();

    /** Serializes, parses back and checks the message case. */
    private static Envelope wire(Envelope e, MessageCase expected) throws Exception {
        Envelope back = Envelope.parseFrom(e.toByteArray());
        assertEquals(expected, back.getMessageCase());
        return back;
    }

    /** Every message a peer sends has a factory; the session messages are the protocol's own. */
    @Test
    public void everyPeerMessageHasAFactory() {
        List<Envelope> built = List.of(Messages.error(Error.Code.REFUSED, "r"),
                Messages.registerAgent(AGENT_INFO, "1"),
                Messages.reregisterAgent(AGENT_INFO, List.of(), List.of(), List.of(), "1"),
                Messages.agentRegistered(AGENT, "m"), Messages.agentReregistered(AGENT, "m"),
                Messages.subscribe(FRAMEWORK), Messages.subscribed(FW, "m", Duration.ofSeconds(1)),
                Messages.offers(List.of()), Messages.rescindOffer(OfferId.of("o"), "r"),
                Messages.accept(FW, List.of(), List.of(), OptionalDouble.empty()),
                Messages.decline(FW, List.of(), OptionalDouble.empty()), Messages.revive(FW), Messages.suppress(FW),
                Messages.kill(FW, TASK, Optional.empty()), Messages.updateOfferConstraints(FW, OfferConstraints.none()),
                Messages.reconcile(FW, List.of()), Messages.teardown(FW, "r"), Messages.runTask(FRAMEWORK, COMMAND_TASK, FW),
                Messages.killTask(FW, TASK), Messages.statusUpdate(FW, STATUS),
                Messages.acknowledge(FW, AGENT, TASK, UUID_BYTES), Messages.frameworkMessage(FW, EXEC, AGENT, UUID_BYTES),
                Messages.agentLost(AGENT, "r"), Messages.executorLost(FW, EXEC, AGENT, 0, "r"),
                Messages.registerExecutor(FW, EXEC), Messages.executorRegistered(EXECUTOR, FRAMEWORK, AGENT_INFO),
                Messages.inverseOffers(List.of()));
        Set<MessageCase> missing = EnumSet.allOf(MessageCase.class);
        missing.removeAll(EnumSet.of(MessageCase.HELLO, MessageCase.WELCOME, MessageCase.PING, MessageCase.PONG,
                MessageCase.MESSAGE_NOT_SET));
        built.forEach(e -> missing.remove(e.getMessageCase()));
        missing.remove(Messages.agentHealth(AGENT, org.allot.api.agent.AgentHealth.ACTIVE).getMessageCase());
        // Scheduler failover (ha-frameworks).
        missing.remove(Messages.resendUpdates(FW, "r").getMessageCase());
        assertEquals("messages without a factory in Messages", Set.of(), missing);
    }

    @Test
    public void killTaskWithAReasonAndInverseOffers() throws Exception {
        Envelope kill = wire(Messages.killTask(FW, TASK, org.allot.api.TaskStatus.Reason.REVOKED, "prod is starved"),
                MessageCase.KILL_TASK);
        assertEquals(org.allot.api.TaskStatus.Reason.REVOKED, Wire.killReason(kill.getKillTask()));
        assertEquals("prod is starved", kill.getKillTask().getMessage());
        assertEquals("a kill without a reason is the scheduler's", org.allot.api.TaskStatus.Reason.KILLED_BY_USER,
                Wire.killReason(wire(Messages.killTask(FW, TASK), MessageCase.KILL_TASK).getKillTask()));

        org.allot.api.InverseOffer io = new org.allot.api.InverseOffer(OfferId.of("io-1"), FW, AGENT, TASK,
                org.allot.api.Resources.parse("cpus:1;mem:64"), java.time.Instant.ofEpochMilli(123_456), "why");
        Envelope e = wire(Messages.inverseOffers(List.of(io)), MessageCase.INVERSE_OFFERS);
        assertEquals(List.of(io), e.getInverseOffers().getInverseOffersList().stream().map(Wire::fromProto).toList());
        IllegalArgumentException bad = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> Wire.fromProto(e.getInverseOffers().getInverseOffers(0).toBuilder().setTaskId("").build()));
        assertTrue(bad.getMessage(), bad.getMessage().contains("InverseOffer.task_id"));
    }

    @Test
    public void error() throws Exception {
        Envelope e = wire(Messages.error(Error.Code.REFUSED, "no"), MessageCase.ERROR);
        assertEquals(Error.Code.REFUSED, e.getError().getCode());
        assertEquals("no", e.getError().getReason());
    }

    @Test
    public void registerAgent() throws Exception {
        AgentInfo unregistered = AgentInfo.unregistered("host-1", 5051, Resources.parse("cpus:4"));
        Envelope e = wire(Messages.registerAgent(unregistered, "1.2"), MessageCase.REGISTER_AGENT);
        assertEquals(unregistered, Wire.fromProto(e.getRegisterAgent().getAgent()));
        assertEquals("1.2", e.getRegisterAgent().getVersion());
    }

    @Test
    public void reregisterAgent() throws Exception {
        Messages.ReportedTask reported = new Messages.ReportedTask(FW, EXECUTOR_TASK, TaskState.RUNNING,
                Optional.of(STATUS));
        Messages.ReportedTask bare = new Messages.ReportedTask(FW, COMMAND_TASK, TaskState.STAGING, Optional.empty());
        Envelope e = wire(Messages.reregisterAgent(AGENT_INFO, List.of(reported, bare),
                List.of(new Messages.ReportedExecutor(FW, EXECUTOR)), List.of(FRAMEWORK), "1.2"),
                MessageCase.REREGISTER_AGENT);
        org.allot.protocol.proto.ReregisterAgent m = e.getReregisterAgent();
        assertEquals(AGENT_INFO, Wire.fromProto(m.getAgent()));
        assertEquals("1.2", m.getVersion());
        assertEquals(2, m.getTasksCount());
        org.allot.protocol.proto.Task t = m.getTasks(0);
        assertEquals(FW.value(), t.getFrameworkId());
        assertEquals(EXECUTOR_TASK, Wire.fromProto(t.getInfo()));
        assertEquals("the custom executor names its framework", FW.value(), t.getInfo().getExecutor().getFrameworkId());
        assertEquals(TaskState.RUNNING, Wire.fromProto(t.getState()));
        assertEquals(STATUS, Wire.fromProto(t.getLatestStatus()));
        assertFalse(m.getTasks(1).hasLatestStatus());
        assertEquals(EXECUTOR, Wire.fromProto(m.getExecutors(0)));
        assertEquals(FW.value(), m.getExecutors(0).getFrameworkId());
        assertEquals(FRAMEWORK, Wire.fromProto(m.getFrameworks(0)));
    }

    @Test
    public void executorLost() throws Exception {
        Envelope e = wire(Messages.executorLost(FW, EXEC, AGENT, -1, "executor exited"), MessageCase.EXECUTOR_LOST);
        org.allot.protocol.proto.ExecutorLost m = e.getExecutorLost();
        assertEquals(List.of(FW.value(), EXEC.value(), AGENT.value(), "executor exited"),
                List.of(m.getFrameworkId(), m.getExecutorId(), m.getAgentId(), m.getReason()));
        assertEquals(-1, m.getExitStatus());
    }

    @Test
    public void agentRegisteredAndReregistered() throws Exception {
        Envelope r = wire(Messages.agentRegistered(AGENT, "m-1"), MessageCase.AGENT_REGISTERED);
        assertEquals(AGENT, AgentId.of(r.getAgentRegistered().getAgentId()));
        assertEquals("m-1", r.getAgentRegistered().getMasterId());
        Envelope rr = wire(Messages.agentReregistered(AGENT, "m-2"), MessageCase.AGENT_REREGISTERED);
        assertEquals(AGENT, AgentId.of(rr.getAgentReregistered().getAgentId()));
        assertEquals("m-2", rr.getAgentReregistered().getMasterId());
    }

    @Test
    public void runTaskSetsTheFrameworkInTheCustomExecutor() throws Exception {
        Envelope e = wire(Messages.runTask(FRAMEWORK, EXECUTOR_TASK, FW), MessageCase.RUN_TASK);
        assertEquals(FRAMEWORK, Wire.fromProto(e.getRunTask().getFramework()));
        assertEquals(EXECUTOR_TASK, Wire.fromProto(e.getRunTask().getTask()));
        assertEquals(FW.value(), e.getRunTask().getTask().getExecutor().getFrameworkId());
    }

    @Test
    public void killTask() throws Exception {
        Envelope e = wire(Messages.killTask(FW, TASK), MessageCase.KILL_TASK);
        assertEquals(FW, FrameworkId.of(e.getKillTask().getFrameworkId()));
        assertEquals(TASK, TaskId.of(e.getKillTask().getTaskId()));
    }

    @Test
    public void subscribedCapsTheIntervalInMillis() throws Exception {
        Envelope e = wire(Messages.subscribed(FW, "m-1", Duration.ofSeconds(5)), MessageCase.SUBSCRIBED);
        assertEquals(FW, FrameworkId.of(e.getSubscribed().getFrameworkId()));
        assertEquals("m-1", e.getSubscribed().getMasterId());
        assertEquals(5_000, e.getSubscribed().getHeartbeatIntervalMillis());
        assertEquals(Integer.MAX_VALUE, Messages.subscribed(FW, "m-1", Duration.ofDays(365))
                .getSubscribed().getHeartbeatIntervalMillis());
    }

    @Test
    public void offers() throws Exception {
        Offer o1 = new Offer(OfferId.of("o-1"), FW, AGENT, "host-1", Resources.parse("cpus:2"), Attributes.parse("rack:r1"));
        Offer o2 = new Offer(OfferId.of("o-2"), FW, AgentId.of("a-2"), "host-2", Resources.parse("mem:64"),
                Attributes.empty());
        Envelope e = wire(Messages.offers(List.of(o1, o2)), MessageCase.OFFERS);
        assertEquals(2, e.getOffers().getOffersCount());
        assertEquals(o1, Wire.fromProto(e.getOffers().getOffers(0)));
        assertEquals(o2, Wire.fromProto(e.getOffers().getOffers(1)));
    }

    @Test
    public void rescindOfferAndAgentLost() throws Exception {
        Envelope r = wire(Messages.rescindOffer(OfferId.of("o-1"), "timed out"), MessageCase.RESCIND_OFFER);
        assertEquals("o-1", r.getRescindOffer().getOfferId());
        assertEquals("timed out", r.getRescindOffer().getReason());
        Envelope l = wire(Messages.agentLost(AGENT, "heartbeat timeout"), MessageCase.AGENT_LOST);
        assertEquals(AGENT, AgentId.of(l.getAgentLost().getAgentId()));
        assertEquals("heartbeat timeout", l.getAgentLost().getReason());
    }

    @Test
    public void subscribeWithAndWithoutConstraints() throws Exception {
        Envelope plain = wire(Messages.subscribe(FRAMEWORK), MessageCase.SUBSCRIBE);
        assertEquals(FRAMEWORK, Wire.fromProto(plain.getSubscribe().getFramework()));
        assertFalse(plain.getSubscribe().getFramework().hasOfferConstraints());
        OfferConstraints c = new OfferConstraints(Optional.of(List.of("a-1")), Resources.parse("cpus:1"));
        Envelope constrained = wire(Messages.subscribe(FRAMEWORK, c), MessageCase.SUBSCRIBE);
        assertEquals(FRAMEWORK, Wire.fromProto(constrained.getSubscribe().getFramework()));
        assertEquals(c, Wire.fromProto(constrained.getSubscribe().getFramework().getOfferConstraints()));
    }

    @Test
    public void acceptWithAndWithoutRefuseSeconds() throws Exception {
        Envelope e = wire(Messages.accept(FW, List.of(OfferId.of("o-1"), OfferId.of("o-2")),
                List.of(COMMAND_TASK, EXECUTOR_TASK), OptionalDouble.of(2.5)), MessageCase.ACCEPT);
        org.allot.protocol.proto.Accept m = e.getAccept();
        assertEquals(FW.value(), m.getFrameworkId());
        assertEquals(List.of("o-1", "o-2"), m.getOfferIdsList());
        assertEquals(COMMAND_TASK, Wire.fromProto(m.getTasks(0)));
        assertEquals(EXECUTOR_TASK, Wire.fromProto(m.getTasks(1)));
        assertEquals(FW.value(), m.getTasks(1).getExecutor().getFrameworkId());
        assertEquals(2.5, m.getRefuseSeconds(), 0.0);
        assertFalse(Messages.accept(FW, List.of(), List.of(), OptionalDouble.empty()).getAccept().hasRefuseSeconds());
    }

    @Test
    public void declineWithAndWithoutRefuseSeconds() throws Exception {
        Envelope e = wire(Messages.decline(FW, List.of(OfferId.of("o-1")), OptionalDouble.of(0)), MessageCase.DECLINE);
        assertEquals(FW.value(), e.getDecline().getFrameworkId());
        assertEquals(List.of("o-1"), e.getDecline().getOfferIdsList());
        assertTrue(e.getDecline().hasRefuseSeconds());
        assertFalse(Messages.decline(FW, List.of(), OptionalDouble.empty()).getDecline().hasRefuseSeconds());
    }

    @Test
    public void reviveAndSuppressNameNoRole() throws Exception {
        Envelope r = wire(Messages.revive(FW), MessageCase.REVIVE);
        assertEquals(FW.value(), r.getRevive().getFrameworkId());
        assertEquals(0, r.getRevive().getRolesCount());
        Envelope s = wire(Messages.suppress(FW), MessageCase.SUPPRESS);
        assertEquals(FW.value(), s.getSuppress().getFrameworkId());
        assertEquals(0, s.getSuppress().getRolesCount());
    }

    @Test
    public void killWithAndWithoutAgent() throws Exception {
        Envelope e = wire(Messages.kill(FW, TASK, Optional.of(AGENT)), MessageCase.KILL);
        assertEquals(List.of(FW.value(), TASK.value(), AGENT.value()),
                List.of(e.getKill().getFrameworkId(), e.getKill().getTaskId(), e.getKill().getAgentId()));
        assertEquals("", Messages.kill(FW, TASK, Optional.empty()).getKill().getAgentId());
    }

    @Test
    public void reconcile() throws Exception {
        Envelope e = wire(Messages.reconcile(FW, List.of(TASK, TaskId.of("t-2"))), MessageCase.RECONCILE);
        assertEquals(FW.value(), e.getReconcile().getFrameworkId());
        assertEquals(List.of("t-1", "t-2"), e.getReconcile().getTaskIdsList());
    }

    @Test
    public void updateOfferConstraints() throws Exception {
        OfferConstraints c = new OfferConstraints(Optional.empty(), Resources.parse("mem:512"));
        Envelope e = wire(Messages.updateOfferConstraints(FW, c), MessageCase.UPDATE_OFFER_CONSTRAINTS);
        assertEquals(FW.value(), e.getUpdateOfferConstraints().getFrameworkId());
        assertEquals(c, Wire.fromProto(e.getUpdateOfferConstraints().getConstraints()));
    }

    @Test
    public void teardown() throws Exception {
        Envelope e = wire(Messages.teardown(FW, "stopped by its scheduler"), MessageCase.TEARDOWN);
        assertEquals(FW.value(), e.getTeardown().getFrameworkId());
        assertEquals("stopped by its scheduler", e.getTeardown().getReason());
    }

    @Test
    public void statusUpdate() throws Exception {
        Envelope e = wire(Messages.statusUpdate(FW, STATUS), MessageCase.STATUS_UPDATE);
        assertEquals(FW.value(), e.getStatusUpdate().getFrameworkId());
        assertEquals(STATUS, Wire.fromProto(e.getStatusUpdate().getStatus()));
    }

    @Test
    public void acknowledge() throws Exception {
        Envelope e = wire(Messages.acknowledge(FW, AGENT, TASK, UUID_BYTES), MessageCase.ACKNOWLEDGE);
        org.allot.protocol.proto.Acknowledge m = e.getAcknowledge();
        assertEquals(List.of(FW.value(), AGENT.value(), TASK.value()),
                List.of(m.getFrameworkId(), m.getAgentId(), m.getTaskId()));
        assertEquals(UUID_BYTES, m.getUuid());
    }

    @Test
    public void acknowledgeWithoutAgent() throws Exception {
        Envelope e = wire(Messages.acknowledge(FW, Optional.empty(), TASK, UUID_BYTES), MessageCase.ACKNOWLEDGE);
        assertEquals("", e.getAcknowledge().getAgentId());
        assertEquals(UUID_BYTES, e.getAcknowledge().getUuid());
    }

    @Test
    public void frameworkMessage() throws Exception {
        ByteString data = ByteString.copyFromUtf8("hello executor");
        Envelope e = wire(Messages.frameworkMessage(FW, EXEC, AGENT, data), MessageCase.FRAMEWORK_MESSAGE);
        org.allot.protocol.proto.FrameworkMessage m = e.getFrameworkMessage();
        assertEquals(List.of(FW.value(), EXEC.value(), AGENT.value()),
                List.of(m.getFrameworkId(), m.getExecutorId(), m.getAgentId()));
        assertEquals(data, m.getData());
    }

    @Test
    public void registerExecutor() throws Exception {
        Envelope e = wire(Messages.registerExecutor(FW, EXEC), MessageCase.REGISTER_EXECUTOR);
        assertEquals(FW.value(), e.getRegisterExecutor().getFrameworkId());
        assertEquals(EXEC.value(), e.getRegisterExecutor().getExecutorId());
    }

    @Test
    public void executorRegistered() throws Exception {
        Envelope e = wire(Messages.executorRegistered(EXECUTOR, FRAMEWORK, AGENT_INFO), MessageCase.EXECUTOR_REGISTERED);
        org.allot.protocol.proto.ExecutorRegistered m = e.getExecutorRegistered();
        assertEquals(EXECUTOR, Wire.fromProto(m.getExecutor()));
        assertEquals(FW.value(), m.getExecutor().getFrameworkId());
        assertEquals(FRAMEWORK, Wire.fromProto(m.getFramework()));
        assertEquals(AGENT_INFO, Wire.fromProto(m.getAgent()));
    }

    @Test
    public void executorRegisteredNeedsAFrameworkWithAnId() {
        FrameworkInfo noId = FrameworkInfo.builder("spark", "alice").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Messages.executorRegistered(EXECUTOR, noId, AGENT_INFO));
        assertEquals("framework 'spark' has no id; an executor runs for a subscribed framework", e.getMessage());
    }

    // ----- iso-agent: agent health

    @Test
    public void agentHealthCarriesStateAndReasonBothWays() throws Exception {
        org.allot.api.agent.AgentHealth degraded = new org.allot.api.agent.AgentHealth(
                org.allot.api.agent.AgentHealth.State.DEGRADED, "isolator 'cgroups/mem' is not available");
        Envelope e = wire(Messages.agentHealth(AGENT, degraded), MessageCase.AGENT_HEALTH);
        assertEquals("a-1", e.getAgentHealth().getAgentId());
        assertEquals(degraded, Wire.fromProto(e.getAgentHealth()));
        for (org.allot.api.agent.AgentHealth.State s : org.allot.api.agent.AgentHealth.State.values()) {
            org.allot.api.agent.AgentHealth h = new org.allot.api.agent.AgentHealth(s, "r");
            assertEquals(h, Wire.fromProto(Wire.toProto(AGENT, h)));
        }
    }

    @Test
    public void agentHealthWithoutAStateIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Wire.fromProto(org.allot.protocol.proto.AgentHealth.newBuilder().setAgentId("a-1").build()));
        assertEquals("AgentHealth.state 0 is not a state; use STATE_ACTIVE, STATE_DEGRADED, STATE_DRAINING or"
                + " STATE_DRAINED", e.getMessage());
    }

    // ----- scheduler failover and reconciliation (ha-frameworks) -----

    @Test
    public void reconcileStatusesNamesEachTaskWithItsAgentIfKnown() throws Exception {
        TaskStatus nowhere = TaskStatus.builder(TaskId.of("t-2"), TaskState.STAGING, TaskStatus.Source.MASTER,
                Instant.ofEpochMilli(1)).build();
        Envelope e = wire(Messages.reconcileStatuses(FW, List.of(STATUS, nowhere)), MessageCase.RECONCILE);
        assertEquals(FW.value(), e.getReconcile().getFrameworkId());
        assertEquals(List.of(), e.getReconcile().getTaskIdsList());
        assertEquals(List.of("t-1@" + AGENT.value(), "t-2@"), e.getReconcile().getTasksList().stream()
                .map(t -> t.getTaskId() + "@" + t.getAgentId()).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    public void resendUpdates() throws Exception {
        Envelope e = wire(Messages.resendUpdates(FW, "its scheduler failed over"), MessageCase.RESEND_UPDATES);
        assertEquals(FW.value(), e.getResendUpdates().getFrameworkId());
        assertEquals("its scheduler failed over", e.getResendUpdates().getReason());
    }
}
