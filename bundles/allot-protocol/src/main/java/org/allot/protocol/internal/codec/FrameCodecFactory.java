package org.allot.protocol.internal.codec;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;

/** The length-prefixed Envelope codec; one encoder and one decoder shared by every session. */
public final class FrameCodecFactory implements ProtocolCodecFactory {

    private final FrameEncoder encoder;
    private final FrameDecoder decoder;

    public FrameCodecFactory(int maxFrameBytes) {
        this.encoder = new FrameEncoder(maxFrameBytes);
        this.decoder = new FrameDecoder(maxFrameBytes);
    }

    @Override
    public ProtocolEncoder getEncoder(IoSession session) {
        return encoder;
    }

    @Override
    public ProtocolDecoder getDecoder(IoSession session) {
        return decoder;
    }
}
