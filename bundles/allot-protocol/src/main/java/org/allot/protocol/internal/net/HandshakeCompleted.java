package org.allot.protocol.internal.net;

import org.apache.mina.filter.FilterEvent;

/** Fired down the filter chain by {@link HandshakeFilter} once a session's handshake succeeded. */
public enum HandshakeCompleted implements FilterEvent {
    INSTANCE
}
