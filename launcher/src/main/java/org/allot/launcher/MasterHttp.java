package org.allot.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

import org.allot.api.operator.Operator;
import org.allot.http.AllotServlets;
import org.allot.http.internal.embedded.JettyServer;

/**
 * The master's HTTP API in a plain JVM: the servlets of {@code allot-http} (the same ones the
 * OSGi HTTP Whiteboard serves in Karaf) on an embedded Jetty, on the master's host.
 *
 * <p>Keys (besides the master's PID keys, with {@code --set} or in a {@code --config} file):
 * <ul>
 *   <li>{@code http.port}: 5080 by default; 0 for any free port, which is also the default when the
 *       master's own port is 0 (tests, {@code ./allot-local}); -1 for no HTTP at all;</li>
 *   <li>{@code http.writes.enabled}: {@code false} by default; {@code true} lets
 *       {@code POST /api/v1/allocator}, {@code PUT /api/v1/roles/{role}} and
 *       {@code POST /api/v1/frameworks/{id}/teardown} change the master.</li>
 * </ul>
 */
final class MasterHttp {

    static final String PORT = "http.port";
    static final String WRITES = "http.writes.enabled";

    /** What the keys ask for; {@code port} -1 for no server. */
    record Settings(int port, boolean writes) {
    }

    private MasterHttp() {
    }

    /** {@code keys} without the HTTP keys, which are not the master's PID's. */
    static Map<String, String> withoutHttpKeys(Map<String, String> keys) {
        Map<String, String> m = new LinkedHashMap<>(keys);
        m.remove(PORT);
        m.remove(WRITES);
        return m;
    }

    /**
     * The HTTP settings of {@code args}.
     *
     * @throws IllegalArgumentException naming the bad key and value
     */
    static Settings settings(String[] args, int masterPort) {
        Map<String, String> keys = LaunchSettings.parse(args).merged(Map.of());
        int port = masterPort == 0 ? 0 : AllotServlets.DEFAULT_PORT;
        String p = keys.get(PORT);
        if (p != null) {
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                port = -2;
            }
            if (port < -1 || port > 65_535) {
                throw new IllegalArgumentException("invalid master setting " + PORT + "=" + p
                        + ": give a port from 0 (any free one) to 65535, or -1 for no HTTP");
            }
        }
        String w = keys.getOrDefault(WRITES, "false").strip();
        if (!w.equalsIgnoreCase("true") && !w.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("invalid master setting " + WRITES + "=" + w + ": give true or false");
        }
        return new Settings(port, Boolean.parseBoolean(w));
    }

    /** Serves the API over {@code operator} on {@code host}; null when the settings say no HTTP. */
    static JettyServer start(Operator operator, String host, Settings s) {
        if (s.port() < 0) {
            return null;
        }
        return JettyServer.start(host, s.port(), AllotServlets.create(operator, s.writes()));
    }
}
