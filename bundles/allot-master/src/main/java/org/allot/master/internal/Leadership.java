package org.allot.master.internal;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master core's leadership lifecycle: {@code STANDBY → RECOVERING → LEADING → STOPPED}.
 * Only a LEADING core acts: it makes offers, accepts launches and sends messages. A standalone
 * master goes straight to LEADING when it starts; an elected one (the election issue drives these
 * states) waits as STANDBY, rebuilds its registry from re-registering agents and re-subscribing
 * schedulers while RECOVERING, then leads. A core that stops leading drops its registry, sends
 * nothing more, and refuses every message with "not the leader".
 *
 * <p>Threading: read and changed on the master's event loop only.
 */
final class Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    /** The states, in the only order they may be taken. */
    enum State {
        STANDBY, RECOVERING, LEADING, STOPPED
    }

    private static final Map<State, Set<State>> NEXT = Map.of(
            State.STANDBY, EnumSet.of(State.RECOVERING, State.LEADING, State.STOPPED),
            State.RECOVERING, EnumSet.of(State.LEADING, State.STANDBY, State.STOPPED),
            State.LEADING, EnumSet.of(State.STANDBY, State.STOPPED),
            State.STOPPED, EnumSet.noneOf(State.class));

    private final String masterId;
    private State state = State.STANDBY;
    /** A leader whose ZooKeeper connection is suspended: it keeps its state but does not act. */
    private boolean suspended;

    Leadership(String masterId) {
        this.masterId = Objects.requireNonNull(masterId, "masterId");
    }

    State state() {
        return state;
    }

    /** Whether the core may act: make offers, launch. Not while its election is suspended. */
    boolean leading() {
        return state == State.LEADING && !suspended;
    }

    /** Whether the election is suspended (ZooKeeper connection SUSPENDED while leading or recovering). */
    boolean suspended() {
        return suspended;
    }

    /**
     * Stops acting at once (true) or acts again (false), keeping the state: a leader whose
     * ZooKeeper connection is suspended may be deposed any moment, so it launches nothing meanwhile.
     */
    void suspend(boolean on) {
        if (suspended != on) {
            suspended = on;
            LOG.info("Master {} {}", masterId, on ? "is suspended: no offers, no launches until its election is"
                    + " settled" : "acts again");
        }
    }

    /** Whether the core accepts peers' messages (it rebuilds its registry while RECOVERING). */
    boolean serving() {
        return state == State.LEADING || state == State.RECOVERING;
    }

    /**
     * Moves to {@code next}.
     *
     * @return the state it left
     * @throws IllegalStateException if the lifecycle does not allow it (e.g. anything after STOPPED)
     */
    State moveTo(State next) {
        State from = state;
        if (from == next) {
            return from;
        }
        if (!NEXT.get(from).contains(next)) {
            throw new IllegalStateException("master " + masterId + " cannot go from " + from + " to " + next
                    + "; allowed: " + NEXT.get(from));
        }
        state = next;
        suspended = false;
        LOG.info("Master {} is now {} (was {})", masterId, next, from);
        return from;
    }

    /** Why a message is refused when not serving, for the Error sent back. */
    String notLeaderReason() {
        return "master " + masterId + " is not the leader (it is " + state + "); find the leading master and"
                + " reconnect there";
    }
}
