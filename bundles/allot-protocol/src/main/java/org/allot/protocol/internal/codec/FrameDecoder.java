package org.allot.protocol.internal.codec;

import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.CumulativeProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Reads frames: a 4-byte big-endian length, then that many bytes of one {@link Envelope}.
 * <p>
 * {@link CumulativeProtocolDecoder} keeps the unread bytes of each session between reads, so a frame
 * split over many TCP reads (down to one byte each) is put back together, and a read holding many
 * frames yields them all in order. The length is checked as soon as its 4 bytes are in: an oversized
 * or negative length fails at once, without buffering the body it announces.
 * <p>
 * After the first bad frame of a session everything the peer sends is discarded: the session is
 * being closed with an {@code Error}, and the bytes after a bad length cannot be framed anyway.
 * Stateless apart from the session's buffer, so one instance serves every session.
 */
public final class FrameDecoder extends CumulativeProtocolDecoder {

    public static final int LENGTH_BYTES = 4;

    private static final AttributeKey FAILED = new AttributeKey(FrameDecoder.class, "failed");

    private final int maxFrameBytes;

    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, was " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws Exception {
        if (session.containsAttribute(FAILED)) {
            in.position(in.limit());
            return;
        }
        super.decode(session, in, out);
    }

    @Override
    protected boolean doDecode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws Exception {
        if (in.remaining() < LENGTH_BYTES) {
            return false;
        }
        int length = in.getInt(in.position());
        if (length < 0) {
            throw fail(session, in, Error.Code.MALFORMED_FRAME, "frame length " + length
                    + " is negative; the peer is not speaking the Allot frame format"
                    + " (4-byte big-endian length, then a protobuf Envelope)");
        }
        if (length > maxFrameBytes) {
            throw fail(session, in, Error.Code.FRAME_TOO_LARGE, "frame of " + length
                    + " bytes is over the maximum of " + maxFrameBytes
                    + " bytes; send smaller messages or raise maxFrameBytes on both sides");
        }
        if (in.remaining() - LENGTH_BYTES < length) {
            return false;
        }
        in.skip(LENGTH_BYTES);
        int start = in.position();
        Envelope envelope;
        try {
            envelope = parse(in, start, length);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw fail(session, in, Error.Code.MALFORMED_FRAME, "frame of " + length
                    + " bytes is not an Allot Envelope (" + e.getMessage() + ")", e);
        } finally {
            if (!session.containsAttribute(FAILED)) {
                in.position(start + length);
            }
        }
        if (envelope.getMessageCase() == Envelope.MessageCase.MESSAGE_NOT_SET) {
            throw fail(session, in, Error.Code.MALFORMED_FRAME, "frame of " + length
                    + " bytes holds an Envelope with no message: empty, or a message type protocol"
                    + " version this peer does not know");
        }
        out.write(envelope);
        return true;
    }

    private static Envelope parse(IoBuffer in, int start, int length) throws InvalidProtocolBufferException {
        if (in.hasArray()) {
            return Envelope.parser().parseFrom(in.array(), in.arrayOffset() + start, length);
        }
        byte[] copy = new byte[length];
        in.get(copy);
        return Envelope.parseFrom(copy);
    }

    private static FrameException fail(IoSession session, IoBuffer in, Error.Code code, String reason) {
        return fail(session, in, code, reason, null);
    }

    private static FrameException fail(IoSession session, IoBuffer in, Error.Code code, String reason,
            Throwable cause) {
        session.setAttribute(FAILED, Boolean.TRUE);
        in.position(in.limit());
        return cause == null ? new FrameException(code, reason) : new FrameException(code, reason, cause);
    }
}
