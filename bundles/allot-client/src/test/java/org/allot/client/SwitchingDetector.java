package org.allot.client;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.allot.protocol.link.MasterAddress;
import org.allot.protocol.link.MasterDetector;

/** A detector whose leader a test switches; listeners are called on the switching thread. */
final class SwitchingDetector implements MasterDetector {

    private final List<Consumer<Optional<MasterAddress>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Optional<MasterAddress> current;

    SwitchingDetector(FakePeer leader) {
        this.current = Optional.of(address(leader));
    }

    synchronized void switchTo(FakePeer leader) {
        current = Optional.of(address(leader));
        listeners.forEach(l -> l.accept(current));
    }

    static MasterAddress address(FakePeer peer) {
        return MasterAddress.parse("fake peer", peer.address());
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
