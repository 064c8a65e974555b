package org.allot.master.internal;

import org.allot.protocol.proto.Error;

/**
 * A peer's message the master refuses: answered with an {@code Error} carrying this message and
 * logged at WARN; the master carries on.
 */
final class PeerError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Error.Code code;

    PeerError(Error.Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    PeerError(String message) {
        this(Error.Code.REFUSED, message);
    }

    Error.Code code() {
        return code;
    }
}
