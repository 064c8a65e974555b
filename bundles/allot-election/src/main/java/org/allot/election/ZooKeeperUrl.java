package org.allot.election;

import java.util.Objects;

/**
 * Where the election lives: {@code zk://host:port[,host:port...]/path}, e.g.
 * {@code zk://10.0.0.1:2181,10.0.0.2:2181/allot}. Immutable.
 *
 * @param connectString the ZooKeeper ensemble, as ZooKeeper takes it: {@code host:port[,host:port...]}
 * @param path          the election's root node, e.g. {@code /allot}; never {@code /} alone
 */
public record ZooKeeperUrl(String connectString, String path) {

    /** The URL scheme. */
    public static final String SCHEME = "zk://";

    public ZooKeeperUrl {
        Objects.requireNonNull(connectString, "connectString");
        Objects.requireNonNull(path, "path");
    }

    /** Whether {@code text} is meant as a ZooKeeper URL (starts with {@code zk://}). */
    public static boolean isZooKeeper(String text) {
        return text != null && text.strip().regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * Parses {@code zk://host:port[,host:port...]/path}.
     *
     * @param what names the value in error messages, e.g. "zk"
     * @throws IllegalArgumentException naming {@code what}, the value and the expected form
     */
    public static ZooKeeperUrl parse(String what, String text) {
        String form = ": give zk://host:port[,host:port...]/path, e.g. zk://127.0.0.1:2181/allot";
        if (!isZooKeeper(text)) {
            throw new IllegalArgumentException("invalid " + what + " '" + text + "'" + form);
        }
        String rest = text.strip().substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("invalid " + what + " '" + text + "': it needs hosts and a path" + form);
        }
        String hosts = rest.substring(0, slash);
        String path = rest.substring(slash);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        for (String host : hosts.split(",")) {
            int colon = host.lastIndexOf(':');
            String port = colon < 0 ? "" : host.substring(colon + 1);
            if (colon <= 0 || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1
                    || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("invalid " + what + " '" + text + "': '" + host
                        + "' is not host:port" + form);
            }
        }
        if (path.contains("//")) {
            throw new IllegalArgumentException("invalid " + what + " '" + text + "': empty path element" + form);
        }
        return new ZooKeeperUrl(hosts, path);
    }

    /** The latch's node: the masters' contender nodes, the lowest of which leads. */
    public String latchPath() {
        return path + "/leader";
    }

    /** The node under which the leader lists the agents registered with it (see {@link LeaderContender}). */
    public String agentsPath() {
        return path + "/agents";
    }

    @Override
    public String toString() {
        return SCHEME + connectString + path;
    }
}
