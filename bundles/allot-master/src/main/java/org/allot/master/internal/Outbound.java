package org.allot.master.internal;

import org.allot.protocol.Connection;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;

/**
 * The master core's one door out: every message it sends to an agent or a scheduler leaves
 * through this port, built by {@link org.allot.protocol.Messages}. The core never calls
 * {@link Connection#send} itself, so tests assert on what was sent without a network
 * ({@code RecordingOutbound}), and another adapter (a standby's redirect, an HTTP stream) plugs in
 * without touching the core.
 *
 * <p>Threading: called on the master's event loop only. Implementations must not block.
 */
interface Outbound {

    /** Queues {@code message} for the peer on {@code to}; a closed connection drops it. */
    void send(Connection to, Envelope message);

    /** Sends an {@code Error} with {@code code} and {@code reason} to {@code to}, then closes it. */
    void closeWithError(Connection to, Error.Code code, String reason);

    /** The adapter for real sessions: hands each message to its connection. */
    static Outbound direct() {
        return new Outbound() {
            @Override
            public void send(Connection to, Envelope message) {
                to.send(message);
            }

            @Override
            public void closeWithError(Connection to, Error.Code code, String reason) {
                to.closeWithError(code, reason);
            }
        };
    }
}
