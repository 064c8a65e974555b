package org.allot.protocol;

import com.google.protobuf.ByteString;

/**
 * Decides whether a peer may open a session, from the principal and credentials of its
 * {@code Hello}. Called on a network thread once per session, before any other message of that
 * peer is handled, so it must not block for long. An exception thrown here refuses the peer with an
 * {@code INTERNAL_ERROR} and is counted by {@link ProtocolServer#internalErrorCount()}.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * @param principal   who the peer says it is, never null (may be empty)
     * @param credentials the opaque credentials of its {@code Hello}, never null (may be empty)
     * @return {@link AuthResult#accept()} or {@link AuthResult#refuse(String)} with a reason the
     *         peer's operator can act on
     */
    AuthResult authenticate(String principal, ByteString credentials);

    /** The default: every peer is accepted. */
    static Authenticator acceptAll() {
        return (principal, credentials) -> AuthResult.accept();
    }
}
