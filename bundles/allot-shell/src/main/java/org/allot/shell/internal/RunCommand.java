package org.allot.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Dictionary;
import java.util.Map;

import org.allot.api.CommandInfo;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resource;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskState;
import org.allot.client.AllotSchedulerDriver;
import org.allot.election.MasterDetectors;
import org.allot.protocol.link.MasterDetector;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code allot:run}, like {@code mesos-execute}: registers a short-lived framework, runs a shell
 * command as {@code --count} tasks, prints each task's states, and tears the framework down.
 */
@Service
@Command(scope = "allot", name = "run", description = "Runs a shell command as one or more tasks and waits for them to end")
public class RunCommand implements Action {

    @Reference(optional = true)
    ConfigurationAdmin configurationAdmin;

    @Option(name = "--master", description = "host:port of the master, or zk://host:port/path to follow the elected leader (default: this Karaf's org.allot.master zk, else its host and port, else 127.0.0.1:5050)")
    String master;

    @Option(name = "--resources", description = "Each task's resources, e.g. \"cpus:0.5;mem:128\" (quote the ';')")
    String resources = "cpus:0.1;mem:32";

    @Option(name = "--count", description = "How many tasks")
    int count = 1;

    @Option(name = "--name", description = "The framework's name")
    String name = "allot-run";

    @Option(name = "--role", description = "The framework's role")
    String role = Resource.UNRESERVED;

    @Option(name = "--timeout", description = "Seconds to wait for every task to end before giving up")
    long timeoutSeconds = 300;

    @Argument(index = 0, name = "command", required = true, description = "The shell command each task runs, e.g. \"echo hello\"")
    String command;

    @Override
    public Object execute() throws Exception {
        PrintStream out = System.out;
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, not " + count);
        }
        Resources shape = Resources.parse(resources);
        String endpoint = master != null ? master : configuredMaster();
        String user = System.getProperty("user.name", "allot");
        FrameworkInfo framework = FrameworkInfo.builder(name, user).role(role).build();
        String prefix = name + "-" + Long.toString(System.currentTimeMillis(), 36);
        RunScheduler scheduler = new RunScheduler(prefix, count, shape, CommandInfo.shell(command), out);

        out.println("Running '" + command + "' as " + count + " task(s) of " + shape + " via master " + endpoint);
        boolean ended;
        try (MasterDetector detector = MasterDetectors.fromUrl(endpoint)) {
            AllotSchedulerDriver driver = new AllotSchedulerDriver(scheduler, framework, detector);
            driver.start();
            try {
                ended = scheduler.await(timeoutSeconds);
            } finally {
                driver.stop();
                driver.join();
            }
        }
        return summarize(scheduler, ended, out);
    }

    private Object summarize(RunScheduler scheduler, boolean ended, PrintStream out) {
        Map<TaskId, TaskState> states = scheduler.states();
        long finished = states.values().stream().filter(s -> s == TaskState.FINISHED).count();
        out.println(finished + " of " + count + " task(s) finished");
        if (scheduler.error() != null) {
            throw new IllegalStateException("the framework failed: " + scheduler.error());
        }
        if (!ended) {
            throw new IllegalStateException("not every task ended within " + timeoutSeconds + " s (states: " + states
                    + "); is an agent registered with enough free " + resources + "? see allot:agent-list");
        }
        return null;
    }

    /** The local master's address from Config Admin, so a plain {@code allot:run} finds it. */
    private String configuredMaster() throws IOException {
        String host = "127.0.0.1";
        String port = "5050";
        if (configurationAdmin != null) {
            Configuration configuration = configurationAdmin.getConfiguration("org.allot.master", null);
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties != null) {
                Object zk = properties.get("zk");
                if (zk != null && !zk.toString().isBlank()) {
                    return zk.toString().strip(); // an elected master: follow the leader
                }
                Object configuredHost = properties.get("host");
                Object configuredPort = properties.get("port");
                if (configuredHost != null && !"0.0.0.0".equals(configuredHost.toString())) {
                    host = configuredHost.toString();
                }
                if (configuredPort != null) {
                    port = configuredPort.toString();
                }
            }
        }
        return host + ":" + port;
    }
}
