package org.allot.master.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.allot.api.AgentId;
import org.allot.api.FrameworkId;
import org.allot.api.Offer;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.protocol.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offer book: outstanding offers with their timeouts, and why an offer is gone (declined,
 * used, rescinded, timed out) for launches that name it late. Every offer that closes without being
 * used gives its resources back to the allocation engine here, in one place.
 *
 * <p>Threading: the master's event loop only.
 */
final class OfferBook {

    private static final Logger LOG = LoggerFactory.getLogger(OfferBook.class);

    private final Core core;
    private final Registry registry;
    private long nextOffer;

    OfferBook(Core core) {
        this.core = core;
        this.registry = core.registry;
    }

    /**
     * Makes an offer of resources the engine already booked as offered to {@code f} on
     * {@code agent}, with its timeout. The caller sends it (offers go out in one message per framework).
     */
    Offer make(FrameworkEntry f, AgentEntry agent, Resources resources) {
        OfferId id = OfferId.of("o-" + (++nextOffer));
        Offer offer = new Offer(id, f.id, agent.id, agent.info.hostname(), resources, agent.info.attributes());
        OfferEntry entry = new OfferEntry(offer, core.now());
        registry.offers.put(id, entry);
        agent.offers.add(id);
        f.offers.add(id);
        Duration timeout = core.config().offerTimeout();
        entry.timeout = core.loop.schedule(timeout, () -> timedOut(id, timeout));
        core.metrics.offerSent(f.id);
        return offer;
    }

    Optional<OfferEntry> outstanding(OfferId id) {
        return Optional.ofNullable(registry.offers.get(id));
    }

    /** Why an offer that is not outstanding is gone. */
    LaunchValidator.Gone gone(OfferId id) {
        LaunchValidator.Gone closed = registry.closedOffers.get(id);
        return closed != null ? closed : new LaunchValidator.Gone("offer " + id
                + " is unknown to this master (never made, or made by a previous master)", false);
    }

    /**
     * Takes an offer out of the book. Its resources stay booked to the framework; use
     * {@link #giveBack} (or book them as launched) afterwards.
     */
    void close(OfferEntry o, String how, boolean rescinded) {
        OfferId id = o.offer.id();
        registry.offers.remove(id);
        if (o.timeout != null) {
            o.timeout.cancel();
        }
        AgentEntry agent = registry.agents.get(o.offer.agentId());
        if (agent != null) {
            agent.offers.remove(id);
        }
        FrameworkEntry f = registry.frameworks.get(o.offer.frameworkId());
        if (f != null) {
            f.offers.remove(id);
        }
        registry.closedOffers.put(id, new LaunchValidator.Gone("offer " + id + " was " + how, rescinded));
        if (rescinded) {
            core.metrics.offerRescinded(o.offer.frameworkId());
        }
    }

    /** Resources of a closed offer (or part of it) return to the pool (the engine ignores a gone agent). */
    void giveBack(FrameworkId f, AgentId a, Resources r) {
        core.engine.recoverOffered(f, a, r);
    }

    /** Rescinds one offer: closed, resources back, the scheduler told (if {@code tell}). */
    void rescind(OfferEntry o, String reason, boolean tell) {
        close(o, "rescinded at " + core.now() + " because " + reason, true);
        giveBack(o.offer.frameworkId(), o.offer.agentId(), o.offer.resources());
        if (tell) {
            core.toFramework(registry.frameworks.get(o.offer.frameworkId()), Messages.rescindOffer(o.offer.id(), reason));
        }
    }

    /** Rescinds every outstanding offer of a framework. */
    void rescindAll(FrameworkEntry f, String reason, boolean tell) {
        for (OfferId id : List.copyOf(f.offers)) {
            OfferEntry o = registry.offers.get(id);
            if (o != null) {
                rescind(o, reason, tell);
            }
        }
    }

    /** Rescinds every outstanding offer on an agent, telling each framework. */
    void rescindOn(AgentEntry agent, String reason) {
        for (OfferId id : List.copyOf(agent.offers)) {
            OfferEntry o = registry.offers.get(id);
            if (o != null) {
                rescind(o, reason, true);
            }
        }
    }

    /**
     * Closes the offers of a framework being removed without giving their resources back one by one:
     * the engine forgets all the framework holds when it is removed.
     */
    void dropAll(FrameworkEntry f) {
        for (OfferId id : List.copyOf(f.offers)) {
            OfferEntry o = registry.offers.get(id);
            if (o != null) {
                close(o, "rescinded at " + core.now() + " because framework " + f.id + " was removed", true);
            }
        }
    }

    /**
     * A framework declined offers: each is closed, its resources return, and the framework refuses
     * them for {@code refuse} (the engine's decline book).
     *
     * @throws PeerError naming the offers that were not its own or not outstanding (usually a race
     *                   with a rescind: nothing is wrong, but the scheduler hears what was ignored)
     */
    void decline(FrameworkEntry f, List<OfferId> ids, Duration refuse) {
        List<String> problems = new ArrayList<>();
        for (OfferId id : ids) {
            OfferEntry o = registry.offers.get(id);
            if (o == null || !o.offer.frameworkId().equals(f.id)) {
                problems.add(o == null ? gone(id).message() : "offer " + id + " was not made to " + f.id);
                continue;
            }
            close(o, "declined at " + core.now(), false);
            core.metrics.offerDeclined(f.id);
            giveBack(f.id, o.offer.agentId(), o.offer.resources());
            core.engine.decline(f.id, o.offer.agentId(), o.offer.resources(), refuse);
        }
        if (!problems.isEmpty()) {
            throw new PeerError("Decline ignored for: " + String.join("; ", problems));
        }
    }

    private void timedOut(OfferId id, Duration timeout) {
        OfferEntry o = registry.offers.get(id);
        if (o == null) {
            return;
        }
        LOG.info("Rescinding offer {} of framework {}: not answered within {}", id, o.offer.frameworkId(),
                Core.seconds(timeout));
        String reason = "offer " + id + " was not answered within the offer timeout of " + Core.seconds(timeout)
                + "; its resources go back to the pool";
        close(o, "rescinded at " + core.now() + " (offer timeout " + Core.seconds(timeout) + ")", true);
        giveBack(o.offer.frameworkId(), o.offer.agentId(), o.offer.resources());
        core.toFramework(registry.frameworks.get(o.offer.frameworkId()), Messages.rescindOffer(id, reason));
    }

    /** Cancels every offer timer: the master stops. */
    void cancelTimers() {
        for (OfferEntry o : registry.offers.values()) {
            if (o.timeout != null) {
                o.timeout.cancel();
            }
        }
    }
}
