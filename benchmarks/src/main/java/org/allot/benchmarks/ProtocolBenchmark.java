package org.allot.benchmarks;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolClient;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolServer;
import org.allot.protocol.internal.codec.FrameDecoder;
import org.allot.protocol.internal.codec.FrameEncoder;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.TaskStatus;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.service.DefaultTransportMetadata;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionConfig;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import com.google.protobuf.ByteString;

/**
 * The cost of Allot's wire protocol:
 * <ul>
 * <li>{@link #encodeDecode}: one {@code StatusUpdate} envelope through the real {@link FrameEncoder}
 * and {@link FrameDecoder}, no network;</li>
 * <li>{@link #roundTrip}: one small request answered by a {@link ProtocolServer} over loopback TCP and
 * received by a {@link ProtocolClient}, through the whole filter chain on both sides.</li>
 * </ul>
 * Run {@code java -jar benchmarks/target/allot-benchmarks.jar ProtocolBenchmark}; add {@code -t 4}
 * for four connections at once.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProtocolBenchmark {

    static Envelope statusUpdate() {
        return Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder()
                .setFrameworkId("f-0001")
                .setStatus(TaskStatus.newBuilder()
                        .setTaskId("task-000042")
                        .setState(TaskState.TASK_RUNNING)
                        .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                        .setUuid(ByteString.copyFrom(new byte[16]))
                        .setAgentId("a-0007")
                        .setTimestampMillis(1_700_000_000_000L)))
                .build();
    }

    /** The real codec classes on a stand-in session, as MINA would drive them. */
    @State(Scope.Thread)
    public static class Codec implements ProtocolEncoderOutput, ProtocolDecoderOutput {
        final Envelope message = statusUpdate();
        final FrameEncoder encoder = new FrameEncoder(ProtocolConfig.DEFAULT_MAX_FRAME_BYTES);
        final FrameDecoder decoder = new FrameDecoder(ProtocolConfig.DEFAULT_MAX_FRAME_BYTES);
        final DummySession session = new DummySession();
        IoBuffer encoded;
        Object decoded;

        @Setup
        public void setUp() {
            session.setTransportMetadata(new DefaultTransportMetadata("bench", "socket", false, true,
                    SocketAddress.class, IoSessionConfig.class, Object.class));
        }

        @Override
        public void write(Object message) {
            if (message instanceof IoBuffer) {
                encoded = (IoBuffer) message;
            } else {
                decoded = message;
            }
        }

        @Override
        public void flush(NextFilter nextFilter, IoSession s) {
        }
    }

    @Benchmark
    public Object encodeDecode(Codec codec) throws Exception {
        codec.encoder.encode(codec.session, codec.message, codec);
        codec.decoder.decode(codec.session, codec.encoded, codec);
        return codec.decoded;
    }

    /** An echoing master on 127.0.0.1 and a free port, shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Server {
        ProtocolServer server;
        InetSocketAddress address;

        @Setup(Level.Trial)
        public void start() throws Exception {
            server = new ProtocolServer(ProtocolConfig.defaults(), Role.MASTER, "bench-master",
                    (connection, envelope) -> connection.send(envelope));
            address = server.bind("127.0.0.1", 0);
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }
    }

    /** One connection per benchmark thread, with the queue its echoes arrive in. */
    @State(Scope.Thread)
    public static class Client implements MessageHandler {
        final Envelope message = statusUpdate();
        final BlockingQueue<Envelope> replies = new ArrayBlockingQueue<>(16);
        ProtocolClient client;
        Connection connection;

        @Setup(Level.Trial)
        public void connect(Server server) throws Exception {
            client = new ProtocolClient(ProtocolConfig.defaults(), this);
            connection = client.connect("127.0.0.1", server.address.getPort(),
                    Hello.newBuilder().setRole(Role.AGENT).setPrincipal("bench-agent").build());
        }

        @TearDown(Level.Trial)
        public void close() {
            client.close();
        }

        @Override
        public void onMessage(Connection c, Envelope envelope) {
            replies.add(envelope);
        }
    }

    @Benchmark
    public Envelope roundTrip(Client client) throws InterruptedException {
        client.connection.send(client.message);
        Envelope reply = client.replies.poll(10, TimeUnit.SECONDS);
        if (reply == null) {
            throw new IllegalStateException("no echo from " + client.connection + " within 10 s");
        }
        return reply;
    }
}
