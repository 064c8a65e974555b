package org.allot.protocol;

import java.util.Objects;

/** The answer of an {@link Authenticator}: accepted, or refused with a reason. Immutable. */
public final class AuthResult {

    private static final AuthResult ACCEPTED = new AuthResult(null);

    private final String refusal;

    private AuthResult(String refusal) {
        this.refusal = refusal;
    }

    public static AuthResult accept() {
        return ACCEPTED;
    }

    /** @param reason sent to the peer, e.g. "unknown principal 'bob'; add it to etc/allot-users" */
    public static AuthResult refuse(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a refusal needs a reason the peer can act on");
        }
        return new AuthResult(reason);
    }

    public boolean isAccepted() {
        return refusal == null;
    }

    /** The refusal reason; empty for an accepted peer. */
    public String reason() {
        return refusal == null ? "" : refusal;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthResult && Objects.equals(refusal, ((AuthResult) o).refusal);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(refusal);
    }

    @Override
    public String toString() {
        return isAccepted() ? "accepted" : "refused: " + refusal;
    }
}
