package org.allot.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.examples.Options;
import org.allot.filters.internal.AllowedAgentsFilter;
import org.allot.filters.internal.MinimumFreeFilter;
import org.allot.master.internal.Master;
import org.allot.master.internal.MasterConfig;
import org.allot.protocol.loop.ThreadEventLoop;

/**
 * A standalone master in a plain JVM (no Karaf, no ZooKeeper): DRF allocation and the built-in
 * offer filters. Prints {@code allot master listening on HOST:PORT} once it serves, and stops
 * cleanly on SIGTERM.
 *
 * <pre>java -cp allot-local.jar org.allot.launcher.MasterMain --port 5050</pre>
 */
public final class MasterMain {

    static final String READY = "allot master listening on ([0-9.]+):([0-9]+)";

    private MasterMain() {
    }

    public static void main(String[] args) throws Exception {
        MasterConfig config;
        try {
            Options o = Options.parse(args, Set.of("host", "port", "offer-timeout", "allocation-interval"));
            config = MasterConfig.builder()
                    .host(o.string("host", MasterConfig.DEFAULT_HOST))
                    .port(Integer.parseInt(o.string("port", Integer.toString(MasterConfig.DEFAULT_PORT))))
                    .offerTimeout(o.duration("offer-timeout", MasterConfig.DEFAULT_OFFER_TIMEOUT))
                    .allocationInterval(o.duration("allocation-interval", MasterConfig.DEFAULT_ALLOCATION_INTERVAL))
                    .build();
        } catch (IllegalArgumentException e) {
            System.err.println("MasterMain: " + e.getMessage()
                    + "\nusage: MasterMain [--host 127.0.0.1] [--port 5050 (0: any free)] [--offer-timeout 30]"
                    + " [--allocation-interval 1]");
            System.exit(2);
            return;
        }
        Master master = new Master(config, new ThreadEventLoop("allot-master"), new DrfAllocator(),
                List.of(new AllowedAgentsFilter(), new MinimumFreeFilter()));
        master.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            master.stop();
            stopped.countDown();
        }, "allot-master-shutdown"));
        System.out.println("allot master listening on " + config.host() + ":" + master.port());
        stopped.await();
    }

    /** How long a launcher waits for a child master or agent to report that it is up. */
    static Duration startTimeout() {
        return Duration.ofSeconds(60);
    }
}
