package org.allot.protocol.link;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link MasterDetector} of a cluster without leader election: one fixed address, which never
 * changes. Immutable and thread-safe; {@link #follow} calls the listener once, on the caller's thread.
 */
public final class StandaloneDetector implements MasterDetector {

    private final MasterAddress address;

    public StandaloneDetector(MasterAddress address) {
        this.address = Objects.requireNonNull(address, "address");
    }

    /**
     * A detector of the master at {@code host:port}.
     *
     * @param what names the value in error messages, e.g. "master address"
     * @throws IllegalArgumentException naming {@code what} and the expected form if {@code text} is not
     *                                  {@code host:port}
     */
    public static StandaloneDetector parse(String what, String text) {
        return new StandaloneDetector(MasterAddress.parse(what, text));
    }

    /** The fixed address. */
    public MasterAddress address() {
        return address;
    }

    @Override
    public Optional<MasterAddress> current() {
        return Optional.of(address);
    }

    @Override
    public Subscription follow(Consumer<Optional<MasterAddress>> listener) {
        listener.accept(Optional.of(address));
        return () -> { };
    }

    @Override
    public void close() {
        // Nothing to release: the address never changes.
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
