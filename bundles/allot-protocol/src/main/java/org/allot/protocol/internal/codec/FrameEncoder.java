package org.allot.protocol.internal.codec;

import java.io.IOException;

import org.allot.protocol.proto.Envelope;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderException;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

import com.google.protobuf.CodedOutputStream;

/** Writes one {@link Envelope} as a frame: its 4-byte big-endian length, then its bytes. Stateless. */
public final class FrameEncoder extends ProtocolEncoderAdapter {

    private final int maxFrameBytes;

    public FrameEncoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void encode(IoSession session, Object message, ProtocolEncoderOutput out) throws Exception {
        if (!(message instanceof Envelope)) {
            throw new ProtocolEncoderException("only Envelopes can be written to an Allot session, got "
                    + (message == null ? "null" : message.getClass().getName()));
        }
        out.write(IoBuffer.wrap(encode((Envelope) message, maxFrameBytes)));
    }

    /** The frame bytes of {@code envelope}: length prefix and body in one array. */
    public static byte[] encode(Envelope envelope, int maxFrameBytes) throws ProtocolEncoderException {
        int size = envelope.getSerializedSize();
        if (size > maxFrameBytes) {
            throw new ProtocolEncoderException("a " + envelope.getMessageCase() + " of " + size
                    + " bytes is over the maximum frame size of " + maxFrameBytes + " bytes");
        }
        byte[] frame = new byte[FrameDecoder.LENGTH_BYTES + size];
        frame[0] = (byte) (size >>> 24);
        frame[1] = (byte) (size >>> 16);
        frame[2] = (byte) (size >>> 8);
        frame[3] = (byte) size;
        CodedOutputStream body = CodedOutputStream.newInstance(frame, FrameDecoder.LENGTH_BYTES, size);
        try {
            envelope.writeTo(body);
        } catch (IOException e) {
            throw new ProtocolEncoderException("could not serialize a " + envelope.getMessageCase(), e);
        }
        body.checkNoSpaceLeft();
        return frame;
    }
}
