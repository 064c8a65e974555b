package org.allot.protocol;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.FrameworkMessage;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.Ping;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.TaskStatus;
import org.junit.After;
import org.junit.Test;

import com.google.protobuf.ByteString;

/** A live server on loopback, driven by {@link ProtocolClient}s and by {@link RawPeer}s sending exact bytes. */
public class ProtocolServerTest {

    private static final String HOST = "127.0.0.1";
    private static final int VERSION = ProtocolConfig.CURRENT_PROTOCOL_VERSION;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final RecordingHandler serverHandler = RecordingHandler.echoingServer();
    private ProtocolServer server;
    private InetSocketAddress address;

    @After
    public void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        assertEquals("handler contract", List.of(), serverHandler.contractViolations);
    }

    private void startServer(ProtocolConfig config, Authenticator authenticator) throws IOException {
        server = new ProtocolServer(config, Role.MASTER, "master-1", authenticator, serverHandler);
        toClose.add(server);
        address = server.bind(HOST, 0);
    }

    private void startServer() throws IOException {
        startServer(ProtocolConfig.defaults(), Authenticator.acceptAll());
    }

    private RawPeer rawPeer() throws IOException {
        RawPeer peer = new RawPeer(address);
        toClose.add(peer);
        return peer;
    }

    /** A raw peer past the handshake. */
    private RawPeer welcomedPeer(String principal) throws IOException {
        RawPeer peer = rawPeer();
        peer.send(RawPeer.hello(VERSION, principal));
        Envelope welcome = peer.read();
        assertNotNull(welcome);
        assertTrue("expected a Welcome, got " + welcome, welcome.hasWelcome());
        return peer;
    }

    private ProtocolClient client(ProtocolConfig config, MessageHandler handler) {
        ProtocolClient client = new ProtocolClient(config, handler);
        toClose.add(client);
        return client;
    }

    private static Hello hello(String principal) {
        return Hello.newBuilder().setRole(Role.AGENT).setPrincipal(principal).build();
    }

    private static Envelope frameworkMessage(String text) {
        return Envelope.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder()
                .setFrameworkId("f-1").setData(ByteString.copyFromUtf8(text))).build();
    }

    private static Envelope statusUpdate(String taskId) {
        return Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder().setFrameworkId("f-1")
                .setStatus(TaskStatus.newBuilder().setTaskId(taskId).setState(TaskState.TASK_RUNNING))).build();
    }

    private static byte[] header(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    /** Reads the Error the server answers with, and checks the server then closes the connection. */
    private static Error expectErrorThenClose(RawPeer peer) throws IOException {
        Envelope answer = peer.read();
        assertNotNull("the server closed without an Error", answer);
        assertTrue("expected an Error, got " + answer, answer.hasError());
        assertTrue("the server did not close after its Error", peer.readsEndOfStream());
        return answer.getError();
    }

    private void awaitNoSessions() {
        await().atMost(10, SECONDS).until(() -> server.sessionCount() == 0);
    }

    @Test
    public void handshakeOpensConnectionsWithEachOthersIdentity() throws Exception {
        startServer();
        RecordingHandler clientHandler = new RecordingHandler();
        Connection connection = client(ProtocolConfig.defaults(), clientHandler).connect(HOST, address.getPort(),
                hello("agent-7"));

        assertEquals(Role.MASTER, connection.peerRole());
        assertEquals("master-1", connection.peerPrincipal());
        assertTrue(connection.isOpen());
        assertEquals(List.of(connection), clientHandler.opened);
        await().atMost(10, SECONDS).until(() -> serverHandler.opened.size() == 1);
        Connection onServer = serverHandler.opened.get(0);
        assertEquals(Role.AGENT, onServer.peerRole());
        assertEquals("agent-7", onServer.peerPrincipal());
        assertEquals(1, server.sessionCount());
    }

    @Test
    public void messagesReachTheHandlerInOrderAndRepliesReachTheClient() throws Exception {
        startServer();
        RecordingHandler clientHandler = new RecordingHandler();
        Connection connection = client(ProtocolConfig.defaults(), clientHandler).connect(HOST, address.getPort(),
                hello("agent-7"));
        List<Envelope> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(statusUpdate("t" + i));
            assertTrue(connection.send(sent.get(i)));
        }
        assertTrue(connection.send(frameworkMessage("echo me")));
        sent.add(frameworkMessage("echo me"));

        await().atMost(10, SECONDS).until(() -> serverHandler.received.size() == sent.size());
        assertEquals(sent, serverHandler.received);
        await().atMost(10, SECONDS).until(() -> clientHandler.received.size() == 1);
        assertEquals(frameworkMessage("echo me"), clientHandler.received.get(0));
    }

    @Test
    public void pingIsAnsweredWithPongAndNeverReachesTheHandler() throws Exception {
        startServer();
        RawPeer peer = welcomedPeer("agent-1");
        peer.send(Envelope.newBuilder().setPing(Ping.newBuilder().setSentAtMillis(42)).build());
        Envelope pong = peer.read();
        assertTrue("expected a Pong, got " + pong, pong.hasPong());
        assertEquals(42, pong.getPong().getPingSentAtMillis());
        peer.send(frameworkMessage("after ping"));
        assertEquals(frameworkMessage("after ping"), peer.read());
        assertEquals(List.of(frameworkMessage("after ping")), serverHandler.received);
    }

    @Test
    public void oversizedFrameIsAnsweredWithErrorAndClosed() throws Exception {
        startServer(ProtocolConfig.builder().maxFrameBytes(1024).build(), Authenticator.acceptAll());
        RawPeer peer = welcomedPeer("agent-1");
        peer.send(header(1025));
        Error error = expectErrorThenClose(peer);
        assertEquals(Error.Code.FRAME_TOO_LARGE, error.getCode());
        assertTrue(error.getReason(), error.getReason().contains("1025") && error.getReason().contains("1024"));
        await().atMost(10, SECONDS).until(() -> serverHandler.closed.size() == 1);
        assertTrue(serverHandler.closed.values().iterator().next().contains("over the maximum"));
        assertEquals(List.of(CloseReason.PROTOCOL_ERROR), List.copyOf(serverHandler.closeReasons.values()));
        awaitNoSessions();
    }

    @Test
    public void garbageBytesAreAnsweredWithErrorAndClosed() throws Exception {
        startServer();
        RawPeer peer = rawPeer();
        peer.send(new byte[] {0, 0, 0, 8, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4});
        Error error = expectErrorThenClose(peer);
        assertEquals(Error.Code.MALFORMED_FRAME, error.getCode());
        assertTrue(error.getReason(), error.getReason().contains("not an Allot Envelope"));
        awaitNoSessions();
        assertTrue("a refused peer is never opened", serverHandler.opened.isEmpty());
    }

    @Test
    public void negativeLengthIsAnsweredWithErrorAndClosed() throws Exception {
        startServer();
        RawPeer peer = rawPeer();
        peer.send(header(-1));
        assertEquals(Error.Code.MALFORMED_FRAME, expectErrorThenClose(peer).getCode());
        awaitNoSessions();
    }

    @Test
    public void firstFrameThatIsNotHelloIsAnsweredWithErrorAndClosed() throws Exception {
        startServer();
        RawPeer peer = rawPeer();
        peer.send(statusUpdate("t1"));
        Error error = expectErrorThenClose(peer);
        assertEquals(Error.Code.HANDSHAKE_REQUIRED, error.getCode());
        assertTrue(error.getReason(), error.getReason().contains("STATUS_UPDATE"));
        assertTrue(serverHandler.received.isEmpty());
        awaitNoSessions();
    }

    @Test
    public void secondHelloIsAProtocolViolation() throws Exception {
        startServer();
        RawPeer peer = welcomedPeer("agent-1");
        peer.send(RawPeer.hello(VERSION, "agent-1"));
        assertEquals(Error.Code.PROTOCOL_VIOLATION, expectErrorThenClose(peer).getCode());
    }

    @Test
    public void wrongVersionIsRefusedNamingBothVersions() throws Exception {
        startServer();
        RawPeer peer = rawPeer();
        peer.send(RawPeer.hello(VERSION + 41, "agent-1"));
        Error error = expectErrorThenClose(peer);
        assertEquals(Error.Code.UNSUPPORTED_VERSION, error.getCode());
        assertTrue(error.getReason(), error.getReason().contains("version " + (VERSION + 41))
                && error.getReason().contains("version " + VERSION));
    }

    @Test
    public void clientSeesAVersionRefusalAsProtocolException() throws Exception {
        startServer();
        ProtocolClient client = client(ProtocolConfig.defaults(), new RecordingHandler());
        try {
            client.connect(HOST, address.getPort(), hello("agent-1").toBuilder().setProtocolVersion(9).build());
            fail("connected with a wrong protocol version");
        } catch (ProtocolException e) {
            assertEquals(Error.Code.UNSUPPORTED_VERSION, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("version 9") && e.getMessage().contains("version 1"));
        }
    }

    @Test
    public void authenticationRefusalReachesTheClientWithItsReason() throws Exception {
        startServer(ProtocolConfig.defaults(), (principal, credentials) ->
                credentials.toStringUtf8().equals("secret") ? AuthResult.accept()
                        : AuthResult.refuse("wrong secret for '" + principal + "'; check etc/allot-users"));
        ProtocolClient client = client(ProtocolConfig.defaults(), new RecordingHandler());
        try {
            client.connect(HOST, address.getPort(),
                    hello("mallory").toBuilder().setCredentials(ByteString.copyFromUtf8("guess")).build());
            fail("connected with wrong credentials");
        } catch (ProtocolException e) {
            assertEquals(Error.Code.AUTHENTICATION_FAILED, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("wrong secret for 'mallory'"));
        }
        Connection good = client.connect(HOST, address.getPort(),
                hello("alice").toBuilder().setCredentials(ByteString.copyFromUtf8("secret")).build());
        assertTrue(good.isOpen());
        await().atMost(10, SECONDS).until(() -> server.sessionCount() == 1);
        assertEquals(0, server.internalErrorCount());
    }

    @Test
    public void throwingAuthenticatorRefusesWithInternalErrorAndIsCounted() throws Exception {
        startServer(ProtocolConfig.defaults(), (principal, credentials) -> {
            throw new IllegalStateException("user store unreachable");
        });
        RawPeer peer = rawPeer();
        peer.send(RawPeer.hello(VERSION, "agent-1"));
        Error error = expectErrorThenClose(peer);
        assertEquals(Error.Code.INTERNAL_ERROR, error.getCode());
        assertTrue(error.getReason(), error.getReason().contains("user store unreachable"));
        assertEquals(1, server.internalErrorCount());
    }

    @Test
    public void silentPeerIsDeclaredLostAfterTheHeartbeatTimeout() throws Exception {
        startServer(ProtocolConfig.builder().heartbeatInterval(Duration.ofSeconds(1))
                .heartbeatTimeout(Duration.ofSeconds(1)).build(), Authenticator.acceptAll());
        RawPeer peer = welcomedPeer("agent-silent");
        Envelope ping = peer.read();
        assertTrue("the server pings an idle peer, got " + ping, ping.hasPing());
        // The peer does not answer: it is declared lost and its connection closed.
        await().atMost(10, SECONDS).until(() -> serverHandler.closed.size() == 1);
        String reason = serverHandler.closed.values().iterator().next();
        assertTrue(reason, reason.startsWith("heartbeat timeout: AGENT 'agent-silent'"));
        assertEquals(List.of(CloseReason.HEARTBEAT_TIMEOUT), List.copyOf(serverHandler.closeReasons.values()));
        assertTrue(peer.readsEndOfStream());
        awaitNoSessions();
    }

    @Test
    public void heartbeatsKeepAnIdleClientConnectionAlive() throws Exception {
        // Idle for 4 s, longer than the 1 s interval plus 2 s timeout after which a silent peer is lost.
        ProtocolConfig quick = ProtocolConfig.builder().heartbeatInterval(Duration.ofSeconds(1))
                .heartbeatTimeout(Duration.ofSeconds(2)).build();
        startServer(quick, Authenticator.acceptAll());
        Connection connection = client(quick, new RecordingHandler()).connect(HOST, address.getPort(),
                hello("agent-idle"));
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(connection::isOpen);
        assertTrue(serverHandler.closed.isEmpty());
    }

    @Test
    public void goodClientKeepsBeingServedWhileABadOneIsCutOff() throws Exception {
        startServer();
        RecordingHandler clientHandler = new RecordingHandler();
        Connection good = client(ProtocolConfig.defaults(), clientHandler).connect(HOST, address.getPort(),
                hello("good"));
        RawPeer bad = welcomedPeer("bad");
        good.send(frameworkMessage("before"));
        bad.send(new byte[] {0, 0, 0, 3, 9, 9, 9});
        assertEquals(Error.Code.MALFORMED_FRAME, expectErrorThenClose(bad).getCode());
        good.send(frameworkMessage("after"));
        await().atMost(10, SECONDS).until(() -> clientHandler.received.size() == 2);
        assertEquals(List.of(frameworkMessage("before"), frameworkMessage("after")), clientHandler.received);
        assertTrue(good.isOpen());
        await().atMost(10, SECONDS).until(() -> server.sessionCount() == 1);
        assertEquals(0, server.internalErrorCount());
    }

    @Test
    public void closingEitherSideIsReportedWithAReasonAndLeavesNoSession() throws Exception {
        startServer();
        RecordingHandler clientHandler = new RecordingHandler();
        ProtocolClient client = client(ProtocolConfig.defaults(), clientHandler);
        Connection first = client.connect(HOST, address.getPort(), hello("one"));
        Connection second = client.connect(HOST, address.getPort(), hello("two"));
        first.close();
        await().atMost(10, SECONDS).until(() -> clientHandler.closed.size() == 1);
        assertEquals("closed locally", clientHandler.closed.get(first.id()));
        assertEquals(CloseReason.LOCAL_CLOSE, clientHandler.closeReasons.get(first.id()));
        await().atMost(10, SECONDS).until(() -> serverHandler.closed.size() == 1);
        assertEquals("closed by peer", serverHandler.closed.values().iterator().next());
        assertEquals(List.of(CloseReason.PEER_CLOSED), List.copyOf(serverHandler.closeReasons.values()));
        assertFalse(first.isOpen());
        assertFalse(first.send(frameworkMessage("dropped")));

        server.close();
        await().atMost(10, SECONDS).until(() -> clientHandler.closed.size() == 2);
        assertEquals("closed by peer", clientHandler.closed.get(second.id()));
        assertEquals(CloseReason.PEER_CLOSED, clientHandler.closeReasons.get(second.id()));
        assertEquals(2, serverHandler.closed.size());
        assertTrue(serverHandler.closed.containsValue("server closed"));
        assertTrue(serverHandler.closeReasons.containsValue(CloseReason.LOCAL_CLOSE));
        assertEquals(0, server.sessionCount());
        assertEquals(null, server.localAddress());
    }

    @Test
    public void sendRefusesAMessageOverTheMaximumFrameSize() throws Exception {
        ProtocolConfig small = ProtocolConfig.builder().maxFrameBytes(256).build();
        startServer(small, Authenticator.acceptAll());
        Connection connection = client(small, new RecordingHandler()).connect(HOST, address.getPort(),
                hello("agent-1"));
        try {
            connection.send(frameworkMessage("x".repeat(300)));
            fail("sent a message over the maximum");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("maximum frame size of 256"));
        }
        assertTrue(connection.isOpen());
    }

    @Test
    public void handlerExceptionIsCountedAndTheConnectionStaysOpen() throws Exception {
        server = new ProtocolServer(ProtocolConfig.defaults(), Role.MASTER, "master-1", (c, e) -> {
            if (e.hasStatusUpdate()) {
                throw new IllegalStateException("handler bug");
            }
            c.send(e);
        });
        toClose.add(server);
        address = server.bind(HOST, 0);
        RawPeer peer = welcomedPeer("agent-1");
        peer.send(statusUpdate("t1"));
        peer.send(frameworkMessage("still served"));
        assertEquals(frameworkMessage("still served"), peer.read());
        assertEquals(1, server.internalErrorCount());
    }

    @Test
    public void closeWithErrorSendsTheErrorThenCloses() throws Exception {
        Map<CloseReason, String> closed = new ConcurrentHashMap<>();
        server = new ProtocolServer(ProtocolConfig.defaults(), Role.MASTER, "master-1", new MessageHandler() {
            @Override
            public void onMessage(Connection c, Envelope e) {
                c.closeWithError(Error.Code.NOT_LEADER, "master-1 is not the leader; try master-2");
            }

            @Override
            public void onClose(Connection c, CloseReason reason, String detail) {
                closed.put(reason, detail);
            }
        });
        toClose.add(server);
        address = server.bind(HOST, 0);
        RawPeer peer = welcomedPeer("agent-1");
        peer.send(statusUpdate("t1"));
        Error error = expectErrorThenClose(peer);
        assertEquals(Error.Code.NOT_LEADER, error.getCode());
        assertEquals("master-1 is not the leader; try master-2", error.getReason());
        await().atMost(10, SECONDS).until(() -> !closed.isEmpty());
        assertEquals(Map.of(CloseReason.LOCAL_ERROR, "master-1 is not the leader; try master-2"), closed);
    }

    @Test
    public void connectTimesOutWhenTheServerNeverAnswers() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 50, java.net.InetAddress.getByName(HOST))) {
            ProtocolClient client = client(ProtocolConfig.builder().connectTimeout(Duration.ofMillis(500)).build(),
                    new RecordingHandler());
            long start = System.nanoTime();
            try {
                client.connect(HOST, mute.getLocalPort(), hello("agent-1"));
                fail("connected to a server that never answers");
            } catch (ProtocolException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("no Welcome within 500 ms"));
                assertTrue(System.nanoTime() - start < SECONDS.toNanos(5));
            }
            await().atMost(10, SECONDS).until(() -> client.sessionCount() == 0);
        }
    }

    @Test
    public void connectToAClosedPortFailsNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            port = probe.getLocalPort();
        }
        try {
            client(ProtocolConfig.defaults(), new RecordingHandler()).connect(HOST, port, hello("agent-1"));
            fail("connected to a closed port");
        } catch (ProtocolException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("could not connect to") && e.getMessage()
                    .contains(String.valueOf(port)));
        }
    }

    @Test
    public void bindingAnAddressInUseFailsNamingIt() throws Exception {
        startServer();
        ProtocolServer other = new ProtocolServer(ProtocolConfig.defaults(), Role.MASTER, "m2",
                new RecordingHandler());
        toClose.add(other);
        try {
            other.bind(HOST, address.getPort());
            fail("bound an address in use");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(String.valueOf(address.getPort())));
        }
    }
}
