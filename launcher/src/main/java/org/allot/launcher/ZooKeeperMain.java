package org.allot.launcher;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.allot.election.internal.EmbeddedZooKeeper;
import org.allot.examples.Options;

/**
 * A single embedded ZooKeeper server in a plain JVM, for masters that contend on one machine
 * ({@code ./allot-local --ha}, the failover tests). Prints {@code allot zookeeper listening on HOST:PORT}
 * once it serves; keeps its data in {@code --data-dir}, so a restart on the same directory and port
 * finds the election's nodes again.
 *
 * <pre>java -cp allot-local.jar org.allot.launcher.ZooKeeperMain --port 2181 --data-dir target/zk</pre>
 */
public final class ZooKeeperMain {

    static final String READY = "allot zookeeper listening on ([0-9.]+):([0-9]+)";

    private ZooKeeperMain() {
    }

    public static void main(String[] args) throws Exception {
        String host;
        int port;
        Path dir;
        try {
            Options o = Options.parse(args, Set.of("host", "port", "data-dir"));
            host = o.string("host", "127.0.0.1");
            port = Integer.parseInt(o.string("port", "2181"));
            dir = Path.of(o.string("data-dir", "target/zookeeper"));
        } catch (IllegalArgumentException e) {
            System.err.println("ZooKeeperMain: " + e.getMessage()
                    + "\nusage: ZooKeeperMain [--host 127.0.0.1] [--port 2181 (0: any free)] [--data-dir DIR]");
            System.exit(2);
            return;
        }
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(host, port, dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            zk.close();
            stopped.countDown();
        }, "allot-zookeeper-shutdown"));
        System.out.println("allot zookeeper listening on " + zk.connectString());
        stopped.await();
    }
}
