package org.allot.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.api.AgentId;
import org.allot.api.CommandInfo;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Offer;
import org.allot.api.OfferId;
import org.allot.api.Resources;
import org.allot.api.TaskId;
import org.allot.api.TaskInfo;
import org.allot.api.TaskState;
import org.allot.api.TaskStatus;
import org.allot.client.AllotSchedulerDriver;
import org.allot.client.MasterInfo;
import org.allot.client.Scheduler;
import org.allot.client.SchedulerDriver;
import org.allot.client.Status;
import org.allot.filters.internal.AllowedAgentsFilter;
import org.allot.filters.internal.MinimumFreeFilter;
import org.allot.master.internal.Master;
import org.allot.master.internal.MasterConfig;
import org.allot.protocol.loop.ThreadEventLoop;
import org.allot.protocol.ProtocolConfig;

/**
 * The whole offer cycle under load, in one JVM and on loopback only: a real {@link Master} (DRF
 * allocator, the three standard filters), N {@link EmulatedAgents} of {@code cpus:8;mem:16384}, and a
 * framework on the real scheduler driver that launches no-op tasks ({@code cpus:0.1;mem:16}, command
 * {@code true}) on every offer, as many as fit, until it has launched T tasks or the time limit has
 * passed. It prints, per agent count, the throughput (tasks finished per second) and the launch latency
 * (just before {@code launchTasks} to the {@code TASK_RUNNING} callback).
 * <pre>
 *   java -cp benchmarks/target/allot-benchmarks.jar org.allot.benchmarks.ClusterBenchmark [--tasks T]
 *        [--seconds S] [--warmup W] [AGENTS ...]   (defaults: 20000 tasks, 60 s, 5000, agent counts 100 1000)
 * </pre>
 * A warm-up run of W tasks on 100 agents (not reported; {@code --warmup 0} skips it) comes first, so
 * that the first measured run does not pay for the JIT compiling the master, driver and protocol code.
 * Exits 0 if every launched task finished in every run, 1 otherwise, 2 on a bad command line.
 */
public final class ClusterBenchmark {

    static final Resources AGENT_RESOURCES = Resources.parse("cpus:8;mem:16384");
    static final Resources TASK_RESOURCES = Resources.parse("cpus:0.1;mem:16");
    static final CommandInfo TASK_COMMAND = CommandInfo.shell("true");
    static final int DEFAULT_TASKS = 20_000;
    /** Tasks of the unreported warm-up run (JIT), on {@link #WARMUP_AGENTS} agents; 0 skips it. */
    static final int DEFAULT_WARMUP_TASKS = 5_000;
    static final int WARMUP_AGENTS = 100;
    static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);
    /** After the time limit: how long launched tasks get to finish before the run is cut. */
    static final Duration DRAIN = Duration.ofSeconds(10);
    /** Relaxed heartbeats: 1000 sessions on 2 busy cores must not be declared lost. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> agentCounts = new ArrayList<>();
        int tasks = DEFAULT_TASKS;
        int warmup = DEFAULT_WARMUP_TASKS;
        Duration limit = DEFAULT_LIMIT;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--tasks":
                        tasks = positive("--tasks", value(args, ++i));
                        break;
                    case "--warmup":
                        warmup = "0".equals(value(args, i + 1)) ? 0 : positive("--warmup", args[i + 1]);
                        i++;
                        break;
                    case "--seconds":
                        limit = Duration.ofSeconds(positive("--seconds", value(args, ++i)));
                        break;
                    default:
                        agentCounts.add(positive("agent count", args[i]));
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ClusterBenchmark: " + e.getMessage());
            System.err.println("usage: ClusterBenchmark [--tasks T] [--seconds S] [--warmup W] [AGENTS ...]"
                    + "  (defaults: --tasks " + DEFAULT_TASKS + " --seconds " + DEFAULT_LIMIT.toSeconds()
                    + " --warmup " + DEFAULT_WARMUP_TASKS + " 100 1000)");
            System.exit(2);
            return;
        }
        if (agentCounts.isEmpty()) {
            agentCounts = List.of(100, 1000);
        }
        System.out.printf(Locale.ROOT, "ClusterBenchmark: %d task(s) of %s ('%s') per run, time limit %d s,"
                + " agents of %s, %d core(s), %s%n", tasks, TASK_RESOURCES, "true", limit.toSeconds(),
                AGENT_RESOURCES, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        if (warmup > 0) {
            RunResult w = run(WARMUP_AGENTS, warmup, limit);
            System.out.printf(Locale.ROOT, "warm-up (not reported): %d agents, %d of %d task(s) finished in %.2f s%n",
                    w.agents(), w.finished(), w.launched(), w.wallNanos() / 1e9);
        }
        List<RunResult> results = new ArrayList<>();
        for (int agents : agentCounts) {
            RunResult r = run(agents, tasks, limit);
            results.add(r);
            System.out.println(r.detail());
        }
        System.out.println();
        System.out.println(RunResult.HEADER);
        results.forEach(r -> System.out.println(r.row()));

        boolean allFinished = results.stream().allMatch(RunResult::clean);
        List<String> lingering = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && t != Thread.currentThread())
                .map(Thread::getName).sorted().toList();
        if (!lingering.isEmpty()) {
            System.err.println("ClusterBenchmark: non-daemon threads still alive after closing: " + lingering);
        }
        System.exit(allFinished ? 0 : 1);
    }

    /** One run: master, agents and framework started, measured, and all closed again. */
    static RunResult run(int agentCount, int tasks, Duration limit) throws Exception {
        MasterConfig config = MasterConfig.builder().host("127.0.0.1").port(0)
                .allocationInterval(Duration.ofMillis(250))
                .heartbeatInterval(HEARTBEAT_INTERVAL).heartbeatTimeout(HEARTBEAT_TIMEOUT).build();
        ProtocolConfig protocol = ProtocolConfig.builder()
                .heartbeatInterval(HEARTBEAT_INTERVAL).heartbeatTimeout(HEARTBEAT_TIMEOUT).build();
        ThreadEventLoop loop = new ThreadEventLoop("allot-master");
        Master master = new Master(config, loop, new DrfAllocator(),
                List.of(new AllowedAgentsFilter(), new MinimumFreeFilter()));
        EmulatedAgents agents = new EmulatedAgents(protocol);
        AllotSchedulerDriver driver = null;
        try {
            master.start();
            long registerStart = System.nanoTime();
            agents.start("127.0.0.1", master.port(), agentCount, AGENT_RESOURCES);
            long registerNanos = System.nanoTime() - registerStart;

            NoOpFramework framework = new NoOpFramework(tasks);
            FrameworkInfo info = FrameworkInfo.builder("cluster-benchmark", System.getProperty("user.name", "nobody"))
                    .build();
            driver = new AllotSchedulerDriver(framework, info, "127.0.0.1:" + master.port(), true, protocol);
            driver.start();
            boolean byCount = framework.awaitDone(limit);
            boolean drained = byCount;
            if (!byCount) {
                framework.stopLaunching();
                drained = framework.awaitDone(DRAIN);
            }
            RunResult result = framework.result(agentCount, byCount, drained, registerNanos, agents.tasksRun());
            driver.stop();
            driver.join();
            driver = null;
            return result;
        } finally {
            if (driver != null) {
                driver.stop();
                driver.join();
            }
            agents.close();
            master.stop();
            loop.shutdown();
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int positive(String what, String text) {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a positive whole number, not '" + text + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be positive, not " + n);
        }
        return n;
    }

    /**
     * Launches tasks {@code t-0 .. t-(T-1)} on every offer as they fit, then suppresses offers.
     * Callbacks come one at a time on the driver's thread; the main thread reads under the same lock.
     */
    static final class NoOpFramework implements Scheduler {

        private static final double REFUSE_WHEN_DONE_SECONDS = 3600;
        private static final int MAX_PROBLEMS = 5;

        private final int total;
        private final long[] launchedAt;
        private final long[] runningAt;
        private final CountDownLatch done = new CountDownLatch(1);
        private final List<String> problems = new ArrayList<>();
        private boolean launching = true;
        private boolean suppressed;
        private int launched;
        private int running;
        private int finished;
        private int failed;
        private int disconnects;
        private int agentsLost;
        private long firstLaunch;
        private long lastFinish;

        NoOpFramework(int total) {
            this.total = total;
            this.launchedAt = new long[total];
            this.runningAt = new long[total];
        }

        /** Waits until every task to launch is launched and terminal (or the driver failed). */
        boolean awaitDone(Duration timeout) throws InterruptedException {
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** The time limit passed: launch nothing more; done once the launched tasks are terminal. */
        synchronized void stopLaunching() {
            launching = false;
            checkDone();
        }

        @Override
        public void registered(SchedulerDriver driver, FrameworkId frameworkId, MasterInfo master) {
        }

        @Override
        public synchronized void reregistered(SchedulerDriver driver, MasterInfo master) {
            problem("re-registered with " + master + " after a lost connection");
        }

        @Override
        public synchronized void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
            for (Offer offer : offers) {
                if (!launching || launched == total) {
                    driver.declineOffer(offer.id(), REFUSE_WHEN_DONE_SECONDS);
                    continue;
                }
                List<TaskInfo> batch = new ArrayList<>();
                Resources rest = offer.resources();
                while (launched + batch.size() < total && rest.contains(TASK_RESOURCES)) {
                    int n = launched + batch.size();
                    batch.add(TaskInfo.ofCommand(TaskId.of("t-" + n), "no-op " + n, offer.agentId(), TASK_RESOURCES,
                            TASK_COMMAND));
                    rest = rest.subtract(TASK_RESOURCES);
                }
                if (batch.isEmpty()) {
                    driver.declineOffer(offer.id());
                    continue;
                }
                long now = System.nanoTime();
                if (launched == 0) {
                    firstLaunch = now;
                }
                for (int i = 0; i < batch.size(); i++) {
                    launchedAt[launched + i] = now;
                }
                launched += batch.size();
                // refuse 0: what the tasks leave of the offer may come back in the next pass.
                driver.launchTasks(List.of(offer.id()), batch, 0);
            }
            if ((!launching || launched == total) && !suppressed) {
                suppressed = true;
                driver.suppressOffers();
            }
        }

        @Override
        public void offerRescinded(SchedulerDriver driver, OfferId offerId) {
        }

        @Override
        public synchronized void statusUpdate(SchedulerDriver driver, TaskStatus status) {
            long now = System.nanoTime();
            int n = index(status.taskId());
            if (n < 0) {
                problem("status " + status.state() + " of unknown task " + status.taskId());
                return;
            }
            if (status.state() == TaskState.RUNNING) {
                if (runningAt[n] == 0) {
                    runningAt[n] = now;
                    running++;
                }
            } else if (status.state() == TaskState.FINISHED) {
                finished++;
                lastFinish = now;
            } else if (status.state().isTerminal()) {
                failed++;
                problem("task " + status.taskId() + " ended " + status.state()
                        + status.reason().map(r -> " (" + r + ")").orElse("") + ": " + status.message());
            }
            checkDone();
        }

        @Override
        public void frameworkMessage(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, byte[] data) {
        }

        @Override
        public synchronized void disconnected(SchedulerDriver driver) {
            disconnects++;
            problem("disconnected from the master");
        }

        @Override
        public synchronized void agentLost(SchedulerDriver driver, AgentId agentId) {
            agentsLost++;
            problem("agent " + agentId + " lost");
        }

        @Override
        public void executorLost(SchedulerDriver driver, ExecutorId executorId, AgentId agentId, int status) {
        }

        @Override
        public synchronized void error(SchedulerDriver driver, String message) {
            problem("driver error: " + message);
            launching = false;
            done.countDown();
        }

        private void checkDone() {
            if ((launched == total || !launching) && finished + failed == launched) {
                done.countDown();
            }
        }

        private void problem(String what) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(what);
            } else if (problems.size() == MAX_PROBLEMS) {
                problems.add("(more problems not listed)");
            }
        }

        private int index(TaskId id) {
            String s = id.value();
            if (!s.startsWith("t-")) {
                return -1;
            }
            try {
                int n = Integer.parseInt(s.substring(2));
                return n >= 0 && n < launched ? n : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        synchronized RunResult result(int agents, boolean byCount, boolean drained, long registerNanos, long agentRuns) {
            long[] latencies = new long[running];
            int k = 0;
            for (int i = 0; i < launched; i++) {
                if (runningAt[i] != 0) {
                    latencies[k++] = runningAt[i] - launchedAt[i];
                }
            }
            Arrays.sort(latencies);
            long wall = finished > 0 ? lastFinish - firstLaunch : 0;
            return new RunResult(agents, total, launched, running, finished, failed, agentRuns, byCount, drained,
                    registerNanos, wall, latencies, disconnects, agentsLost, List.copyOf(problems));
        }
    }

    /** What one run measured; times in nanoseconds. */
    record RunResult(int agents, int target, int launched, int running, int finished, int failed, long agentRuns,
            boolean byCount, boolean drained, long registerNanos, long wallNanos, long[] latencies, int disconnects,
            int agentsLost, List<String> problems) {

        static final String HEADER = String.format(Locale.ROOT, "%7s %9s %9s %8s %8s %9s %8s %8s %8s %8s  %s",
                "agents", "launched", "finished", "failed", "wall s", "tasks/s", "p50 ms", "p90 ms", "p99 ms",
                "max ms", "ended by");

        boolean clean() {
            return finished == launched && failed == 0 && launched > 0;
        }

        String endedBy() {
            return byCount ? "task count" : "time limit";
        }

        double tasksPerSecond() {
            return wallNanos > 0 ? finished / (wallNanos / 1e9) : 0;
        }

        double percentileMillis(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * latencies.length);
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
        }

        String row() {
            return String.format(Locale.ROOT, "%7d %9d %9d %8d %8.2f %9.0f %8.1f %8.1f %8.1f %8.1f  %s", agents,
                    launched, finished, failed, wallNanos / 1e9, tasksPerSecond(), percentileMillis(50),
                    percentileMillis(90), percentileMillis(99), percentileMillis(100), endedBy());
        }

        String detail() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%d agents: registered in %.2f s; launched %d of %d, RUNNING seen %d,"
                    + " FINISHED %d, other terminal %d, RunTask received by agents %d; ended by %s%s", agents,
                    registerNanos / 1e9, launched, target, running, finished, failed, agentRuns, endedBy(),
                    byCount || drained ? "" : " (" + (launched - finished - failed)
                            + " launched task(s) still not terminal " + DRAIN.toSeconds() + " s after the limit)"));
            if (disconnects > 0 || agentsLost > 0) {
                b.append(String.format(Locale.ROOT, "; %d disconnect(s), %d agent(s) lost", disconnects, agentsLost));
            }
            b.append('\n').append(HEADER).append('\n').append(row());
            problems.forEach(p -> b.append("\n  problem: ").append(p));
            return b.toString();
        }
    }
}
