package org.allot.protocol;

import java.io.IOException;

import org.allot.protocol.proto.Error;

/**
 * A connection could not be established: the TCP connect failed or timed out, the handshake timed
 * out, or the server refused the {@code Hello} with an {@code Error}.
 */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    private final Error.Code code;

    public ProtocolException(Error.Code code, String message) {
        super(message);
        this.code = code;
    }

    public ProtocolException(Error.Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /**
     * The code of the server's {@code Error}, e.g. {@code AUTHENTICATION_FAILED}, or
     * {@code CODE_UNSPECIFIED} when the failure was local (connect refused, timeout).
     */
    public Error.Code code() {
        return code;
    }
}
