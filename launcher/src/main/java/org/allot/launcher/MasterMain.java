package org.allot.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.allocator.priority.internal.PriorityAllocator;
import org.allot.examples.Options;
import org.allot.filters.internal.AllowedAgentsFilter;
import org.allot.filters.internal.MinimumFreeFilter;
import org.allot.http.internal.embedded.JettyServer;
import org.allot.master.internal.Master;
import org.allot.master.internal.MasterConfig;
import org.allot.master.internal.MasterSettings;
import org.allot.master.internal.RoleConfig;
import org.allot.spi.allocation.Allocator;
import org.allot.protocol.loop.ThreadEventLoop;

/**
 * A master in a plain JVM (no Karaf): DRF allocation (or strict priority, with
 * {@code --set allocator.use=priority}) and the built-in offer filters; standalone, or contending for the
 * leadership with {@code --zk zk://host:port/path} (it then logs {@code Master ID leads with epoch N} when it
 * takes over). Prints {@code allot master listening on HOST:PORT} once it serves, and stops cleanly on SIGTERM.
 *
 * <pre>java -cp allot-local.jar org.allot.launcher.MasterMain --port 5050 --set offer.timeout.ms=60000</pre>
 *
 * Every key of the master's PID {@code org.allot.master} may be given with {@code --set key=value}
 * (repeatable) or in a {@code --config file.properties}; the named options override the file, and
 * {@code --set} overrides both. So may the operator's settings that the OSGi master keeps in its
 * configuration: {@code role.<name>.weight}, {@code role.<name>.priority},
 * {@code role.<name>.guarantee} (e.g. {@code --set "role.prod.guarantee=cpus:8;mem:16384"}) and
 * {@code allocator.use} ({@code drf} or {@code priority}). When a {@code --config} file changes,
 * its role settings and the settings that need no new server apply to the running master, as
 * Karaf applies an edited {@code etc/org.allot.master.cfg}.
 */
public final class MasterMain {

    static final String READY = "allot master listening on ([0-9.]+):([0-9]+)";

    private MasterMain() {
    }

    static final String USAGE = "usage: MasterMain [--host 127.0.0.1] [--port 5050 (0: any free)] [--offer-timeout 30]"
            + " [--zk zk://host:port[,host:port...]/path (contend; default: standalone)]"
            + " [--allocation-interval 1] [--config master.properties] [--set key=value]...\n  keys: "
            + String.join(", ", MasterSettings.keys()) + ", " + MasterHttp.PORT + ", " + MasterHttp.WRITES;

    public static void main(String[] args) throws Exception {
        Launch launch;
        try {
            launch = launch(args, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("MasterMain: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        MasterConfig config = launch.config();
        Master master = new Master(config, new ThreadEventLoop("allot-master"), launch.allocator(),
                List.of(new AllowedAgentsFilter(), new MinimumFreeFilter()));
        launch.allocators().forEach(master::addAvailableAllocator);
        master.applyRoles(RoleConfig.NONE, launch.roles());
        master.start();
        ConfigFileWatch watch = new ConfigFileWatch(LaunchSettings.parse(args).files(),
                new LiveSettings(args, master, launch.roles()), problem -> System.err.println("MasterMain: " + problem))
                .start(Duration.ofMillis(500));
        JettyServer http = MasterHttp.start(master, config.host(), MasterHttp.settings(args, config.port()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watch.close();
            if (http != null) {
                http.stop();
            }
            master.stop();
            stopped.countDown();
        }, "allot-master-shutdown"));
        System.out.println("allot master listening on " + config.host() + ":" + master.port());
        if (http != null) {
            System.out.println("allot master http on " + config.host() + ":" + http.port());
        }
        stopped.await();
    }

    /** Applies a changed {@code --config} file: role settings, and the settings that need no new server. */
    static final class LiveSettings implements Runnable {
        private final String[] args;
        private final Master master;
        private RoleConfig roles;

        LiveSettings(String[] args, Master master, RoleConfig roles) {
            this.args = args.clone();
            this.master = master;
            this.roles = roles;
        }

        @Override
        public synchronized void run() {
            Map<String, String> keys = keys(args);
            RoleConfig next = MasterSettings.roles(keys);
            master.reconfigure(MasterSettings.fromProperties(MasterHttp.withoutHttpKeys(keys)));
            master.applyRoles(roles, next);
            roles = next;
            System.out.println("MasterMain: applied the changed configuration; role settings " + next.toProperties());
        }
    }

    /** The names of the allocators this launcher has. */
    static final Set<String> BUILT_IN = new java.util.TreeSet<>(List.of(DrfAllocator.NAME, PriorityAllocator.NAME));

    /** What {@code args} ask for: the settings, the role settings, and the allocators with the one to start with. */
    record Launch(MasterConfig config, RoleConfig roles, List<Allocator> allocators, Allocator allocator) {
    }

    /**
     * The master {@code args} describe; {@code allocator.use} names one of {@link #BUILT_IN} (DRF if absent).
     *
     * @throws IllegalArgumentException naming the bad option, key or value
     */
    static Launch launch(String[] args, PrintStream notes) {
        Map<String, String> keys = keys(args);
        MasterConfig config = config(args, notes);
        String use = keys.getOrDefault("allocator.use", "").strip();
        List<Allocator> allocators = List.of(new DrfAllocator(), new PriorityAllocator());
        Allocator chosen = allocators.stream().filter(a -> a.name().equals(use.isEmpty() ? DrfAllocator.NAME : use))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("invalid master setting allocator.use="
                        + use + ": this launcher has the allocators " + BUILT_IN));
        return new Launch(config, MasterSettings.roles(keys), allocators, chosen);
    }

    /**
     * The configuration {@code args} give; {@code allocator.target} is accepted with a note on
     * {@code notes}, as this master chooses among its built-in allocators by {@code allocator.use}.
     *
     * @throws IllegalArgumentException naming the bad option, key or value
     */
    static MasterConfig config(String[] args, PrintStream notes) {
        MasterConfig config = config(keys(args), notes);
        MasterHttp.settings(args, config.port()); // refuses bad HTTP keys before anything starts
        return config;
    }

    private static MasterConfig config(Map<String, String> keys, PrintStream notes) {
        MasterConfig config = MasterSettings.fromProperties(MasterHttp.withoutHttpKeys(keys));
        if (keys.containsKey("allocator.target")) {
            notes.println("MasterMain: allocator.target chooses an OSGi service; this master uses one of its built-in"
                    + " allocators " + BUILT_IN + ", by allocator.use (drf if not set)");
        }
        return config;
    }

    private static Map<String, String> keys(String[] args) {
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
        return settings.merged(options);
    }

    private static String millis(Duration d) {
        return Long.toString(d.toMillis());
    }

    /** How long a launcher waits for a child master or agent to report that it is up. */
    static Duration startTimeout() {
        return Duration.ofSeconds(60);
    }
}
