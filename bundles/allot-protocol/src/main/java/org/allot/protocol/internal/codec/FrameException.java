package org.allot.protocol.internal.codec;

import org.allot.protocol.proto.Error;
import org.apache.mina.filter.codec.ProtocolDecoderException;

/**
 * A peer sent bytes that are not a valid frame. Carries the {@link Error.Code} and the reason to
 * send back before the session is closed.
 */
public final class FrameException extends ProtocolDecoderException {

    private static final long serialVersionUID = 1L;

    private final Error.Code code;
    private final String reason;

    public FrameException(Error.Code code, String reason) {
        super(reason);
        this.code = code;
        this.reason = reason;
        // NOTE: an empty hexdump stops ProtocolCodecFilter from dumping the whole cumulative buffer
        // (up to the maximum frame size) into the exception message of every bad frame.
        setHexdump("");
    }

    public FrameException(Error.Code code, String reason, Throwable cause) {
        this(code, reason);
        initCause(cause);
    }

    public Error.Code code() {
        return code;
    }

    /** The reason without MINA's hexdump suffix. */
    public String reason() {
        return reason;
    }
}
