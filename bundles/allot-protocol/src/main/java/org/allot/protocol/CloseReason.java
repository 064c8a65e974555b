package org.allot.protocol;

/**
 * Why a connection closed, as {@link MessageHandler#onClose} reports it; the detail string that
 * comes with it is for people. Only connections whose handshake completed are reported, so a
 * failed handshake never shows up here (the connecting side gets a {@link ProtocolException}).
 */
public enum CloseReason {

    /** The peer closed the connection, or it ended without an error this side noticed. */
    PEER_CLOSED,

    /** The peer sent nothing, not even a Pong, for longer than the heartbeat timeout: it is presumed lost. */
    HEARTBEAT_TIMEOUT,

    /**
     * The peer broke the protocol: a frame too large or undecodable, or a handshake message on an
     * established session. This side sent an {@code Error} and closed.
     */
    PROTOCOL_ERROR,

    /** The connection failed underneath: reset by the peer, or a write that timed out. */
    IO_ERROR,

    /** The protocol layer itself failed; the peer did nothing wrong. This side sent an {@code Error}. */
    INTERNAL_ERROR,

    /** This side closed it: {@link Connection#close()}, or its client or server was closed. */
    LOCAL_CLOSE,

    /** This side closed it with an {@code Error}: {@link Connection#closeWithError}. */
    LOCAL_ERROR
}
