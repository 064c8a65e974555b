package org.allot.client.internal;

import java.util.Objects;

/**
 * A {@code host:port} address given by a user or an environment variable, checked so that a typo is
 * reported with the value and the expected form rather than as a failed connect.
 *
 * @param host the host name or address
 * @param port 1..65535
 */
public record Endpoint(String host, int port) {

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty host in endpoint");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port + " for " + host + ": use 1..65535");
        }
    }

    /**
     * Parses {@code host:port}, e.g. {@code 127.0.0.1:5050}; an IPv6 host goes in brackets,
     * {@code [::1]:5050}.
     *
     * @param what names the value in error messages, e.g. "master address"
     */
    public static Endpoint parse(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty: give host:port, e.g. 127.0.0.1:5050");
        }
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("invalid " + what + " '" + text + "': give host:port, e.g. 127.0.0.1:5050");
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
            throw new IllegalArgumentException("invalid " + what + " '" + text + "': give host:port with a port in 1..65535");
        }
        return new Endpoint(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
