package org.allot.protocol.link;

import org.allot.protocol.loop.ManualEventLoop;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.allot.protocol.CloseReason;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolException;
import org.allot.protocol.ProtocolServer;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.FrameworkMessage;
import org.allot.protocol.proto.Role;
import org.junit.After;
import org.junit.Test;

/**
 * A {@link MasterLink} against real {@link ProtocolServer}s on loopback; its backoff timers run on a
 * {@link ManualEventLoop}, so delays are asserted exactly and the network parts are awaited.
 */
public class MasterLinkTest {

    private static final String HOST = "127.0.0.1";

    private final ManualEventLoop loop = ManualEventLoop.onThread("allot-link-test-loop",
            java.time.Instant.parse("2026-01-01T00:00:00Z"));
    private final SettableDetector detector = new SettableDetector();
    private final Recorder recorder = new Recorder();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private MasterLink link;

    @After
    public void closeAll() throws Exception {
        if (link != null) {
            link.close();
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
        loop.shutdown();
        assertEquals("listener calls off the loop", List.of(), recorder.offLoop);
    }

    @Test
    public void connectsToTheLeaderWithItsRoleAndDeliversMessages() throws IOException {
        TestServer a = server();
        startLink(a.address());

        await().atMost(5, SECONDS).until(() -> recorder.events.contains("connected " + a.address()));
        await().atMost(5, SECONDS).until(() -> a.opened.size() == 1);
        Connection serverSide = a.opened.get(0);
        assertEquals(Role.AGENT, serverSide.peerRole());
        assertEquals("agent@test", serverSide.peerPrincipal());
        assertEquals(Optional.of(a.address()), link.connectedTo());

        serverSide.send(Envelope.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder().setExecutorId("e1"))
                .build());
        await().atMost(5, SECONDS).until(() -> recorder.events.contains("message FRAMEWORK_MESSAGE"));
    }

    @Test
    public void reconnectsAfterTheInitialDelayWhenTheServerClosesTheSession() throws IOException {
        TestServer a = server();
        startLink(a.address());
        await().atMost(5, SECONDS).until(() -> a.opened.size() == 1 && link.connection().isPresent());

        a.opened.get(0).close();
        await().atMost(5, SECONDS).until(() -> recorder.events.stream().anyMatch(e -> e.startsWith("disconnected")));
        loop.settle(); // the retry is scheduled right after the listener call
        assertEquals(List.of(loop.now().plusMillis(500)), loop.liveTimers());
        assertEquals(Optional.empty(), link.connection());

        loop.advance(Duration.ofMillis(499));
        assertEquals(1, a.opened.size());
        loop.advance(Duration.ofMillis(1));
        await().atMost(5, SECONDS).until(() -> a.opened.size() == 2 && link.connection().isPresent());
        assertEquals(List.of("connected " + a.address(), "disconnected PEER_CLOSED", "connected " + a.address()),
                recorder.events.stream().map(e -> e.startsWith("disconnected PEER_CLOSED") ? "disconnected PEER_CLOSED"
                        : e).toList());
    }

    @Test
    public void followsAnAddressChangeToTheNewLeaderAndLeavesTheOldOne() throws IOException {
        TestServer a = server();
        TestServer b = server();
        startLink(a.address());
        await().atMost(5, SECONDS).until(() -> link.connectedTo().equals(Optional.of(a.address())));

        detector.set(Optional.of(b.address()));

        await().atMost(5, SECONDS).until(() -> link.connectedTo().equals(Optional.of(b.address())));
        await().atMost(5, SECONDS).until(() -> a.closed.size() == 1 && b.opened.size() == 1);
        loop.advance(Duration.ofSeconds(30));
        assertEquals("no reconnection to the old leader", 1, a.opened.size());
        assertEquals(List.of("connected " + a.address(), "disconnected leader changed to " + b.address(),
                "connected " + b.address()), recorder.events);
    }

    @Test
    public void aStandbyNamingTheLeaderRedirectsTheLinkThere() throws IOException {
        TestServer standby = server();
        TestServer leader = server();
        MasterAddress leaderAddress = new MasterAddress(HOST, leader.address().port(), 4, Optional.of("m-2"));
        startLink(standby.address());
        await().atMost(5, SECONDS).until(() -> standby.opened.size() == 1 && link.connection().isPresent());

        standby.opened.get(0).send(org.allot.protocol.Messages.notLeader("master m-1 is not the leader",
                Optional.of(leaderAddress)));

        await().atMost(5, SECONDS).until(() -> {
            loop.settle();
            return link.connectedTo().equals(Optional.of(leaderAddress));
        });
        assertEquals(List.of("connected " + standby.address(), "disconnected redirected to the leader "
                + leaderAddress, "connected " + leaderAddress), recorder.events);
        assertEquals("the redirect itself is not the owner's message", 1, leader.opened.size());
    }

    @Test
    public void noLeaderDropsTheConnectionAndWaits() throws IOException {
        TestServer a = server();
        startLink(a.address());
        await().atMost(5, SECONDS).until(() -> link.connection().isPresent());

        detector.set(Optional.empty());

        await().atMost(5, SECONDS).until(() -> a.closed.size() == 1);
        loop.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), loop.liveTimers());
        assertEquals(1, a.opened.size());
        assertEquals("disconnected no leader", recorder.events.get(recorder.events.size() - 1));
    }

    @Test
    public void backoffGrowsWhileTheMasterIsDownAndResetsOnALeaderChange() throws IOException {
        MasterAddress dead = MasterAddress.of(HOST, freePort());
        startLink(dead);

        List<Long> delays = new ArrayList<>();
        for (int failures = 1; failures <= 4; failures++) {
            int n = failures;
            await().atMost(5, SECONDS).until(() -> recorder.failures.size() == n);
            loop.settle();
            List<Instant> pending = loop.liveTimers();
            assertEquals(1, pending.size());
            Duration delay = Duration.between(loop.now(), pending.get(0));
            delays.add(delay.toMillis());
            if (n < 4) {
                loop.advance(delay);
            }
        }
        assertEquals(List.of(500L, 1000L, 2000L, 4000L), delays);
        assertEquals(List.of(1, 2, 3, 4), recorder.failures);

        TestServer a = server();
        detector.set(Optional.of(a.address()));
        // At once, not after the pending 4 s: a new leader resets the backoff.
        await().atMost(5, SECONDS).until(() -> link.connectedTo().equals(Optional.of(a.address())));
        a.opened.get(0).close();
        await().atMost(5, SECONDS).until(() -> link.connection().isEmpty() && !loop.liveTimers().isEmpty());
        assertEquals(List.of(loop.now().plusMillis(500)), loop.liveTimers());
    }

    @Test
    public void lossesGrowTheBackoffUntilTheOwnerResetsIt() throws IOException {
        TestServer a = server();
        startLink(a.address());
        List<Long> delays = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            int n = round;
            await().atMost(5, SECONDS).until(() -> a.opened.size() == n && link.connection().isPresent());
            if (round == 3) {
                loop.call(() -> {
                    link.resetBackoff();
                    return null;
                });
            }
            a.opened.get(round - 1).close();
            await().atMost(5, SECONDS).until(() -> link.connection().isEmpty() && !loop.liveTimers().isEmpty());
            Duration delay = Duration.between(loop.now(), loop.liveTimers().get(0));
            delays.add(delay.toMillis());
            loop.advance(delay);
        }
        assertEquals(List.of(500L, 1000L, 500L), delays);
    }

    @Test
    public void closeEndsTheConnectionAndEveryRetry() throws IOException {
        TestServer a = server();
        startLink(a.address());
        await().atMost(5, SECONDS).until(() -> link.connection().isPresent());

        link.close();

        await().atMost(5, SECONDS).until(() -> a.closed.size() == 1);
        loop.advance(Duration.ofMinutes(1));
        assertEquals(1, a.opened.size());
        assertEquals(List.of("connected " + a.address()), recorder.events);
        assertEquals(Optional.empty(), link.connection());
    }

    @Test
    public void anOwnerClosingTheLinkOnAFailedConnectStopsTheRetries() throws IOException {
        recorder.closeOnFailure = true;
        startLink(MasterAddress.of(HOST, freePort()));

        await().atMost(5, SECONDS).until(() -> recorder.failures.size() == 1);
        loop.settle();
        assertEquals(List.of(), loop.liveTimers());
    }

    // ------------------------------------------------------------------------------------------

    private void startLink(MasterAddress first) {
        detector.set(Optional.of(first));
        link = MasterLink.builder(Role.AGENT, "agent@test").detector(detector).loop(loop).listener(recorder)
                .protocol(ProtocolConfig.builder().connectTimeout(Duration.ofSeconds(5)).build())
                .threadName("allot-link-test-connector").build();
        recorder.link = link;
        link.start();
    }

    private TestServer server() throws IOException {
        TestServer s = new TestServer();
        toClose.add(s);
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /** A master that records its sessions. */
    private static final class TestServer implements AutoCloseable, MessageHandler {
        final List<Connection> opened = new CopyOnWriteArrayList<>();
        final List<Connection> closed = new CopyOnWriteArrayList<>();
        private final ProtocolServer server;
        private final int port;

        TestServer() throws IOException {
            server = new ProtocolServer(ProtocolConfig.defaults(), Role.MASTER, "master", this);
            port = server.bind(HOST, 0).getPort();
        }

        MasterAddress address() {
            return MasterAddress.of(HOST, port);
        }

        @Override
        public void onOpen(Connection connection) {
            opened.add(connection);
        }

        @Override
        public void onMessage(Connection connection, Envelope envelope) {
        }

        @Override
        public void onClose(Connection connection, CloseReason reason, String detail) {
            closed.add(connection);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** Records the link's calls, which come on the loop; checks they do. */
    private static final class Recorder implements MasterLink.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Integer> failures = new CopyOnWriteArrayList<>();
        final List<String> offLoop = new CopyOnWriteArrayList<>();
        volatile boolean closeOnFailure;
        volatile MasterLink link;

        @Override
        public void onConnected(Connection connection, MasterAddress address) {
            onLoop();
            events.add("connected " + address);
        }

        @Override
        public void onMessage(Connection connection, Envelope envelope) {
            onLoop();
            events.add("message " + envelope.getMessageCase());
        }

        @Override
        public void onDisconnected(CloseReason reason, String detail) {
            onLoop();
            events.add("disconnected " + (reason == CloseReason.LOCAL_CLOSE ? "" : reason + " ") + detail);
        }

        @Override
        public void onConnectFailed(MasterAddress address, ProtocolException error, int n) {
            onLoop();
            failures.add(n);
            if (closeOnFailure) {
                link.close();
            }
        }

        /** A listener call off the loop; an assertion here would only be logged by the loop. */
        private void onLoop() {
            String thread = Thread.currentThread().getName();
            if (!thread.equals("allot-link-test-loop")) {
                offLoop.add(thread);
            }
        }
    }
}
