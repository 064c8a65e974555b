package org.allot.spi.filter;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Vetoes offers the allocator proposes, with a reason.
 *
 * <p>Register an implementation as an OSGi service; the master uses every registered filter,
 * ordered by {@code service.ranking} (highest first), and may add or remove them at any time.
 *
 * <p>Contract:
 * <ul>
 * <li>{@link #check} is called on the master's single event-loop thread, while the allocator
 * decides (through the {@code OfferCheck} the master gives it) and again before an offer is sent.
 * It is never called concurrently with itself on one master, so a filter needs no locking, but it
 * must be fast and must not block: it runs for every candidate in every allocation pass.</li>
 * <li>A filter holds no state about frameworks or agents: everything it needs is in the
 * {@link OfferCandidate}, which the master builds from its registry. That keeps filters trivially
 * replaceable.</li>
 * <li>A filter must be a pure function of the candidate: the same candidate gives the same answer.
 * Time comes from {@link OfferCandidate#now()}, never from the system clock, so tests can control it.</li>
 * <li>An exception from {@link #check} is logged by the master and treated as a refusal naming the
 * filter, so a broken filter stops offers rather than letting unsuitable ones through.</li>
 * </ul>
 */
@ConsumerType
public interface OfferFilter {

    /** A short stable name for logs and the shell, e.g. {@code decline} or {@code allowed-agents}. */
    String name();

    /** Accept the offer, or refuse it with a reason naming the framework, the agent and the rule. */
    FilterResult check(OfferCandidate candidate);
}
