package org.allot.election.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single ZooKeeper server in this JVM, for demos and tests on one machine (production points
 * {@code zk} at a real ensemble). No admin server, no limit of connections per client address (a
 * benchmark opens thousands from loopback), session timeouts from 1 s up to 60 s.
 *
 * <p>Threading: start and close from any thread. State: the server, its connection factory and its
 * data directory, which it keeps across restarts on the same directory.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    /** NOTE: ZooKeeper's session timeouts are bounded by 2 and 20 ticks unless set; 500 ms ticks allow 1 s. */
    private static final int TICK_MS = 500;

    private final ZooKeeperServer server;
    private final ServerCnxnFactory connections;
    private final String host;
    private final int port;

    private EmbeddedZooKeeper(ZooKeeperServer server, ServerCnxnFactory connections, String host, int port) {
        this.server = server;
        this.connections = connections;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts a server on {@code host:port} (0: a free port) keeping its data in {@code dataDir}.
     *
     * @throws IOException if the port cannot be bound or the directory used (the message says which)
     */
    public static EmbeddedZooKeeper start(String host, int port, Path dataDir) throws IOException {
        // NOTE: the admin server is only started by ZooKeeperServerMain; the property keeps it off for
        // anything else in this JVM that would read it.
        if (System.getProperty("zookeeper.admin.enableServer") == null) {
            System.setProperty("zookeeper.admin.enableServer", "false");
        }
        Files.createDirectories(dataDir);
        ZooKeeperServer zk = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), TICK_MS);
        zk.setMinSessionTimeout((int) Duration.ofSeconds(1).toMillis());
        zk.setMaxSessionTimeout((int) Duration.ofSeconds(60).toMillis());
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory();
        try {
            factory.configure(new InetSocketAddress(host, port), 0);
            factory.startup(zk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            factory.shutdown();
            throw new IOException("interrupted while starting ZooKeeper on " + host + ":" + port, e);
        } catch (IOException e) {
            factory.shutdown();
            throw new IOException("ZooKeeper cannot listen on " + host + ":" + port + " with data in " + dataDir
                    + ": " + e.getMessage() + "; pick a free port (0: any) and a writable directory", e);
        }
        EmbeddedZooKeeper started = new EmbeddedZooKeeper(zk, factory, host, factory.getLocalPort());
        LOG.info("ZooKeeper listening on {}, data in {}", started.connectString(), dataDir);
        return started;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** {@code host:port}, as a ZooKeeper client takes it. */
    public String connectString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Stops serving; every client session is cut. Idempotent. */
    @Override
    public void close() {
        connections.shutdown();
        if (server.isRunning()) {
            server.shutdown();
        }
        LOG.info("ZooKeeper on {} stopped", connectString());
    }
}
