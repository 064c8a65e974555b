package org.allot.protocol.link;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the leading master listens, as a {@link MasterDetector} reports it. Immutable.
 *
 * @param host  the host name or address
 * @param port  1..65535
 * @param epoch the leadership term this address belongs to, growing with each election; 0 when
 *              there is no election (a standalone master)
 * @param id    the master's id if the detector knows it, e.g. its election node's name
 */
public record MasterAddress(String host, int port, long epoch, Optional<String> id) {

    public MasterAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(id, "id");
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty host in a master address: give a host name or address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port + " for " + host + ": use 1..65535");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("invalid epoch " + epoch + " for " + host + ":" + port
                    + ": epochs start at 0");
        }
    }

    /** A standalone master's address: epoch 0, no id. */
    public static MasterAddress of(String host, int port) {
        return new MasterAddress(host, port, 0, Optional.empty());
    }

    /**
     * Parses {@code host:port}, e.g. {@code 127.0.0.1:5050}; an IPv6 host goes in brackets,
     * {@code [::1]:5050}. The result has epoch 0 and no id.
     *
     * @param what names the value in error messages, e.g. "master address"
     * @throws IllegalArgumentException naming {@code what}, the value and the expected form
     */
    public static MasterAddress parse(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty: give host:port, e.g. 127.0.0.1:5050");
        }
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("invalid " + what + " '" + text
                    + "': give host:port, e.g. 127.0.0.1:5050");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + what + " '" + text + "': the port is not a number", e);
        }
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid " + what + " '" + text
                    + "': give host:port with a port in 1..65535");
        }
        return of(host, port);
    }

    /** {@code host:port}, with an IPv6 host in brackets. */
    public String hostPort() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** {@code host:port}, followed by the epoch and id when there are any: {@code 10.0.0.2:5050 (epoch 3, m-2)}. */
    @Override
    public String toString() {
        if (epoch == 0 && id.isEmpty()) {
            return hostPort();
        }
        return hostPort() + " (epoch " + epoch + id.map(i -> ", " + i).orElse("") + ")";
    }
}
