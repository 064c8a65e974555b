package org.allot.client;

import java.util.Objects;

/**
 * The master a scheduler is subscribed to, as passed to {@link Scheduler#registered} and
 * {@link Scheduler#reregistered}.
 *
 * @param id   the master's id from its {@code Subscribed} answer, e.g. {@code m-1a2b}; may be empty
 *             if the master did not say
 * @param host the host the driver connected to
 * @param port the port the driver connected to
 */
public record MasterInfo(String id, String host, int port) {

    public MasterInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
    }

    /** {@code host:port}, the form the driver was given. */
    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return (id.isEmpty() ? "master" : id) + "@" + address();
    }
}
