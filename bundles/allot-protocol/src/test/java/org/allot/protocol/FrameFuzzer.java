package org.allot.protocol;

import java.util.Arrays;
import java.util.Random;

import org.allot.protocol.proto.Accept;
import org.allot.protocol.proto.Decline;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.FrameworkMessage;
import org.allot.protocol.proto.Offer;
import org.allot.protocol.proto.Offers;
import org.allot.protocol.proto.Reconcile;
import org.allot.protocol.proto.Resource;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskInfo;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.TaskStatus;

import com.google.protobuf.ByteString;

/** Makes valid and broken frames from a seeded {@link Random}, for the fuzz tests. */
final class FrameFuzzer {

    /** The ways a frame is broken. */
    enum Mutation {
        TRUNCATED, LYING_LENGTH, FLIPPED_BYTES, RANDOM_BYTES, RANDOM_BODY, OVERSIZED_LENGTH, NEGATIVE_LENGTH,
        EMPTY_FRAME
    }

    private static final Mutation[] MUTATIONS = Mutation.values();
    private static final TaskState[] STATES = {TaskState.TASK_STAGING, TaskState.TASK_STARTING,
            TaskState.TASK_RUNNING, TaskState.TASK_FINISHED, TaskState.TASK_FAILED, TaskState.TASK_LOST};

    private final Random random;
    private final int maxFrameBytes;

    FrameFuzzer(Random random, int maxFrameBytes) {
        this.random = random;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** A valid application message (never a handshake or heartbeat message). */
    Envelope message() {
        switch (random.nextInt(6)) {
            case 0:
                return Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder().setFrameworkId(id("f"))
                        .setStatus(TaskStatus.newBuilder().setTaskId(id("t"))
                                .setState(STATES[random.nextInt(STATES.length)])
                                .setUuid(ByteString.copyFrom(bytes(16)))
                                .setTimestampMillis(random.nextLong()))).build();
            case 1:
                return Envelope.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder()
                        .setFrameworkId(id("f")).setExecutorId(id("e"))
                        .setData(ByteString.copyFrom(bytes(random.nextInt(200))))).build();
            case 2:
                Offers.Builder offers = Offers.newBuilder();
                for (int i = random.nextInt(4); i >= 0; i--) {
                    offers.addOffers(Offer.newBuilder().setOfferId(id("o")).setAgentId(id("a"))
                            .addResources(scalar("cpus")).addResources(scalar("mem"))
                            .addResources(Resource.newBuilder().setName("ports").setRanges(Resource.Ranges.newBuilder()
                                    .addRange(Resource.Range.newBuilder().setBegin(31000).setEnd(32000)))));
                }
                return Envelope.newBuilder().setOffers(offers).build();
            case 3:
                return Envelope.newBuilder().setAccept(Accept.newBuilder().setFrameworkId(id("f"))
                        .addOfferIds(id("o")).addTasks(TaskInfo.newBuilder().setTaskId(id("t")).setName("fuzz")
                                .addResources(scalar("cpus")))
                        .setRefuseSeconds(random.nextDouble() * 10)).build();
            case 4:
                return Envelope.newBuilder().setDecline(Decline.newBuilder().setFrameworkId(id("f"))
                        .addOfferIds(id("o"))).build();
            default:
                return Envelope.newBuilder().setReconcile(Reconcile.newBuilder().setFrameworkId(id("f"))
                        .addTaskIds(id("t"))).build();
        }
    }

    byte[] validFrame() {
        return RawPeer.frame(message());
    }

    Mutation randomMutation() {
        return MUTATIONS[random.nextInt(MUTATIONS.length)];
    }

    /** A frame broken in the given way (which may, by chance, still be a valid frame). */
    byte[] mutated(Mutation mutation) {
        byte[] frame = validFrame();
        switch (mutation) {
            case TRUNCATED:
                return Arrays.copyOf(frame, random.nextInt(frame.length));
            case LYING_LENGTH:
                int lie = frame.length - 4 + (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(40));
                writeLength(frame, Math.max(0, lie));
                return frame;
            case FLIPPED_BYTES:
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    frame[random.nextInt(frame.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return frame;
            case RANDOM_BYTES:
                return bytes(1 + random.nextInt(64));
            case RANDOM_BODY:
                byte[] body = bytes(1 + random.nextInt(64));
                byte[] framed = new byte[4 + body.length];
                writeLength(framed, body.length);
                System.arraycopy(body, 0, framed, 4, body.length);
                return framed;
            case OVERSIZED_LENGTH:
                byte[] oversized = new byte[4 + random.nextInt(16)];
                writeLength(oversized, maxFrameBytes + 1 + random.nextInt(Integer.MAX_VALUE - maxFrameBytes));
                return oversized;
            case NEGATIVE_LENGTH:
                byte[] negative = new byte[4 + random.nextInt(16)];
                writeLength(negative, Integer.MIN_VALUE + random.nextInt(Integer.MAX_VALUE));
                return negative;
            case EMPTY_FRAME:
                return new byte[4];
            default:
                throw new IllegalArgumentException("unknown mutation " + mutation);
        }
    }

    private Resource scalar(String name) {
        return Resource.newBuilder().setName(name).setRole("*").setScalarMillis(random.nextInt(1_000_000)).build();
    }

    private String id(String prefix) {
        return prefix + "-" + random.nextInt(10_000);
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void writeLength(byte[] frame, int length) {
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
    }
}
