package org.allot.launcher;

import java.nio.file.Paths;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.allot.agent.internal.Agent;
import org.allot.agent.internal.AgentConfig;
import org.allot.examples.Options;
import org.allot.isolation.posix.internal.PosixIsolator;

/**
 * A standalone agent in a plain JVM with POSIX process isolation. Prints
 * {@code allot agent listening on port PORT} once it serves its executors; it registers with the
 * master by itself and keeps reconnecting. On SIGTERM it kills its tasks and stops.
 *
 * <pre>java -cp allot-local.jar org.allot.launcher.AgentMain --master 127.0.0.1:5050 --resources "cpus:4;mem:4096"</pre>
 */
public final class AgentMain {

    static final String READY = "allot agent listening on port ([0-9]+)";

    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        AgentConfig config;
        try {
            Options o = Options.parse(args, Set.of("master", "host", "port", "hostname", "resources", "attributes",
                    "work-dir", "kill-grace"));
            AgentConfig.Builder builder = AgentConfig.builder()
                    .master(o.string("master", AgentConfig.DEFAULT_MASTER))
                    .host(o.string("host", AgentConfig.DEFAULT_HOST))
                    .port(Integer.parseInt(o.string("port", "5051")))
                    .killGrace(o.duration("kill-grace", AgentConfig.DEFAULT_KILL_GRACE));
            if (o.has("hostname")) {
                builder.hostname(o.string("hostname", null));
            }
            if (o.has("resources")) {
                builder.resources(o.string("resources", null));
            }
            if (o.has("attributes")) {
                builder.attributes(o.string("attributes", null));
            }
            if (o.has("work-dir")) {
                builder.workDir(Paths.get(o.string("work-dir", null)));
            }
            config = builder.build();
        } catch (IllegalArgumentException e) {
            System.err.println("AgentMain: " + e.getMessage()
                    + "\nusage: AgentMain [--master 127.0.0.1:5050] [--port 5051 (0: any free)] [--resources R]"
                    + " [--attributes rack:r1] [--hostname H] [--work-dir DIR] [--kill-grace 5]");
            System.exit(2);
            return;
        }
        Agent agent = new Agent(config, new PosixIsolator());
        agent.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.stop();
            stopped.countDown();
        }, "allot-agent-shutdown"));
        System.out.println("allot agent listening on port " + agent.port() + ", work dir " + agent.workDir());
        stopped.await();
    }
}
