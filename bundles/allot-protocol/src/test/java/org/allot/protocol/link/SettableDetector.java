package org.allot.protocol.link;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link MasterDetector} whose leader a test sets, to drive failovers and leaderless spells without an
 * election. Shipped in the protocol's test-jar for every module's tests. Thread-safe; listeners are
 * called on the thread that calls {@link #set}, one change at a time.
 */
public final class SettableDetector implements MasterDetector {

    private final List<Consumer<Optional<MasterAddress>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Optional<MasterAddress> current;

    /** A detector that knows no leader yet. */
    public SettableDetector() {
        this.current = Optional.empty();
    }

    /** A detector whose leader is {@code leader} until the test sets another. */
    public SettableDetector(MasterAddress leader) {
        this.current = Optional.of(leader);
    }

    /** Makes {@code next} the leader (empty: none) and tells every listener. */
    public synchronized void set(Optional<MasterAddress> next) {
        current = next;
        listeners.forEach(l -> l.accept(next));
    }

    @Override
    public Optional<MasterAddress> current() {
        return current;
    }

    @Override
    public synchronized Subscription follow(Consumer<Optional<MasterAddress>> listener) {
        listeners.add(listener);
        listener.accept(current);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
