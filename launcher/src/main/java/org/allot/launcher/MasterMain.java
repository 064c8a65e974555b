package org.allot.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.examples.Options;
import org.allot.filters.internal.AllowedAgentsFilter;
import org.allot.filters.internal.MinimumFreeFilter;
import org.allot.master.internal.Master;
import org.allot.master.internal.MasterConfig;
import org.allot.master.internal.MasterSettings;
import org.allot.protocol.loop.ThreadEventLoop;

/**
 * A master in a plain JVM (no Karaf): DRF allocation and the built-in offer filters; standalone, or
 * contending for the leadership with {@code --zk zk://host:port/path} (it then logs
 * {@code Master ID leads with epoch N} when it takes over). Prints {@code allot master listening on HOST:PORT} once it serves, and stops
 * cleanly on SIGTERM.
 *
 * <pre>java -cp allot-local.jar org.allot.launcher.MasterMain --port 5050 --set offer.timeout.ms=60000</pre>
 *
 * Every key of the master's PID {@code org.allot.master} may be given with {@code --set key=value}
 * (repeatable) or in a {@code --config file.properties}; the named options override the file, and
 * {@code --set} overrides both.
 */
public final class MasterMain {

    static final String READY = "allot master listening on ([0-9.]+):([0-9]+)";

    private MasterMain() {
    }

    static final String USAGE = "usage: MasterMain [--host 127.0.0.1] [--port 5050 (0: any free)] [--offer-timeout 30]"
            + " [--zk zk://host:port[,host:port...]/path (contend; default: standalone)]"
            + " [--allocation-interval 1] [--config master.properties] [--set key=value]...\n  keys: "
            + String.join(", ", MasterSettings.keys());

    public static void main(String[] args) throws Exception {
        MasterConfig config;
        try {
            config = config(args, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("MasterMain: " + e.getMessage() + "\n" + USAGE);
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

    /**
     * The configuration {@code args} give; a key that chooses an OSGi service is accepted with a note on
     * {@code notes}, as this master has one built-in choice.
     *
     * @throws IllegalArgumentException naming the bad option, key or value
     */
    static MasterConfig config(String[] args, PrintStream notes) {
        LaunchSettings settings = LaunchSettings.parse(args);
        Options o = Options.parse(settings.rest(), Set.of("host", "port", "offer-timeout", "allocation-interval",
                "zk"));
        Map<String, String> options = new LinkedHashMap<>();
        if (o.has("host")) {
            options.put("host", o.string("host", null));
        }
        if (o.has("port")) {
            options.put("port", o.string("port", null));
        }
        if (o.has("zk")) {
            options.put("zk", o.string("zk", null));
        }
        if (o.has("offer-timeout")) {
            options.put("offer.timeout.ms", millis(o.duration("offer-timeout", null)));
        }
        if (o.has("allocation-interval")) {
            options.put("allocation.interval.ms", millis(o.duration("allocation-interval", null)));
        }
        Map<String, String> keys = settings.merged(options);
        MasterConfig config = MasterSettings.fromProperties(keys);
        for (String key : MasterSettings.SERVICE_KEYS) {
            if (keys.containsKey(key)) {
                notes.println("MasterMain: " + key + " chooses an OSGi service; this master always uses the"
                        + " built-in DRF allocator and offer filters");
            }
        }
        return config;
    }

    private static String millis(Duration d) {
        return Long.toString(d.toMillis());
    }

    /** How long a launcher waits for a child master or agent to report that it is up. */
    static Duration startTimeout() {
        return Duration.ofSeconds(60);
    }
}
