package org.allot.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.allot.api.CommandInfo;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.examples.BagOfTasks;
import org.allot.examples.Options;

/**
 * The README's first command: a local cluster and a real job on it. Starts a standalone master and
 * two agents as separate JVMs on loopback (no ZooKeeper), runs two bag-of-tasks frameworks with
 * different task shapes side by side so DRF's split shows, prints their progress each second and a
 * summary, and exits 0 only when every task of both frameworks finished. Every child process is
 * ended on the way out, also on Ctrl-C. With {@code --ha} ({@code ./allot-local --ha}), three masters
 * contend on an embedded ZooKeeper instead, agents and frameworks follow the leader, and the leader is
 * killed with kill -9 halfway through the job ({@link HaLocal}).
 */
public final class LocalCluster {

    /** Each agent's resources: fixed, so the run looks the same on any machine. */
    static final Resources AGENT = Resources.parse("cpus:4;mem:4096;disk:4096;ports:[31000-31999]");

    private LocalCluster() {
    }

    /** One framework of the job: its name, task shape and the running bag of tasks. */
    private record Job(String name, Resources shape, BagOfTasks bag) {
    }

    public static void main(String[] args) throws Exception {
        // The frameworks run in this JVM; their per-task log lines would drown the progress table.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options o;
        try {
            // --ha is a switch: it takes no value.
            String[] switched = java.util.Arrays.stream(args).map(a -> a.equals("--ha") ? "--ha=true" : a)
                    .toArray(String[]::new);
            o = Options.parse(switched, Set.of("tasks", "task-seconds", "work-dir", "timeout", "ha"));
            o.positive("tasks", 12);
            o.duration("task-seconds", Duration.ofSeconds(2));
        } catch (IllegalArgumentException e) {
            System.err.println("LocalCluster: " + e.getMessage()
                    + "\nusage: LocalCluster [--tasks 12] [--task-seconds 2] [--work-dir target/allot-local] [--timeout 300]"
                    + " [--ha]");
            System.exit(2);
            return;
        }
        System.exit(run(o.positive("tasks", 12), o.duration("task-seconds", Duration.ofSeconds(2)),
                Paths.get(o.string("work-dir", "target/allot-local")), o.duration("timeout", Duration.ofMinutes(5)),
                o.has("ha")));
    }

    static int run(int tasks, Duration taskDuration, Path workDir, Duration timeout) throws Exception {
        return run(tasks, taskDuration, workDir, timeout, false);
    }

    /**
     * @param ha three masters contending on an embedded ZooKeeper instead of one standalone master;
     *           the leader is killed with kill -9 once half the tasks finished
     */
    static int run(int tasks, Duration taskDuration, Path workDir, Duration timeout, boolean ha) throws Exception {
        Files.createDirectories(workDir);
        List<JavaProcess> children = new ArrayList<>();
        Thread cleanup = new Thread(() -> closeAll(children), "allot-local-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        long started = System.nanoTime();
        try {
            HaLocal failover = ha ? HaLocal.start(workDir, children, started) : null;
            String endpoint;
            if (failover != null) {
                endpoint = failover.zk();
            } else {
                JavaProcess master = JavaProcess.start("master", MasterMain.class,
                        List.of("--port", "0"), workDir.resolve("master.log"), 256);
                children.add(master);
                Matcher ready = master.awaitLine(MasterMain.READY, MasterMain.startTimeout());
                endpoint = ready.group(1) + ":" + ready.group(2);
                System.out.println("Master listening on " + endpoint + " (log " + master.log() + ")");
            }
            for (int i = 1; i <= 2; i++) {
                JavaProcess agent = JavaProcess.start("agent-" + i, AgentMain.class, List.of(
                        "--master", endpoint, "--port", "0", "--hostname", "agent-" + i,
                        "--resources", AGENT.toString(), "--attributes", "rack:r" + i,
                        "--work-dir", workDir.resolve("agent-" + i).toAbsolutePath().toString()),
                        workDir.resolve("agent-" + i + ".log"), 256);
                children.add(agent);
                agent.awaitLine(AgentMain.READY, MasterMain.startTimeout());
                System.out.println("Agent agent-" + i + " up with " + AGENT + " (log " + agent.log() + ")");
            }

            // Two shapes with the same dominant share per task (1/8 of the cluster), on different
            // resources: cpu-heavy is dominated by cpus, mem-heavy by mem. DRF keeps their shares level.
            CommandInfo command = CommandInfo.shell("sleep " + taskDuration.toMillis() / 1000.0);
            List<Job> jobs = List.of(
                    job("cpu-heavy", endpoint, tasks, Resources.parse("cpus:1;mem:256"), command),
                    job("mem-heavy", endpoint, tasks, Resources.parse("cpus:0.25;mem:1024"), command));
            Resources cluster = AGENT.add(AGENT);
            System.out.println("Running " + tasks + " tasks of cpu-heavy (cpus:1;mem:256) and " + tasks
                    + " tasks of mem-heavy (cpus:0.25;mem:1024), each 'sleep " + taskDuration.toSeconds()
                    + "', on " + cluster.scalar("cpus") + " cpus and " + (long) cluster.scalar("mem") + " MB");

            ExecutorService pool = Executors.newFixedThreadPool(jobs.size());
            List<Future<BagOfTasks.Result>> results = new ArrayList<>();
            for (Job job : jobs) {
                results.add(pool.submit(() -> job.bag().run(timeout)));
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                printProgress(jobs, cluster, started);
                if (failover != null) {
                    failover.killLeaderHalfway(jobs.stream().mapToInt(j -> j.bag().progress().finished()).sum(),
                            2 * tasks);
                }
            }
            printProgress(jobs, cluster, started);
            int code = summarize(jobs, results, started, workDir);
            if (failover != null && !failover.failedOver()) {
                System.out.println("FAILED: the leader was not killed and replaced during the job; see " + workDir);
                return 1;
            }
            return code;
        } catch (java.io.IOException e) {
            System.err.println("allot-local: " + e.getMessage());
            return 1;
        } finally {
            closeAll(children);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private static Job job(String name, String endpoint, int tasks, Resources shape, CommandInfo command) {
        FrameworkInfo framework = FrameworkInfo.builder(name, System.getProperty("user.name", "allot")).build();
        return new Job(name, shape, new BagOfTasks(endpoint, framework, tasks, shape, command));
    }

    /** Dominant share of {@code running} tasks of {@code shape}: the largest fraction of any resource. */
    static double dominantShare(int running, Resources shape, Resources cluster) {
        double share = 0;
        for (String name : List.of("cpus", "mem", "disk", "gpus")) {
            double total = cluster.scalar(name);
            if (total > 0) {
                share = Math.max(share, running * shape.scalar(name) / total);
            }
        }
        return share;
    }

    private static void printProgress(List<Job> jobs, Resources cluster, long started) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%4.0fs]", seconds(started)));
        for (Job job : jobs) {
            BagOfTasks.Progress p = job.bag().progress();
            line.append(String.format(Locale.ROOT, "  %s: running %2d, finished %2d/%d, failed %d, share %.3f",
                    job.name(), p.running(), p.finished(), p.total(), p.failed(),
                    dominantShare(p.running(), job.shape(), cluster)));
        }
        System.out.println(line);
    }

    private static int summarize(List<Job> jobs, List<Future<BagOfTasks.Result>> results, long started, Path workDir)
            throws Exception {
        boolean allFinished = true;
        StringBuilder why = new StringBuilder();
        System.out.println(String.format(Locale.ROOT, "Summary after %.1f s:", seconds(started)));
        for (int i = 0; i < jobs.size(); i++) {
            BagOfTasks.Result r = results.get(i).get();
            System.out.println(String.format(Locale.ROOT, "  %-10s %d of %d finished, %d failed%s", jobs.get(i).name(),
                    r.finished(), r.total(), r.failed(), r.timedOut() ? ", timed out" : ""));
            if (!r.allFinished()) {
                allFinished = false;
                why.append(' ').append(jobs.get(i).name()).append(": ").append(r.total() - r.finished())
                        .append(" task(s) did not finish").append(r.timedOut() ? " (timed out)" : "").append(';');
            }
        }
        if (allFinished) {
            System.out.println("All tasks of both frameworks finished. Logs and sandboxes in " + workDir);
            return 0;
        }
        System.out.println("FAILED:" + why + " see the logs in " + workDir);
        return 1;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Agents first (they kill their tasks), then the master. */
    private static void closeAll(List<JavaProcess> children) {
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).close();
        }
    }

}
