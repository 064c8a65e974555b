package org.allot.master.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.allot.api.FrameworkId;
import org.allot.api.operator.MasterMetrics;
import org.allot.protocol.Connection;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Error;

/**
 * The master's counters: messages in and out by type, what became of each framework's offers,
 * status update retries and allocation pass durations. Each event costs a few array or hash map
 * operations, nothing that grows with the cluster; a {@link #snapshot} copies them for exporters.
 *
 * <p>Threading: the master's event loop only, like the rest of {@link Core}.
 */
final class Metrics {

    /** Pass duration buckets in seconds, from 0.5 ms (a small incremental pass) to 2.5 s (a stall). */
    static final double[] PASS_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private static final int SENT = 0;
    private static final int ACCEPTED = 1;
    private static final int DECLINED = 2;
    private static final int RESCINDED = 3;

    private final Map<Class<?>, long[]> in = new HashMap<>();
    private final long[] out = new long[Envelope.MessageCase.values().length];
    private final Map<FrameworkId, long[]> offers = new HashMap<>();
    private final long[] passBuckets = new long[PASS_BOUNDS.length + 1];
    private long passNanos;
    private long passes;
    private long statusUpdateRetries;

    /** A message from a peer reached the loop. */
    void received(Inbound m) {
        in.computeIfAbsent(m.getClass(), k -> new long[1])[0]++;
    }

    /** A message to a peer left through the outbound port. */
    void sent(Envelope e) {
        out[e.getMessageCase().ordinal()]++;
    }

    void offerSent(FrameworkId f) {
        count(f, SENT);
    }

    void offerAccepted(FrameworkId f) {
        count(f, ACCEPTED);
    }

    void offerDeclined(FrameworkId f) {
        count(f, DECLINED);
    }

    void offerRescinded(FrameworkId f) {
        count(f, RESCINDED);
    }

    private void count(FrameworkId f, int what) {
        offers.computeIfAbsent(f, k -> new long[4])[what]++;
    }

    void statusUpdateRetried() {
        statusUpdateRetries++;
    }

    /** One allocation pass took {@code nanos}. */
    void pass(long nanos) {
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < PASS_BOUNDS.length && seconds > PASS_BOUNDS[i]) {
            i++;
        }
        passBuckets[i]++;
        passNanos += nanos;
        passes++;
    }

    /** The outbound port {@code port}, counting every message it sends. */
    Outbound counting(Outbound port) {
        return new Outbound() {
            @Override
            public void send(Connection to, Envelope message) {
                sent(message);
                port.send(to, message);
            }

            @Override
            public void closeWithError(Connection to, Error.Code code, String reason) {
                out[Envelope.MessageCase.ERROR.ordinal()]++;
                port.closeWithError(to, code, reason);
            }
        };
    }

    /**
     * A copy of the counters; the offer counters of frameworks no longer in {@code known} are
     * dropped here (once per scrape, not once per event).
     */
    MasterMetrics snapshot(Set<FrameworkId> known, long queued) {
        offers.keySet().retainAll(known);
        Map<String, Long> received = new TreeMap<>();
        in.forEach((type, n) -> received.put(type.getSimpleName(), n[0]));
        Map<String, Long> sent = new TreeMap<>();
        for (Envelope.MessageCase c : Envelope.MessageCase.values()) {
            if (out[c.ordinal()] > 0) {
                sent.put(c.name(), out[c.ordinal()]);
            }
        }
        Map<FrameworkId, MasterMetrics.OfferCounts> byFramework = new HashMap<>();
        offers.forEach((f, n) -> byFramework.put(f, new MasterMetrics.OfferCounts(n[SENT], n[ACCEPTED], n[DECLINED],
                n[RESCINDED])));
        return new MasterMetrics(received, sent, byFramework, statusUpdateRetries, queued,
                new MasterMetrics.PassDurations(PASS_BOUNDS, passBuckets, passNanos / 1e9, passes));
    }
}
