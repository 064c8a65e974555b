package org.allot.launcher;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.allot.agent.internal.Agent;
import org.allot.agent.internal.AgentConfig;
import org.allot.agent.internal.AgentSettings;
import org.allot.examples.Options;
import org.allot.agent.internal.IsolationRegistry;
import org.allot.isolation.posix.internal.PosixIsolator;
import org.allot.isolation.posix.internal.PosixLauncher;

/**
 * A standalone agent in a plain JVM with POSIX process isolation. Prints
 * {@code allot agent listening on port PORT} once it serves its executors; it registers with the
 * master by itself and keeps reconnecting. On SIGTERM it stops and leaves its tasks running,
 * checkpointed in its work dir: the next agent on that work dir re-adopts them.
 *
 * <pre>java -cp allot-local.jar org.allot.launcher.AgentMain --master 127.0.0.1:5050 --resources "cpus:4;mem:4096"</pre>
 *
 * Every key of the agent's PID {@code org.allot.agent} may be given with {@code --set key=value}
 * (repeatable, e.g. {@code --set reconnect_backoff_max=30s}) or in a {@code --config file.properties};
 * the named options override the file, and {@code --set} overrides both.
 */
public final class AgentMain {

    static final String READY = "allot agent listening on port ([0-9]+)";

    private AgentMain() {
    }

    /** The named options and the PID keys they stand for. */
    private static final Map<String, String> OPTION_KEYS = Map.of("master", "master", "host", "host", "port", "port",
            "hostname", "hostname", "resources", "resources", "attributes", "attributes", "work-dir", "work_dir");

    static final String USAGE = "usage: AgentMain [--master 127.0.0.1:5050] [--port 5051 (0: any free)] [--resources R]"
            + " [--attributes rack:r1] [--hostname H] [--work-dir DIR] [--kill-grace 5] [--config agent.properties]"
            + " [--set key=value]...\n  keys: " + String.join(", ", AgentSettings.keys());

    public static void main(String[] args) throws Exception {
        AgentConfig config;
        try {
            config = config(args, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("AgentMain: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Agent agent = new Agent(config, IsolationRegistry.of(new PosixLauncher(), new PosixIsolator()));
        agent.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.stop();
            stopped.countDown();
        }, "allot-agent-shutdown"));
        System.out.println("allot agent listening on port " + agent.port() + ", work dir " + agent.workDir());
        stopped.await();
    }

    /**
     * The configuration {@code args} give; an isolation that needs more than the built-in posix launcher
     * and isolator is accepted with a note on {@code notes}.
     *
     * @throws IllegalArgumentException naming the bad option, key or value
     */
    static AgentConfig config(String[] args, PrintStream notes) {
        LaunchSettings settings = LaunchSettings.parse(args);
        Set<String> names = new HashSet<>(OPTION_KEYS.keySet());
        names.add("kill-grace");
        Options o = Options.parse(settings.rest(), names);
        Map<String, String> options = new LinkedHashMap<>();
        OPTION_KEYS.forEach((option, key) -> {
            if (o.has(option)) {
                options.put(key, o.string(option, null));
            }
        });
        if (o.has("kill-grace")) {
            options.put("kill_grace", o.duration("kill-grace", null).toMillis() + "ms");
        }
        Map<String, String> keys = settings.merged(options);
        AgentConfig config = AgentSettings.fromProperties(keys);
        java.util.List<String> missing = IsolationRegistry.of(new PosixLauncher(), new PosixIsolator())
                .missing(config.isolation());
        if (!missing.isEmpty()) {
            notes.println("AgentMain: isolation " + config.isolation() + " needs " + String.join(" and ", missing)
                    + ", but this agent has only the built-in posix launcher and isolator; those launches will fail");
        }
        return config;
    }
}
