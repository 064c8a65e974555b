package org.allot.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.allot.election.ZooKeeperUrl;
import org.allot.launcher.JavaProcess;
import org.allot.protocol.ProtocolConfig;

/**
 * Master failover time (not JMH): from kill -9 of the leading master to a new leader elected and
 * every agent re-registered with it. Per agent count it starts, on 127.0.0.1: a ZooKeeper server and
 * two masters ({@code MasterMain --zk}), each its own JVM, and N {@link FailoverAgents} in this JVM,
 * each with its own ZooKeeper session and master session. Once every agent is registered with the
 * leader (and the leader's roster has had {@link #SETTLE} to reach ZooKeeper), it kills the leader
 * with SIGKILL and measures when the agents' detectors first name the new leader, when the new
 * master says it leads (every agent of the roster back), and when the last agent got
 * {@code AgentReregistered}. Exits 0 if every run met the goal (session timeout + 1 s).
 *
 * <pre>java -Xss256k -cp benchmarks/target/allot-benchmarks.jar org.allot.benchmarks.FailoverBenchmark 100 1000 10000</pre>
 */
public final class FailoverBenchmark {

    static final Duration DEFAULT_SESSION = Duration.ofSeconds(2);
    static final Duration SETTLE = Duration.ofSeconds(3);
    static final Duration LIMIT = Duration.ofSeconds(120);
    private static final Pattern LEADS = Pattern.compile("Master (\\S+) leads with epoch ([0-9]+)");

    private FailoverBenchmark() {
    }

    record Result(int agents, double detectedS, double leadsS, double allBackS, int back) {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = new ArrayList<>();
        Duration session = DEFAULT_SESSION;
        int perSession = 1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--session-ms")) {
                session = Duration.ofMillis(Long.parseLong(args[++i]));
            } else if (args[i].equals("--agents-per-session")) {
                perSession = Integer.parseInt(args[++i]);
            } else {
                counts.add(Integer.parseInt(args[i]));
            }
        }
        if (counts.isEmpty()) {
            counts = List.of(100, 1000, 10000);
        }
        System.out.printf(Locale.ROOT, "FailoverBenchmark: ZooKeeper session timeout %d ms (masters and agents), goal"
                + " %.1f s, %d core(s), %s%n", session.toMillis(), session.toMillis() / 1000.0 + 1,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| agents | new leader seen by agents | new master leads (roster back) | every agent"
                + " re-registered | goal met |");
        System.out.println("|---|---|---|---|---|");
        boolean all = true;
        for (int n : counts) {
            Result r = run(n, session, perSession);
            boolean met = r.back() == n && r.allBackS() <= session.toMillis() / 1000.0 + 1;
            all &= met;
            System.out.printf(Locale.ROOT, "| %d | %.2f s | %.2f s | %.2f s (%d of %d) | %s |%n", n, r.detectedS(),
                    r.leadsS(), r.allBackS(), r.back(), n, met ? "yes" : "no");
        }
        System.exit(all ? 0 : 1);
    }

    static Result run(int n, Duration session, int perSession) throws Exception {
        Path dir = Files.createTempDirectory("allot-failover-bench");
        List<JavaProcess> children = new ArrayList<>();
        FailoverAgents agents = null;
        try {
            JavaProcess zk = JavaProcess.start("zookeeper", org.allot.launcher.ZooKeeperMain.class, List.of("--port",
                    "0", "--data-dir", dir.resolve("zk").toString()), dir.resolve("zookeeper.log"), 1024);
            children.add(zk);
            Matcher z = zk.awaitLine("allot zookeeper listening on ([0-9.]+):([0-9]+)", LIMIT);
            String url = "zk://" + z.group(1) + ":" + z.group(2) + "/allot";
            List<String> masterArgs = List.of("--port", "0", "--zk", url,
                    "--set", "zk.session.timeout.ms=" + session.toMillis(), "--set", "recovery.window.ms=60000",
                    "--set", "agent.ping.interval.ms=" + ClusterBenchmark.HEARTBEAT_INTERVAL.toMillis(),
                    "--set", "agent.ping.timeout.ms=" + ClusterBenchmark.HEARTBEAT_TIMEOUT.toMillis());
            JavaProcess first = JavaProcess.start("master-1", org.allot.launcher.MasterMain.class, masterArgs,
                    dir.resolve("master-1.log"), 1024);
            children.add(first);
            Matcher lead = first.awaitLine(LEADS.pattern(), LIMIT);
            long firstEpoch = Long.parseLong(lead.group(2));
            JavaProcess second = JavaProcess.start("master-2", org.allot.launcher.MasterMain.class, masterArgs,
                    dir.resolve("master-2.log"), 1024);
            children.add(second);
            AtomicLong leads = new AtomicLong();
            second.onLine(line -> {
                if (LEADS.matcher(line).find()) {
                    leads.compareAndSet(0, System.nanoTime());
                }
            });
            second.awaitLine("allot master listening on", LIMIT);

            agents = new FailoverAgents(n, ProtocolConfig.builder().heartbeatInterval(ClusterBenchmark.HEARTBEAT_INTERVAL)
                    .heartbeatTimeout(ClusterBenchmark.HEARTBEAT_TIMEOUT).build());
            agents.firstLeader(firstEpoch);
            agents.start(ZooKeeperUrl.parse("zk", url), session, perSession);
            await(agents.registered::get, n, "registered with the first leader", dir);
            Thread.sleep(SETTLE.toMillis()); // the leader's roster writes reach ZooKeeper (asynchronous)

            long killed = System.nanoTime();
            first.kill();
            await(agents.reregistered::get, n, "re-registered with the new leader", dir);
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (leads.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10); // the master's own line; bounded
            }
            return new Result(n, seconds(agents.newLeaderSeen.get(), killed), seconds(leads.get(), killed),
                    seconds(agents.lastReregistered.get(), killed), agents.reregistered.get());
        } finally {
            if (agents != null) {
                agents.close();
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                children.get(i).close();
            }
        }
    }

    private static double seconds(long at, long from) {
        return at == 0 ? Double.NaN : (at - from) / 1e9;
    }

    private static void await(java.util.function.IntSupplier count, int n, String what, Path dir)
            throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (count.getAsInt() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(count.getAsInt() + " of " + n + " agents " + what + " within "
                        + LIMIT.toSeconds() + " s; logs in " + dir);
            }
            Thread.sleep(5); // polling a counter; bounded by the deadline
        }
    }
}
