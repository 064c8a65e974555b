package org.allot.spi.filter;

import java.util.Objects;

/**
 * The answer of an {@link OfferFilter}: accept, or refuse with a reason a person can act on,
 * e.g. {@code agent a-3 is not in framework f-1's allow list [a-1,a-2]}.
 *
 * <p>A result rather than a boolean so that "why does framework X get no offers?" has an answer.
 *
 * @param code   accept or refuse
 * @param reason why the offer is refused; empty when accepted
 */
public record FilterResult(Code code, String reason) {

    /** What the filter decided. */
    public enum Code {
        /** The offer may be made (other filters may still refuse it). */
        ACCEPT,
        /** The offer must not be made now. */
        REFUSE
    }

    private static final FilterResult ACCEPT = new FilterResult(Code.ACCEPT, "");

    public FilterResult {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        if (code == Code.REFUSE && reason.isBlank()) {
            throw new IllegalArgumentException("a refusal needs a reason that tells the operator why");
        }
        if (code == Code.ACCEPT && !reason.isEmpty()) {
            throw new IllegalArgumentException("an acceptance has no reason, got '" + reason + "'");
        }
    }

    /** The offer may be made. */
    public static FilterResult accept() {
        return ACCEPT;
    }

    /** The offer must not be made, because {@code reason}. */
    public static FilterResult refuse(String reason) {
        return new FilterResult(Code.REFUSE, reason);
    }

    public boolean isAccepted() {
        return code == Code.ACCEPT;
    }

    @Override
    public String toString() {
        return isAccepted() ? "ACCEPT" : "REFUSE: " + reason;
    }
}
