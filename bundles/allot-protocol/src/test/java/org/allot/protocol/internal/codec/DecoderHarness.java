package org.allot.protocol.internal.codec;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.allot.protocol.proto.Envelope;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.service.DefaultTransportMetadata;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionConfig;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/** Drives a {@link FrameDecoder} the way MINA does, one read at a time, on a fresh dummy session. */
public final class DecoderHarness implements ProtocolDecoderOutput {

    private final FrameDecoder decoder;
    private final DummySession session = new DummySession();
    private final List<Envelope> decoded = new ArrayList<>();

    public DecoderHarness(int maxFrameBytes) {
        this.decoder = new FrameDecoder(maxFrameBytes);
        // NOTE: a dummy session says its transport never fragments, which would make the decoder
        // skip accumulation; a TCP socket fragments, so pretend to be one.
        session.setTransportMetadata(new DefaultTransportMetadata("test", "socket", false, true,
                SocketAddress.class, IoSessionConfig.class, Object.class));
    }

    /** Feeds one read; returns the envelopes it completed. */
    public List<Envelope> read(byte[] bytes, int offset, int length) throws Exception {
        int before = decoded.size();
        decoder.decode(session, IoBuffer.wrap(bytes, offset, length), this);
        return new ArrayList<>(decoded.subList(before, decoded.size()));
    }

    public List<Envelope> read(byte[] bytes) throws Exception {
        return read(bytes, 0, bytes.length);
    }

    public List<Envelope> decoded() {
        return decoded;
    }

    @Override
    public void write(Object message) {
        decoded.add((Envelope) message);
    }

    @Override
    public void flush(NextFilter nextFilter, IoSession s) {
    }
}
