package org.allot.health.internal;

/**
 * The master's main figures over JMX as {@code org.allot:type=Master}, for Jolokia, Decanter's JMX
 * collector and jconsole. Each read asks the master now: counts from its status, counters from its
 * books (since it started).
 */
public interface MasterMXBean {

    boolean isLeading();

    String getLeadership();

    String getActiveAllocator();

    int getAgents();

    int getConnectedAgents();

    int getFrameworks();

    int getTasks();

    long getOffersSent();

    long getOffersAccepted();

    long getOffersDeclined();

    long getOffersRescinded();

    long getMessagesReceived();

    long getMessagesSent();

    long getStatusUpdateRetries();

    long getEventQueueMessages();

    long getAllocationPasses();

    double getAllocationPassSeconds();
}
