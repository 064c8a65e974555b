package org.allot.protocol.internal.net;

import org.allot.protocol.CloseReason;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.keepalive.KeepAliveFilter;
import org.apache.mina.filter.keepalive.KeepAliveRequestTimeoutHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares a silent peer lost: records the reason the handler will see in {@code onClose} and closes
 * the session at once. Nothing is sent: a peer silent this long is presumed dead, and a write to it
 * could wait for a full send buffer.
 */
final class HeartbeatTimeout implements KeepAliveRequestTimeoutHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatTimeout.class);

    @Override
    public void keepAliveRequestTimedOut(KeepAliveFilter filter, IoSession session) {
        ProtocolSession ps = ProtocolSession.of(session);
        String reason = "heartbeat timeout: " + ps.describePeer() + " sent nothing for "
                + filter.getRequestInterval() + " s and did not answer a Ping within "
                + filter.getRequestTimeout() + " s; declaring it lost";
        LOG.warn("{}", reason);
        ps.closeReasonIfAbsent(CloseReason.HEARTBEAT_TIMEOUT, reason);
        session.closeNow();
    }
}
