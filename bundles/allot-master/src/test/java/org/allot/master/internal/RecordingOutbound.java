package org.allot.master.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.allot.protocol.Connection;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;

/**
 * The master core's outbound port for tests: records every message in the order the core sent it,
 * with its recipient, and hands it to the (fake) connection as the real adapter would, so tests
 * assert on what left the core (and in which order) without a network.
 */
final class RecordingOutbound implements Outbound {

    /** One message that left the core. */
    record Sent(Connection to, Envelope message) {
        Envelope.MessageCase kind() {
            return message.getMessageCase();
        }
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized void send(Connection to, Envelope message) {
        sent.add(new Sent(to, message));
        to.send(message);
    }

    @Override
    public synchronized void closeWithError(Connection to, Error.Code code, String reason) {
        sent.add(new Sent(to, Envelope.newBuilder().setError(Error.newBuilder().setCode(code).setReason(reason))
                .build()));
        to.closeWithError(code, reason);
    }

    /** Everything sent so far, in order. */
    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The kinds of what was sent to {@code to}, in order. */
    synchronized List<Envelope.MessageCase> kindsTo(Connection to) {
        return sent.stream().filter(s -> s.to() == to).map(Sent::kind).collect(Collectors.toList());
    }

    synchronized void clear() {
        sent.clear();
    }
}
