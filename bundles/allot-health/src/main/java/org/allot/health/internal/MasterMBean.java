package org.allot.health.internal;

import java.util.function.ToLongFunction;

import org.allot.api.operator.MasterMetrics;
import org.allot.api.operator.Operator;

/** {@link MasterMXBean} over the {@link Operator}. Thread-safe: every read is one Operator call. */
final class MasterMBean implements MasterMXBean {

    private final Operator operator;

    MasterMBean(Operator operator) {
        this.operator = operator;
    }

    @Override
    public boolean isLeading() {
        return operator.status().leading();
    }

    @Override
    public String getLeadership() {
        return operator.status().leadership();
    }

    @Override
    public String getActiveAllocator() {
        return operator.status().activeAllocator();
    }

    @Override
    public int getAgents() {
        return operator.status().agents();
    }

    @Override
    public int getConnectedAgents() {
        return operator.status().connectedAgents();
    }

    @Override
    public int getFrameworks() {
        return operator.status().frameworks();
    }

    @Override
    public int getTasks() {
        return operator.status().tasks();
    }

    @Override
    public long getOffersSent() {
        return offers(MasterMetrics.OfferCounts::sent);
    }

    @Override
    public long getOffersAccepted() {
        return offers(MasterMetrics.OfferCounts::accepted);
    }

    @Override
    public long getOffersDeclined() {
        return offers(MasterMetrics.OfferCounts::declined);
    }

    @Override
    public long getOffersRescinded() {
        return offers(MasterMetrics.OfferCounts::rescinded);
    }

    /** Summed over the frameworks known now (a removed framework's offers leave the sum). */
    private long offers(ToLongFunction<MasterMetrics.OfferCounts> which) {
        return operator.metrics().offers().values().stream().mapToLong(which).sum();
    }

    @Override
    public long getMessagesReceived() {
        return operator.metrics().messagesIn().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public long getMessagesSent() {
        return operator.metrics().messagesOut().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public long getStatusUpdateRetries() {
        return operator.metrics().statusUpdateRetries();
    }

    @Override
    public long getEventQueueMessages() {
        return operator.metrics().eventQueue();
    }

    @Override
    public long getAllocationPasses() {
        return operator.metrics().passes().count();
    }

    @Override
    public double getAllocationPassSeconds() {
        return operator.metrics().passes().sumSeconds();
    }
}
