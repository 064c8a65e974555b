package org.allot.api.operator;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import org.allot.api.FrameworkId;

/**
 * The master's counters since it started, for metrics exporters (Prometheus, JMX). Gauges such as
 * task counts or resource totals are not here: they follow from a {@link ClusterState}.
 *
 * @param messagesIn          messages received from agents and schedulers by type, e.g. {@code StatusUpdate -> 1200}
 * @param messagesOut         messages sent by type (the protobuf envelope's case), e.g. {@code OFFERS -> 310}
 * @param offers              per framework known now: offers sent, accepted, declined and rescinded
 * @param statusUpdateRetries status updates an agent sent again (same task, same uuid) because they
 *                            were not acknowledged yet
 * @param eventQueue          messages decoded and waiting for the master's event loop now
 * @param passes              how long the allocation passes took
 * @since 0.2.0
 */
public record MasterMetrics(Map<String, Long> messagesIn, Map<String, Long> messagesOut,
                            Map<FrameworkId, OfferCounts> offers, long statusUpdateRetries, long eventQueue,
                            PassDurations passes) {

    public MasterMetrics {
        messagesIn = Map.copyOf(messagesIn);
        messagesOut = Map.copyOf(messagesOut);
        offers = Map.copyOf(offers);
        Objects.requireNonNull(passes, "passes");
    }

    /** Counters of nothing, for an {@link Operator} that keeps none. */
    public static MasterMetrics none() {
        return new MasterMetrics(Map.of(), Map.of(), Map.of(), 0, 0, PassDurations.none());
    }

    /**
     * What became of one framework's offers. An offer used by an Accept counts as accepted even if
     * its launches were refused; one rescinded by the master (timeout, agent lost) as rescinded.
     */
    public record OfferCounts(long sent, long accepted, long declined, long rescinded) {
    }

    /**
     * A histogram of allocation pass durations, in the Prometheus shape.
     *
     * @param upperBounds  each bucket's upper bound in seconds, ascending (the last bucket, +Inf, is implied)
     * @param counts       passes per bucket, not cumulative; one more entry than {@code upperBounds} (+Inf)
     * @param sumSeconds   the total time of all passes
     * @param count        how many passes
     */
    public record PassDurations(double[] upperBounds, long[] counts, double sumSeconds, long count) {

        public PassDurations {
            upperBounds = upperBounds.clone();
            counts = counts.clone();
            if (counts.length != upperBounds.length + 1) {
                throw new IllegalArgumentException(counts.length + " bucket counts for " + upperBounds.length
                        + " upper bounds: there must be one more (the +Inf bucket)");
            }
        }

        /** No pass yet, no buckets but +Inf. */
        public static PassDurations none() {
            return new PassDurations(new double[0], new long[1], 0, 0);
        }

        @Override
        public double[] upperBounds() {
            return upperBounds.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PassDurations p && Arrays.equals(upperBounds, p.upperBounds)
                    && Arrays.equals(counts, p.counts) && sumSeconds == p.sumSeconds && count == p.count;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(upperBounds) + Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            return "PassDurations[count=" + count + ", sumSeconds=" + sumSeconds + ", upperBounds="
                    + Arrays.toString(upperBounds) + ", counts=" + Arrays.toString(counts) + "]";
        }
    }
}
