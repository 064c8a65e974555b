package org.allot.protocol;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.allot.protocol.internal.codec.DecoderHarness;
import org.allot.protocol.internal.codec.FrameException;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.FrameworkMessage;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.Ping;
import org.allot.protocol.proto.Role;
import org.junit.Test;

import com.google.protobuf.ByteString;

/**
 * Throws random and mutated frames at the decoder and at a live acceptor on loopback, and checks
 * that nothing escapes, nothing leaks and well-behaved peers are still served. Bounded in count and
 * in time; the seed is printed, and {@code -Dallot.fuzz.seed=N} replays a run.
 */
public class ProtocolFuzzTest {

    private static final int MAX_FRAME_BYTES = 64 * 1024;
    /** The flood aims at this many frames; the time budget may cut it short on a loaded machine. */
    private static final long NETWORK_FRAMES = 100_000;
    /**
     * What must have been sent for the run to mean anything. NOTE: a floor on coverage, not on
     * speed: throughput belongs in ProtocolBenchmark, and a shared CI machine can be slow.
     */
    private static final long MIN_NETWORK_FRAMES = 10_000;
    private static final int MIN_DECODE_INPUTS = 10_000;
    private static final long NETWORK_BUDGET_NANOS = SECONDS.toNanos(35);
    private static final int DECODE_INPUTS = 200_000;
    private static final long DECODE_BUDGET_NANOS = SECONDS.toNanos(10);
    private static final int WORKERS = 4;

    private final long seed = Long.getLong("allot.fuzz.seed", System.nanoTime());

    @Test
    public void decoderOnlyEverDecodesOrFailsWithAFrameException() throws Exception {
        System.out.println("ProtocolFuzzTest decoder seed: " + seed + " (replay with -Dallot.fuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        FrameFuzzer fuzzer = new FrameFuzzer(random, MAX_FRAME_BYTES);
        Map<Error.Code, Integer> failures = new EnumMap<>(Error.Code.class);
        long start = System.nanoTime();
        int inputs = 0;
        int cleanInputsChecked = 0;
        while (inputs < DECODE_INPUTS && System.nanoTime() - start < DECODE_BUDGET_NANOS) {
            inputs++;
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            List<Envelope> sent = new ArrayList<>();
            boolean clean = true;
            for (int frames = 1 + random.nextInt(4); frames > 0; frames--) {
                if (random.nextInt(3) == 0) {
                    input.write(fuzzer.mutated(fuzzer.randomMutation()));
                    clean = false;
                } else {
                    Envelope message = fuzzer.message();
                    sent.add(message);
                    input.write(RawPeer.frame(message));
                }
            }
            byte[] bytes = input.toByteArray();
            DecoderHarness harness = new DecoderHarness(MAX_FRAME_BYTES);
            try {
                // Random read boundaries, as TCP would cut the stream.
                int at = 0;
                while (at < bytes.length) {
                    int chunk = Math.min(bytes.length - at, 1 + random.nextInt(Math.max(1, bytes.length / 2)));
                    harness.read(bytes, at, chunk);
                    at += chunk;
                }
            } catch (FrameException e) {
                failures.merge(e.code(), 1, Integer::sum);
                continue;
            } catch (Throwable t) {
                throw new AssertionError("decoder threw " + t + " (not a FrameException) on input " + inputs
                        + " of seed " + seed, t);
            }
            if (clean) {
                assertEquals("clean input " + inputs + " of seed " + seed, sent, harness.decoded());
                cleanInputsChecked++;
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("ProtocolFuzzTest decoder: " + inputs + " inputs in " + millis + " ms, " + cleanInputsChecked
                + " clean inputs decoded exactly, failures by code " + failures);
        assertTrue("too few decoder inputs in the time budget: " + inputs, inputs >= MIN_DECODE_INPUTS);
        assertTrue("the fuzzer produced no framing failures: " + failures, failures.size() >= 2);
    }

    @Test
    public void acceptorSurvivesAFloodOfBrokenFramesAndKeepsServingGoodPeers() throws Exception {
        System.out.println("ProtocolFuzzTest network seed: " + seed + " (replay with -Dallot.fuzz.seed=" + seed + ")");
        RecordingHandler serverHandler = new RecordingHandler(false, true);
        ProtocolConfig config = ProtocolConfig.builder().maxFrameBytes(MAX_FRAME_BYTES).build();
        try (ProtocolServer server = new ProtocolServer(config, Role.MASTER, "fuzz-master", serverHandler);
                ProtocolClient goodClient = new ProtocolClient(config, new EchoCounter())) {
            InetSocketAddress address = server.bind("127.0.0.1", 0);

            // A well-behaved client stays connected through the whole flood.
            EchoCounter echoes = new EchoCounter();
            ProtocolClient observer = new ProtocolClient(config, echoes);
            Connection good = observer.connect("127.0.0.1", address.getPort(),
                    Hello.newBuilder().setRole(Role.SCHEDULER).setPrincipal("good").build());

            AtomicLong framesSent = new AtomicLong();
            AtomicLong connections = new AtomicLong();
            AtomicLong deliverableFrames = new AtomicLong();
            long start = System.nanoTime();
            ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
            List<Future<?>> results = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Random random = new Random(seed + w);
                results.add(workers.submit(() -> {
                    flood(address, random, start, framesSent, connections, deliverableFrames);
                    return null;
                }));
            }
            workers.shutdown();
            // While the flood runs, the good client keeps talking and must keep being answered.
            int echoesSent = 0;
            while (!workers.awaitTermination(20, MILLISECONDS)) {
                assertTrue("the good client's connection was dropped during the flood", good.isOpen());
                good.send(echo(echoesSent++));
            }
            for (Future<?> result : results) {
                result.get();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("ProtocolFuzzTest network: " + framesSent.get() + " frames on " + connections.get()
                    + " connections in " + millis + " ms; " + serverHandler.messages.get()
                    + " messages reached the handler (at least " + deliverableFrames.get() + " expected)");

            assertTrue("sent only " + framesSent.get() + " frames in the time budget",
                    framesSent.get() >= MIN_NETWORK_FRAMES);
            int sentEchoes = echoesSent;
            await().atMost(10, SECONDS).until(() -> echoes.count.get() == sentEchoes);

            // New good peers are served after the flood, through the API and on a raw socket.
            Connection late = goodClient.connect("127.0.0.1", address.getPort(),
                    Hello.newBuilder().setRole(Role.AGENT).setPrincipal("late").build());
            assertTrue(late.isOpen());
            try (RawPeer raw = new RawPeer(address)) {
                raw.send(RawPeer.hello(ProtocolConfig.CURRENT_PROTOCOL_VERSION, "raw"));
                assertTrue(raw.read().hasWelcome());
                raw.send(Envelope.newBuilder().setPing(Ping.newBuilder().setSentAtMillis(99)).build());
                Envelope pong = raw.read();
                assertTrue("expected a Pong, got " + pong, pong.hasPong());
                assertEquals(99, pong.getPong().getPingSentAtMillis());
            }

            good.close();
            late.close();
            observer.close();
            await().atMost(20, SECONDS).until(() -> server.sessionCount() == 0);
            assertEquals("internal errors in the acceptor", 0, server.internalErrorCount());
            assertEquals("handler contract", List.of(), serverHandler.contractViolations);
            assertTrue("fewer messages reached the handler (" + serverHandler.messages.get()
                    + ") than valid frames sent after a good Hello (" + deliverableFrames.get() + ")",
                    serverHandler.messages.get() >= deliverableFrames.get());
        }
    }

    /**
     * One worker: opens connection after connection, each sending a (usually valid) Hello and a batch
     * of valid frames that usually ends in a broken one, then half-closes and drains the answers.
     */
    private static void flood(InetSocketAddress address, Random random, long start, AtomicLong framesSent,
            AtomicLong connections, AtomicLong deliverableFrames) throws IOException {
        FrameFuzzer fuzzer = new FrameFuzzer(random, MAX_FRAME_BYTES);
        byte[] drain = new byte[8192];
        while (framesSent.get() < NETWORK_FRAMES && System.nanoTime() - start < NETWORK_BUDGET_NANOS) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            int frames = 0;
            long deliverable = 0;
            boolean goodHello = random.nextInt(10) != 0;
            if (goodHello) {
                batch.writeBytes(RawPeer.frame(RawPeer.hello(ProtocolConfig.CURRENT_PROTOCOL_VERSION, "fuzz")));
            } else if (random.nextBoolean()) {
                batch.writeBytes(fuzzer.validFrame());   // wrong first message
            } else {
                batch.writeBytes(random.nextBoolean()
                        ? RawPeer.frame(RawPeer.hello(ProtocolConfig.CURRENT_PROTOCOL_VERSION + 1, "old"))
                        : fuzzer.mutated(fuzzer.randomMutation()));
            }
            frames++;
            for (int valid = 10 + random.nextInt(80); valid > 0; valid--) {
                batch.writeBytes(fuzzer.validFrame());
                frames++;
                if (goodHello) {
                    deliverable++;
                }
            }
            if (random.nextInt(10) < 8) {
                batch.writeBytes(fuzzer.mutated(fuzzer.randomMutation()));
                frames++;
                for (int after = random.nextInt(3); after > 0; after--) {
                    batch.writeBytes(random.nextBoolean() ? fuzzer.validFrame()
                            : fuzzer.mutated(fuzzer.randomMutation()));
                    frames++;
                }
            }
            byte[] bytes = batch.toByteArray();
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(address, 5_000);
                socket.setSoTimeout(10_000);
                // Some batches go out in a few pieces, so frames also straddle TCP reads.
                int at = 0;
                int pieces = random.nextInt(4) == 0 ? 1 + random.nextInt(4) : 1;
                while (at < bytes.length) {
                    int length = pieces-- <= 1 ? bytes.length - at : 1 + random.nextInt(bytes.length - at);
                    socket.getOutputStream().write(bytes, at, length);
                    at += length;
                }
                framesSent.addAndGet(frames);
                deliverableFrames.addAndGet(deliverable);
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                while (in.read(drain) >= 0) {
                    // Welcome, echoes and Errors are not checked here: only that the server ends the session.
                }
            } catch (SocketTimeoutException e) {
                fail("the server kept a fuzzed session open for more than 10 s after its peer half-closed");
            } catch (SocketException e) {
                // The server closed first, after an Error, while frames were still being written or
                // unread: a reset is an expected ending. A batch counts only once all of it was written.
                if (!e.getMessage().contains("reset") && !e.getMessage().contains("Broken pipe")) {
                    throw e;
                }
            }
            connections.incrementAndGet();
        }
    }

    private static Envelope echo(int n) {
        return Envelope.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder().setFrameworkId("good")
                .setData(ByteString.copyFromUtf8("echo " + n))).build();
    }

    /** Counts echoed messages on the good client. */
    private static final class EchoCounter implements MessageHandler {
        final AtomicLong count = new AtomicLong();

        @Override
        public void onMessage(Connection connection, Envelope envelope) {
            count.incrementAndGet();
        }
    }
}
