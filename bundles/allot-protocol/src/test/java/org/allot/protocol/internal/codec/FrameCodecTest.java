package org.allot.protocol.internal.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.Ping;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.StatusUpdate;
import org.allot.protocol.proto.TaskState;
import org.allot.protocol.proto.TaskStatus;
import org.junit.Test;

import com.google.protobuf.ByteString;

public class FrameCodecTest {

    private static final int MAX = 1024;

    private static Envelope statusUpdate(int i) {
        return Envelope.newBuilder().setStatusUpdate(StatusUpdate.newBuilder()
                .setFrameworkId("f-1")
                .setStatus(TaskStatus.newBuilder()
                        .setTaskId("task-" + i)
                        .setState(TaskState.TASK_RUNNING)
                        .setUuid(ByteString.copyFromUtf8("uuid-" + i))
                        .setTimestampMillis(1_700_000_000_000L + i)))
                .build();
    }

    private static byte[] frame(Envelope e) throws Exception {
        return FrameEncoder.encode(e, MAX);
    }

    private static byte[] header(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static FrameException expectFailure(DecoderHarness harness, byte[] bytes) throws Exception {
        try {
            harness.read(bytes);
        } catch (FrameException e) {
            return e;
        }
        fail("expected a FrameException, decoded " + harness.decoded());
        return null;
    }

    @Test
    public void encoderWritesBigEndianLengthThenEnvelope() throws Exception {
        Envelope ping = Envelope.newBuilder().setPing(Ping.newBuilder().setSentAtMillis(7)).build();
        byte[] bytes = frame(ping);
        int size = ping.getSerializedSize();
        assertEquals(4 + size, bytes.length);
        assertEquals(size, ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8)
                | (bytes[3] & 0xff));
        assertEquals(ping, Envelope.parser().parseFrom(bytes, 4, size));
    }

    @Test
    public void frameFedOneByteAtATimeIsDecodedOnceComplete() throws Exception {
        Envelope message = statusUpdate(1);
        byte[] bytes = frame(message);
        DecoderHarness harness = new DecoderHarness(MAX);
        for (int i = 0; i < bytes.length - 1; i++) {
            assertTrue("nothing before the last byte, at byte " + i, harness.read(bytes, i, 1).isEmpty());
        }
        assertEquals(List.of(message), harness.read(bytes, bytes.length - 1, 1));
    }

    @Test
    public void manyFramesCoalescedInOneReadAreAllDecodedInOrder() throws Exception {
        List<Envelope> sent = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            sent.add(statusUpdate(i));
            all.write(frame(sent.get(i)));
        }
        DecoderHarness harness = new DecoderHarness(MAX);
        assertEquals(sent, harness.read(all.toByteArray()));
    }

    @Test
    public void framesSplitAtEveryPossibleBoundaryAreReassembled() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<Envelope> sent = List.of(statusUpdate(1), statusUpdate(2), statusUpdate(3));
        for (Envelope e : sent) {
            all.write(frame(e));
        }
        byte[] bytes = all.toByteArray();
        for (int cut = 0; cut <= bytes.length; cut++) {
            DecoderHarness harness = new DecoderHarness(MAX);
            harness.read(bytes, 0, cut);
            harness.read(bytes, cut, bytes.length - cut);
            assertEquals("cut at " + cut, sent, harness.decoded());
        }
    }

    @Test
    public void lengthOverTheMaximumFailsBeforeTheBodyArrives() throws Exception {
        FrameException e = expectFailure(new DecoderHarness(MAX), header(MAX + 1));
        assertEquals(Error.Code.FRAME_TOO_LARGE, e.code());
        assertTrue(e.reason(), e.reason().contains("frame of " + (MAX + 1) + " bytes")
                && e.reason().contains("maximum of " + MAX + " bytes"));
    }

    @Test
    public void negativeLengthIsMalformed() throws Exception {
        FrameException e = expectFailure(new DecoderHarness(MAX), header(-5));
        assertEquals(Error.Code.MALFORMED_FRAME, e.code());
        assertTrue(e.reason(), e.reason().contains("negative"));
    }

    @Test
    public void bytesThatAreNotAnEnvelopeAreMalformed() throws Exception {
        byte[] garbage = {0, 0, 0, 6, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        FrameException e = expectFailure(new DecoderHarness(MAX), garbage);
        assertEquals(Error.Code.MALFORMED_FRAME, e.code());
        assertTrue(e.reason(), e.reason().contains("not an Allot Envelope"));
    }

    @Test
    public void emptyFrameIsMalformed() throws Exception {
        FrameException e = expectFailure(new DecoderHarness(MAX), header(0));
        assertEquals(Error.Code.MALFORMED_FRAME, e.code());
        assertTrue(e.reason(), e.reason().contains("no message"));
    }

    @Test
    public void inputAfterABadFrameIsDiscarded() throws Exception {
        DecoderHarness harness = new DecoderHarness(MAX);
        expectFailure(harness, header(-1));
        assertTrue(harness.read(frame(statusUpdate(1))).isEmpty());
    }

    @Test
    public void validFramesBeforeABadOneAreDelivered() throws Exception {
        DecoderHarness harness = new DecoderHarness(MAX);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(frame(statusUpdate(1)));
        all.write(header(MAX * 2));
        expectFailure(harness, all.toByteArray());
        assertEquals(List.of(statusUpdate(1)), harness.decoded());
    }

    @Test
    public void encoderRefusesAnEnvelopeOverTheMaximum() {
        Envelope big = Envelope.newBuilder().setHello(Hello.newBuilder().setRole(Role.AGENT)
                .setCredentials(ByteString.copyFrom(new byte[MAX]))).build();
        try {
            FrameEncoder.encode(big, MAX);
            fail("encoded a frame over the maximum");
        } catch (Exception e) {
            assertTrue(e.getMessage(), e.getMessage().contains("over the maximum frame size"));
        }
    }
}
