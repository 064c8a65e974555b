package org.allot.master.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused peer messages (a bad task, a Decline of unknown offers) at a bounded rate: the first
 * refusal of a peer in a window is logged at WARN in full; the rest of that window are only counted,
 * and the count is logged with the next refusal after the window. So a peer that floods bad
 * messages costs a handful of log lines a minute, not one per message (637,000 lines were seen).
 *
 * <p>Threading: the master's event loop only.
 */
final class RefusalLog {

    /** How many peers are remembered; the oldest is forgotten beyond that (bounded memory). */
    private static final int PEERS_KEPT = 10_000;

    private final Logger log;
    private long logged;
    private final Duration window;
    private final Supplier<Instant> clock;
    private final Map<String, Window> peers = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > PEERS_KEPT;
        }
    };

    private static final class Window {
        Instant start;
        long suppressed;
    }

    RefusalLog(Logger log, Duration window, Supplier<Instant> clock) {
        this.log = log;
        this.window = window;
        this.clock = clock;
    }

    RefusalLog(Duration window, Supplier<Instant> clock) {
        this(LoggerFactory.getLogger(RefusalLog.class), window, clock);
    }

    /** How many refusals were written to the log so far (the rest were only counted). */
    long logged() {
        return logged;
    }

    /**
     * A refusal of something {@code peer} sent.
     *
     * @return whether it was written to the log (false: only counted)
     */
    boolean refused(String peer, String what) {
        Instant now = clock.get();
        Window w = peers.get(peer);
        if (w != null && now.isBefore(w.start.plus(window))) {
            w.suppressed++;
            return false;
        }
        long before = w == null ? 0 : w.suppressed;
        if (w == null) {
            w = new Window();
            peers.put(peer, w);
        }
        w.start = now;
        w.suppressed = 0;
        logged++;
        if (before > 0) {
            log.warn("Refused {} from {} ({} more refusals of this peer in the last {} s were not logged)", what,
                    peer, before, window.toSeconds());
        } else {
            log.warn("Refused {} from {}", what, peer);
        }
        return true;
    }
}
