package org.allot.client;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.allot.api.AgentId;
import org.allot.api.Attributes;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Offer;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.protocol.Messages;
import org.allot.protocol.Wire;
import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.link.SettableDetector;
import org.allot.protocol.proto.Acknowledge;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Envelope.MessageCase;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.FrameworkMessage;
import org.allot.protocol.proto.Offers;
import org.allot.protocol.proto.RescindOffer;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.Subscribe;
import org.allot.protocol.proto.Subscribed;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.protobuf.ByteString;

/** The scheduler driver against a fake master on loopback. */
public class AllotSchedulerDriverTest {

    private static final FrameworkInfo FRAMEWORK = FrameworkInfo.builder("test framework", "tester")
            .principal("tester").build();

    private FakePeer master;
    private final RecordingScheduler scheduler = new RecordingScheduler();
    private final List<AllotSchedulerDriver> drivers = new ArrayList<>();

    /** Subscribe without an id gets f-1; with an id gets that id back. */
    private static Envelope masterAnswer(Envelope e) {
        if (e.hasSubscribe()) {
            String id = e.getSubscribe().getFramework().getFrameworkId();
            return Envelope.newBuilder().setSubscribed(Subscribed.newBuilder()
                    .setFrameworkId(id.isEmpty() ? "f-1" : id).setMasterId("m-test")).build();
        }
        return null;
    }

    @Before
    public void startMaster() throws Exception {
        master = new FakePeer(Role.MASTER, AllotSchedulerDriverTest::masterAnswer);
    }

    @After
    public void stopAll() {
        drivers.forEach(AllotSchedulerDriver::abort);
        master.close();
    }

    private AllotSchedulerDriver driver(boolean implicitAcks) {
        AllotSchedulerDriver d = new AllotSchedulerDriver(scheduler, FRAMEWORK, master.address(), implicitAcks);
        drivers.add(d);
        return d;
    }

    /** A started driver whose scheduler has been told it is registered. */
    private AllotSchedulerDriver registered(boolean implicitAcks) throws Exception {
        AllotSchedulerDriver d = driver(implicitAcks);
        assertEquals(Status.DRIVER_RUNNING, d.start());
        master.next(MessageCase.SUBSCRIBE);
        scheduler.next("registered");
        return d;
    }

    private static org.allot.protocol.proto.Offer offer(String id) {
        return Wire.toProto(new Offer(OfferId.of(id), FrameworkId.of("f-1"), AgentId.of("a-1"), "host-1",
                Resources.parse("cpus:4;mem:1024"), Attributes.empty()));
    }

    private static Envelope offers(String... ids) {
        Offers.Builder b = Offers.newBuilder();
        for (String id : ids) {
            b.addOffers(offer(id));
        }
        return Envelope.newBuilder().setOffers(b).build();
    }

    private static byte[] bytes(UUID u) {
        return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }

    private static Envelope status(String task, TaskState state, UUID uuid) {
        TaskStatus.Builder b = TaskStatus.builder(TaskId.of(task), state, TaskStatus.Source.AGENT, Instant.now())
                .agentId(AgentId.of("a-1"));
        if (uuid != null) {
            b.uuid(uuid);
        }
        return Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder().setFrameworkId("f-1")
                .setStatus(Wire.toProto(b.build()))).build();
    }

    private static TaskInfo task(String id) {
        return TaskInfo.ofCommand(TaskId.of(id), "task " + id, AgentId.of("a-1"), Resources.parse("cpus:1;mem:128"),
                CommandInfo.shell("sleep 1"));
    }

    @Test
    public void subscribeGivesRegisteredWithTheFrameworkIdAndMaster() throws Exception {
        AllotSchedulerDriver d = driver(true);
        d.start();
        Subscribe subscribe = master.next(MessageCase.SUBSCRIBE).getSubscribe();
        assertEquals("", subscribe.getFramework().getFrameworkId());
        assertEquals("test framework", subscribe.getFramework().getName());
        assertEquals(Role.SCHEDULER, master.last().peerRole());
        assertEquals("tester", master.last().peerPrincipal());

        RecordingScheduler.Event registered = scheduler.next("registered");
        assertEquals(FrameworkId.of("f-1"), registered.arg(0));
        MasterInfo info = (MasterInfo) registered.arg(1);
        assertEquals("m-test", info.id());
        assertEquals(master.port, info.port());
        assertEquals(Status.DRIVER_RUNNING, d.status());
    }

    @Test
    public void offersReachResourceOffersAndLaunchSendsAcceptWithOffersAndTasks() throws Exception {
        scheduler.onOffers = (d, offers) -> d.launchTasks(List.of(offers.get(0).id(), offers.get(1).id()),
                List.of(task("t1"), task("t2")), 7.5);
        registered(true);
        master.send(offers("o-1", "o-2"));

        @SuppressWarnings("unchecked")
        List<Offer> got = (List<Offer>) scheduler.next("resourceOffers").arg(0);
        assertEquals(List.of(OfferId.of("o-1"), OfferId.of("o-2")), got.stream().map(Offer::id).toList());
        assertEquals(Resources.parse("cpus:4;mem:1024"), got.get(0).resources());

        var accept = master.next(MessageCase.ACCEPT).getAccept();
        assertEquals("f-1", accept.getFrameworkId());
        assertEquals(List.of("o-1", "o-2"), accept.getOfferIdsList());
        assertEquals(List.of(task("t1"), task("t2")), accept.getTasksList().stream().map(Wire::fromProto).toList());
        assertTrue(accept.hasRefuseSeconds());
        assertEquals(7.5, accept.getRefuseSeconds(), 0.0);
    }

    @Test
    public void driverCallsCarryTheFrameworkId() throws Exception {
        AllotSchedulerDriver d = registered(true);
        d.declineOffer(OfferId.of("o-9"));
        var decline = master.next(MessageCase.DECLINE).getDecline();
        assertEquals(List.of("o-9"), decline.getOfferIdsList());
        assertEquals("f-1", decline.getFrameworkId());
        assertFalse("no refuse_seconds: the master's default applies", decline.hasRefuseSeconds());

        d.declineOffer(OfferId.of("o-10"), 30);
        assertEquals(30.0, master.next(MessageCase.DECLINE).getDecline().getRefuseSeconds(), 0.0);

        d.reviveOffers();
        assertEquals("f-1", master.next(MessageCase.REVIVE).getRevive().getFrameworkId());

        d.reconcileTasks(List.of(TaskStatus.builder(TaskId.of("t7"), TaskState.RUNNING, TaskStatus.Source.MASTER,
                Instant.now()).build(), TaskStatus.builder(TaskId.of("t8"), TaskState.RUNNING,
                TaskStatus.Source.AGENT, Instant.now()).agentId(AgentId.of("a-2")).build()));
        var reconcile = master.next(MessageCase.RECONCILE).getReconcile();
        assertEquals("f-1", reconcile.getFrameworkId());
        assertEquals("each task with the agent it names, if any", List.of("t7:", "t8:a-2"), reconcile.getTasksList()
                .stream().map(t -> t.getTaskId() + ":" + t.getAgentId()).collect(java.util.stream.Collectors.toList()));

        d.sendFrameworkMessage(ExecutorId.of("e-1"), AgentId.of("a-1"), "hi".getBytes());
        FrameworkMessage m = master.next(MessageCase.FRAMEWORK_MESSAGE).getFrameworkMessage();
        assertEquals("e-1", m.getExecutorId());
        assertEquals("a-1", m.getAgentId());
        assertEquals("hi", m.getData().toStringUtf8());

        d.updateOfferConstraints(org.allot.api.OfferConstraints.none().withAllowedAgents(List.of("a-1")));
        assertEquals(List.of("a-1"), master.next(MessageCase.UPDATE_OFFER_CONSTRAINTS).getUpdateOfferConstraints()
                .getConstraints().getAllowedAgentIdsList());
    }

    @Test
    public void killTaskNamesTheAgentKnownFromTheTasksStatus() throws Exception {
        AllotSchedulerDriver d = registered(true);
        master.send(status("t1", TaskState.RUNNING, UUID.randomUUID()));
        scheduler.next("statusUpdate");
        master.next(MessageCase.ACKNOWLEDGE);
        d.killTask(TaskId.of("t1"));
        var kill = master.next(MessageCase.KILL).getKill();
        assertEquals("t1", kill.getTaskId());
        assertEquals("a-1", kill.getAgentId());
    }

    @Test
    public void inverseOffersReachTheSchedulerWithTaskAgentAndDeadline() throws Exception {
        registered(true);
        org.allot.api.InverseOffer asked = new org.allot.api.InverseOffer(OfferId.of("io-1"), FrameworkId.of("f-1"),
                AgentId.of("a-1"), TaskId.of("t1"), Resources.parse("cpus:1;mem:128"),
                Instant.ofEpochMilli(1_700_000_000_000L), "role prod is below its guarantee");
        master.send(Messages.inverseOffers(List.of(asked)));
        assertEquals(List.of(asked), scheduler.next("inverseOffers").arg(0));
    }

    @Test
    public void masterEventsReachTheirCallbacksInOrderOnOneThread() throws Exception {
        registered(true);
        master.send(Envelope.newBuilder().setRescindOffer(RescindOffer.newBuilder().setOfferId("o-3")
                .setReason("timeout")).build());
        master.send(Envelope.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder().setFrameworkId("f-1")
                .setExecutorId("e-1").setAgentId("a-2").setData(ByteString.copyFromUtf8("hello"))).build());
        master.send(Envelope.newBuilder().setAgentLost(org.allot.protocol.proto.AgentLost.newBuilder()
                .setAgentId("a-2").setReason("heartbeat timeout")).build());
        master.send(Envelope.newBuilder().setExecutorLost(org.allot.protocol.proto.ExecutorLost.newBuilder()
                .setFrameworkId("f-1").setExecutorId("e-1").setAgentId("a-2").setExitStatus(137)).build());

        assertEquals(OfferId.of("o-3"), scheduler.next("offerRescinded").arg(0));
        assertEquals(List.of(ExecutorId.of("e-1"), AgentId.of("a-2"), "hello"), scheduler.next("frameworkMessage").args());
        assertEquals(AgentId.of("a-2"), scheduler.next("agentLost").arg(0));
        assertEquals(List.of(ExecutorId.of("e-1"), AgentId.of("a-2"), 137), scheduler.next("executorLost").args());
        assertEquals("one dispatcher thread", 1, scheduler.threads.size());
    }

    @Test
    public void aResentStatusReachesTheSchedulerOnceAndIsAcknowledgedEachTime() throws Exception {
        registered(true);
        UUID uuid = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            master.send(status("t1", TaskState.RUNNING, uuid));
            Acknowledge ack = master.next(MessageCase.ACKNOWLEDGE).getAcknowledge();
            assertEquals("f-1", ack.getFrameworkId());
            assertEquals("a-1", ack.getAgentId());
            assertEquals("t1", ack.getTaskId());
            assertEquals(ByteString.copyFrom(bytes(uuid)), ack.getUuid());
        }
        TaskStatus delivered = (TaskStatus) scheduler.next("statusUpdate").arg(0);
        assertEquals(TaskState.RUNNING, delivered.state());
        assertEquals(uuid, delivered.uuid().orElseThrow());
        scheduler.expectNothing(200);

        // A new update of the same task (new uuid) is a new delivery.
        master.send(status("t1", TaskState.FINISHED, UUID.randomUUID()));
        assertEquals(TaskState.FINISHED, ((TaskStatus) scheduler.next("statusUpdate").arg(0)).state());
        master.next(MessageCase.ACKNOWLEDGE);
    }

    @Test
    public void aStatusWithoutUuidIsDeliveredAndNotAcknowledged() throws Exception {
        registered(true);
        master.send(status("t1", TaskState.LOST, null));
        master.send(status("t1", TaskState.LOST, null));
        assertEquals(TaskState.LOST, ((TaskStatus) scheduler.next("statusUpdate").arg(0)).state());
        assertEquals(TaskState.LOST, ((TaskStatus) scheduler.next("statusUpdate").arg(0)).state());
        master.expectNothing(300);
    }

    @Test
    public void explicitModeAcknowledgesOnlyWhenTheSchedulerDoes() throws Exception {
        AllotSchedulerDriver d = registered(false);
        UUID uuid = UUID.randomUUID();
        master.send(status("t1", TaskState.RUNNING, uuid));
        TaskStatus s = (TaskStatus) scheduler.next("statusUpdate").arg(0);
        master.send(status("t1", TaskState.RUNNING, uuid));
        master.expectNothing(300);
        scheduler.expectNothing(0);

        assertEquals(Status.DRIVER_RUNNING, d.acknowledgeStatusUpdate(s));
        Acknowledge ack = master.next(MessageCase.ACKNOWLEDGE).getAcknowledge();
        assertEquals(ByteString.copyFrom(bytes(uuid)), ack.getUuid());
        assertEquals("t1", ack.getTaskId());

        // The agent missed it: the resend is acknowledged again without a second callback.
        master.send(status("t1", TaskState.RUNNING, uuid));
        master.next(MessageCase.ACKNOWLEDGE);
        scheduler.expectNothing(200);
    }

    @Test
    public void implicitModeRefusesExplicitAcknowledgement() throws Exception {
        AllotSchedulerDriver d = registered(true);
        TaskStatus s = TaskStatus.builder(TaskId.of("t1"), TaskState.RUNNING, TaskStatus.Source.AGENT, Instant.now())
                .uuid(UUID.randomUUID()).build();
        try {
            d.acknowledgeStatusUpdate(s);
            fail("expected IllegalStateException");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("implicit"));
        }
    }

    @Test
    public void lostConnectionReconnectsAndResubscribesWithTheFrameworkId() throws Exception {
        AllotSchedulerDriver d = registered(true);
        d.suppressOffers();
        master.next(MessageCase.SUPPRESS);

        master.last().close();
        scheduler.next("disconnected");
        Subscribe again = master.next(MessageCase.SUBSCRIBE).getSubscribe();
        assertEquals("f-1", again.getFramework().getFrameworkId());
        assertEquals("suppression survives a reconnection", "f-1",
                master.next(MessageCase.SUPPRESS).getSuppress().getFrameworkId());
        assertEquals("m-test", ((MasterInfo) scheduler.next("reregistered").arg(0)).id());
        assertEquals(2, master.connections.size());
        assertEquals(Status.DRIVER_RUNNING, d.status());

        // The new session works as the old one did.
        master.send(offers("o-5"));
        scheduler.next("resourceOffers");
    }

    @Test
    public void aNewLeaderGetsTheResubscriptionAndTheOldOneIsLeft() throws Exception {
        FakePeer standby = new FakePeer(Role.MASTER, AllotSchedulerDriverTest::masterAnswer);
        try {
            SettableDetector detector = new SettableDetector(leaderAt(master));
            AllotSchedulerDriver d = new AllotSchedulerDriver(scheduler, FRAMEWORK, detector);
            drivers.add(d);
            assertEquals(Status.DRIVER_RUNNING, d.start());
            master.next(MessageCase.SUBSCRIBE);
            scheduler.next("registered");

            detector.set(Optional.of(leaderAt(standby)));

            scheduler.next("disconnected");
            assertEquals("f-1", standby.next(MessageCase.SUBSCRIBE).getSubscribe().getFramework().getFrameworkId());
            MasterInfo info = (MasterInfo) scheduler.next("reregistered").arg(0);
            assertEquals(standby.address(), info.address());
            await().atMost(Duration.ofSeconds(5)).until(() -> master.closeReasons.size() == 1);
            master.expectNothing(200);
            assertEquals("the old leader is not reconnected to", 1, master.connections.size());
            standby.send(offers("o-9"));
            scheduler.next("resourceOffers");
        } finally {
            drivers.forEach(AllotSchedulerDriver::abort);
            standby.close();
        }
    }

    @Test
    public void aStandbyThatNamesTheLeaderSendsTheDriverThereAtOnce() throws Exception {
        MasterAddress leader = leaderAt(master);
        FakePeer standby = new FakePeer(Role.MASTER, e -> e.hasSubscribe()
                ? Messages.notLeader("master m-standby is not the leader", Optional.of(leader)) : null);
        try {
            // The detector lags: it still names the standby, which redirects.
            AllotSchedulerDriver d = new AllotSchedulerDriver(scheduler, FRAMEWORK,
                    new SettableDetector(leaderAt(standby)));
            drivers.add(d);
            d.start();
            standby.next(MessageCase.SUBSCRIBE);

            master.next(MessageCase.SUBSCRIBE);
            assertEquals(master.address(), ((MasterInfo) scheduler.next("registered").arg(1)).address());
            assertEquals(Status.DRIVER_RUNNING, d.status());
            master.send(offers("o-1"));
            scheduler.next("resourceOffers");
        } finally {
            drivers.forEach(AllotSchedulerDriver::abort);
            standby.close();
        }
    }

    @Test
    public void withNoLeaderTheDriverWaitsAndResubscribesWithTheNextOne() throws Exception {
        FakePeer next = new FakePeer(Role.MASTER, AllotSchedulerDriverTest::masterAnswer);
        try {
            SettableDetector detector = new SettableDetector(leaderAt(master));
            AllotSchedulerDriver d = new AllotSchedulerDriver(scheduler, FRAMEWORK, detector);
            drivers.add(d);
            d.start();
            master.next(MessageCase.SUBSCRIBE);
            scheduler.next("registered");

            detector.set(Optional.empty());
            scheduler.next("disconnected");
            await().atMost(Duration.ofSeconds(5)).until(() -> master.closeReasons.size() == 1);
            master.expectNothing(300);
            next.expectNothing(100);
            assertEquals("still running while no master leads", Status.DRIVER_RUNNING, d.status());

            detector.set(Optional.of(leaderAt(next)));
            assertEquals("f-1", next.next(MessageCase.SUBSCRIBE).getSubscribe().getFramework().getFrameworkId());
            assertEquals(next.address(), ((MasterInfo) scheduler.next("reregistered").arg(0)).address());
        } finally {
            drivers.forEach(AllotSchedulerDriver::abort);
            next.close();
        }
    }

    @Test
    public void theDriverWaitsForAMasterThatIsNotUpYet() throws Exception {
        int port = master.port;
        master.close();
        AllotSchedulerDriver d = new AllotSchedulerDriver(scheduler, FRAMEWORK, "127.0.0.1:" + port);
        drivers.add(d);
        d.start();
        // Launching while not subscribed: the tasks are reported lost at once, as Mesos does.
        d.launchTasks(List.of(OfferId.of("o-1")), List.of(task("t1")));
        TaskStatus lost = (TaskStatus) scheduler.next("statusUpdate").arg(0);
        assertEquals(TaskState.LOST, lost.state());
        assertEquals(TaskStatus.Reason.MASTER_DISCONNECTED, lost.reason().orElseThrow());
        assertTrue(lost.uuid().isEmpty());

        Thread.sleep(700);
        master = new FakePeerOnPort(port).peer;
        scheduler.next("registered");
    }

    /** Rebinds a fake master to a given port (free again once the previous one closed). */
    private static final class FakePeerOnPort {
        final FakePeer peer;

        FakePeerOnPort(int port) throws Exception {
            FakePeer p = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (p == null) {
                try {
                    p = new FakePeer(Role.MASTER, AllotSchedulerDriverTest::masterAnswer, port);
                } catch (java.io.IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
            peer = p;
        }
    }

    @Test
    public void stopTearsDownThenSendsNothingAndJoinReturns() throws Exception {
        AllotSchedulerDriver d = registered(true);
        assertEquals(Status.DRIVER_STOPPED, d.stop());
        assertEquals("f-1", master.next(MessageCase.TEARDOWN).getTeardown().getFrameworkId());
        assertEquals(Status.DRIVER_STOPPED, d.join());
        await().atMost(Duration.ofSeconds(5)).until(() -> master.closeReasons.size() == 1);

        assertEquals(Status.DRIVER_STOPPED, d.declineOffer(OfferId.of("o-1")));
        assertEquals(Status.DRIVER_STOPPED, d.launchTasks(List.of(OfferId.of("o-1")), List.of(task("t1"))));
        assertEquals(Status.DRIVER_STOPPED, d.start());
        master.expectNothing(300);
        scheduler.expectNothing(0);
    }

    @Test
    public void stopWithFailoverKeepsTheFramework() throws Exception {
        AllotSchedulerDriver d = registered(true);
        assertEquals(Status.DRIVER_STOPPED, d.stop(true));
        await().atMost(Duration.ofSeconds(5)).until(() -> master.closeReasons.size() == 1);
        master.expectNothing(200);
        assertEquals(Status.DRIVER_STOPPED, d.join());
    }

    @Test
    public void stopFromInsideACallbackEndsTheDriver() throws Exception {
        scheduler.onOffers = (driver, offers) -> driver.stop();
        AllotSchedulerDriver d = registered(true);
        master.send(offers("o-1"));
        scheduler.next("resourceOffers");
        assertEquals(Status.DRIVER_STOPPED, d.join());
        master.next(MessageCase.TEARDOWN);
    }

    @Test
    public void aRefusedMessageAfterSubscriptionIsLoggedAndTheDriverGoesOn() throws Exception {
        AllotSchedulerDriver d = registered(true);
        master.send(Envelope.newBuilder().setError(Error.newBuilder().setCode(Error.Code.REFUSED)
                .setReason("Decline ignored for: offer o-9 was rescinded")).build());
        master.send(offers("o-1"));
        scheduler.next("resourceOffers");
        assertEquals(Status.DRIVER_RUNNING, d.declineOffer(OfferId.of("o-1")));
        master.next(MessageCase.DECLINE);
    }

    @Test
    public void aMasterErrorAbortsTheDriverThenCallsError() throws Exception {
        AllotSchedulerDriver d = registered(true);
        master.send(Envelope.newBuilder().setError(Error.newBuilder().setCode(Error.Code.PROTOCOL_VIOLATION)
                .setReason("framework f-1 was removed")).build());
        String message = (String) scheduler.next("error").arg(0);
        assertTrue(message, message.contains("framework f-1 was removed"));
        assertEquals(Status.DRIVER_ABORTED, d.join());
        master.send(offers("o-1"));
        scheduler.expectNothing(300);
    }

    @Test
    public void aReplacedSchedulerIsAbortedWithErrorAndDoesNotTakeTheFrameworkBack() throws Exception {
        AllotSchedulerDriver d = registered(true);
        master.send(Envelope.newBuilder().setError(Error.newBuilder().setCode(Error.Code.FRAMEWORK_REPLACED)
                .setReason("framework f-1 was taken over by another scheduler")).build());
        master.last().close();

        String message = (String) scheduler.next("error").arg(0);
        assertTrue(message, message.contains("was replaced by another scheduler: framework f-1 was taken over"));
        assertEquals(Status.DRIVER_ABORTED, d.join());
        master.expectNothing(500);
        assertEquals("no re-subscription", 1, master.connections.size());
        scheduler.expectNothing(100);
    }

    @Test
    public void aSchedulerThatThrowsDoesNotStopTheDriver() throws Exception {
        scheduler.onOffers = (driver, offers) -> {
            throw new IllegalStateException("bug in the framework");
        };
        registered(true);
        master.send(offers("o-1"));
        scheduler.next("resourceOffers");
        master.send(status("t1", TaskState.RUNNING, UUID.randomUUID()));
        scheduler.next("statusUpdate");
        master.next(MessageCase.ACKNOWLEDGE);
    }

    @Test
    public void aFailedOverSchedulerSubscribesWithItsIdAndIsRegistered() throws Exception {
        FrameworkInfo withId = FRAMEWORK.withId(FrameworkId.of("f-42"));
        AllotSchedulerDriver d = new AllotSchedulerDriver(scheduler, withId, master.address());
        drivers.add(d);
        d.start();
        assertEquals("f-42", master.next(MessageCase.SUBSCRIBE).getSubscribe().getFramework().getFrameworkId());
        assertEquals(FrameworkId.of("f-42"), scheduler.next("registered").arg(0));
    }

    @Test
    public void aBadMasterAddressIsRefusedWithTheValue() {
        for (String bad : List.of("", "localhost", "localhost:", "localhost:abc", ":5050", "host:70000")) {
            try {
                new AllotSchedulerDriver(scheduler, FRAMEWORK, bad);
                fail("accepted '" + bad + "'");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("master address"));
            }
        }
        assertNotEquals(null, new AllotSchedulerDriver(scheduler, FRAMEWORK, "[::1]:5050"));
    }

    @Test
    public void aZooKeeperUrlGetsDirectionsToItsDetector() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AllotSchedulerDriver(scheduler, FRAMEWORK, "zk://127.0.0.1:2181/allot"));
        assertEquals("master address 'zk://127.0.0.1:2181/allot' names a ZooKeeper ensemble; make its detector with"
                + " org.allot.election.MasterDetectors.fromUrl(\"zk://127.0.0.1:2181/allot\") and pass it to the"
                + " AllotSchedulerDriver constructor that takes a MasterDetector", e.getMessage());
    }

    /** The address a detector gives for {@code peer}. */
    private static MasterAddress leaderAt(FakePeer peer) {
        return MasterAddress.parse("fake peer", peer.address());
    }
}
