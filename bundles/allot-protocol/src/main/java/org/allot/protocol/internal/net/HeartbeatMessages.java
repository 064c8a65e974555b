package org.allot.protocol.internal.net;

import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Ping;
import org.allot.protocol.proto.Pong;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.keepalive.KeepAliveMessageFactory;

/**
 * Tells MINA's {@code KeepAliveFilter} which envelopes are heartbeats: a {@code Ping} is a request,
 * answered with a {@code Pong} that echoes its time. Both are consumed by the filter and never reach
 * the {@link org.allot.protocol.MessageHandler}.
 */
final class HeartbeatMessages implements KeepAliveMessageFactory {

    @Override
    public boolean isRequest(IoSession session, Object message) {
        return message instanceof Envelope && ((Envelope) message).hasPing();
    }

    @Override
    public boolean isResponse(IoSession session, Object message) {
        return message instanceof Envelope && ((Envelope) message).hasPong();
    }

    @Override
    public Object getRequest(IoSession session) {
        return Envelope.newBuilder()
                .setPing(Ping.newBuilder().setSentAtMillis(System.currentTimeMillis()))
                .build();
    }

    @Override
    public Object getResponse(IoSession session, Object request) {
        return Envelope.newBuilder()
                .setPong(Pong.newBuilder().setPingSentAtMillis(((Envelope) request).getPing().getSentAtMillis()))
                .build();
    }
}
