package org.allot.examples;

import org.allot.api.FrameworkInfo;
import org.allot.client.AllotSchedulerDriver;
import org.allot.client.Scheduler;
import org.allot.election.MasterDetectors;
import org.allot.election.ZooKeeperUrl;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.link.MasterDetector;
import org.allot.protocol.link.StandaloneDetector;

/** What the example programs' {@code main} methods share. */
final class Mains {

    private Mains() {
    }

    static final String USAGE_COMMON = "  --master host:port   the master (default 127.0.0.1:5050), or zk://host:port[,...]/path to\n"
            + "                       follow the elected leader of a cluster with ZooKeeper\n"
            + "  --name NAME          the framework name\n"
            + "  --role ROLE          the framework's role (default *)\n"
            + "  --user USER          the user tasks run as (default: this user)\n";

    static FrameworkInfo framework(Options o, String defaultName) {
        FrameworkInfo.Builder b = FrameworkInfo.builder(o.string("name", defaultName),
                o.string("user", System.getProperty("user.name", "nobody")));
        if (o.has("role")) {
            b.role(o.string("role", "*"));
        }
        return b.build();
    }

    /**
     * Checks a {@code --master} value, {@code host:port} or {@code zk://host:port[,host:port...]/path},
     * without connecting; returns it.
     *
     * @throws IllegalArgumentException naming the value and the expected forms
     */
    static String master(String master) {
        if (ZooKeeperUrl.isZooKeeper(master)) {
            ZooKeeperUrl.parse("master", master);
        } else {
            StandaloneDetector.parse("master address", master);
        }
        return master;
    }

    /**
     * The detector of a checked {@code --master} value; a ZooKeeper one has a session of its own, which the
     * caller closes after the driver.
     */
    static MasterDetector detector(String master) {
        return MasterDetectors.fromUrl(master);
    }

    /** A driver with implicit acknowledgements following {@code detector}. */
    static AllotSchedulerDriver driver(Scheduler scheduler, FrameworkInfo framework, MasterDetector detector) {
        return new AllotSchedulerDriver(scheduler, framework, detector, true, ProtocolConfig.defaults());
    }

    /** Prints the problem and the usage and exits 2: the convention for a bad command line. */
    static void usage(String program, String usage, RuntimeException problem) {
        System.err.println(program + ": " + problem.getMessage());
        System.err.println("usage: " + program + " [options]\n" + usage);
        System.exit(2);
    }
}
