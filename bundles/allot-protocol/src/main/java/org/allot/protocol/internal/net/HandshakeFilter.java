package org.allot.protocol.internal.net;

import org.allot.protocol.proto.Envelope;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.allot.protocol.proto.Error;

/**
 * Holds back every message of a session until its handshake is done, then lets them through.
 * The first message decides: the subclass either {@linkplain ProtocolSession#establish establishes}
 * the session and fires {@link HandshakeCompleted}, or fails it. Later handshake messages are a
 * protocol violation.
 */
abstract class HandshakeFilter extends IoFilterAdapter {

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) throws Exception {
        ProtocolSession ps = ProtocolSession.of(session);
        if (ps.isFailed()) {
            return;
        }
        Envelope envelope = (Envelope) message;
        if (!ps.isEstablished()) {
            if (firstMessage(ps, envelope)) {
                nextFilter.event(session, HandshakeCompleted.INSTANCE);
            }
            return;
        }
        Envelope.MessageCase kind = envelope.getMessageCase();
        if (kind == Envelope.MessageCase.HELLO || kind == Envelope.MessageCase.WELCOME) {
            ps.fail(Error.Code.PROTOCOL_VIOLATION, "a " + kind + " arrived on an established session; the"
                    + " handshake happens once, as the first frame");
            return;
        }
        nextFilter.messageReceived(session, message);
    }

    /**
     * Handles the first message of a session.
     *
     * @return true if the session is now established, false if it was failed
     */
    protected abstract boolean firstMessage(ProtocolSession session, Envelope envelope);
}
