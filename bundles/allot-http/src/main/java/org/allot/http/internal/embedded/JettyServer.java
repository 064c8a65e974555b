package org.allot.http.internal.embedded;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;

import org.allot.http.AllotServlets;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's servlets on an embedded Jetty 9.4, for a master outside OSGi (the launcher's
 * {@code MasterMain}) and for tests. Jetty 9.4 is what Karaf 4.4.10's pax-web 8.0.34 runs, so the
 * servlets meet the same container in both places. Not used inside OSGi, where the HTTP Whiteboard
 * serves them.
 *
 * <p>Threading: {@link #start} and {@link #stop} from one thread; Jetty serves on its own small pool.
 */
public final class JettyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JettyServer.class);
    /** A master's API sees a few clients (a dashboard, Prometheus, curl): a small pool is plenty. */
    private static final int MAX_THREADS = 16;

    private final Server server;
    private final ServerConnector connector;

    private JettyServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Serves {@code routes} on {@code host:port} (port 0: any free one).
     *
     * @throws UncheckedIOException if the address cannot be bound, naming it
     */
    public static JettyServer start(String host, int port, List<AllotServlets.Route> routes) {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 2);
        pool.setName("allot-http");
        pool.setDaemon(true);
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        for (AllotServlets.Route r : routes) {
            context.addServlet(new ServletHolder(r.servlet()), r.pattern());
        }
        server.setHandler(context);
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("the master's HTTP server cannot listen on " + host + ":" + port + ": "
                    + e.getMessage() + "; pick a free http.port, or 0 for any",
                    e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
        LOG.info("Allot HTTP API listening on {}:{}", host, connector.getLocalPort());
        return new JettyServer(server, connector);
    }

    /** The port bound. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Stops serving; requests in flight are cut. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("The HTTP server did not stop cleanly: {}", e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
