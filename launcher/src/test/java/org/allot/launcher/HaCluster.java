package org.allot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.allot.examples.BagOfTasks;

/**
 * Masters contending on ZooKeeper, agents and frameworks following the leader, each its own JVM on
 * loopback, for the failover tests: it records when each master says it leads, is suspended or steps
 * down (as the test JVM reads the line), and reads the agents' fencing logs.
 */
final class HaCluster implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(60);
    /** NOTE: 4 s, not 2: on the shared 2-core build machine (load 20+) 2 s sessions expired spuriously. */
    static final Duration SESSION = Duration.ofSeconds(4);
    private static final Pattern LEADS = Pattern.compile("Master (\\S+) leads with epoch ([0-9]+)");
    private static final Pattern SUSPENDED = Pattern.compile("Master (\\S+) is suspended");
    private static final Pattern STEPS_DOWN = Pattern.compile("Master (\\S+) steps down from epoch ([0-9]+)");

    /** A master's news, stamped when this JVM read it. */
    record Event(long at, String master, String kind, long epoch) {
    }

    /** One launch an agent accepted, from its fencing log. */
    record Launch(long at, long epoch, String master, String framework, String task, String agent) {
    }

    final Path dir;
    final List<JavaProcess> masters = new ArrayList<>();
    final List<JavaProcess> agents = new ArrayList<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<JavaProcess> all = new ArrayList<>();
    JavaProcess zooKeeper;
    int zkPort;

    HaCluster() throws IOException {
        dir = Files.createDirectories(Paths.get("target", "ha-" + System.nanoTime()).toAbsolutePath());
    }

    JavaProcess start(String name, Class<?> main, List<String> args) throws IOException {
        // Surefire runs tests from a manifest-only jar; children get the real class path.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaProcess p = JavaProcess.start(name, classPath, main, args, dir.resolve(name + ".log"), 192);
        all.add(p);
        return p;
    }

    /** Starts (or restarts, on the same port and data) the ZooKeeper server. */
    void startZooKeeper() throws Exception {
        zooKeeper = start("zookeeper", ZooKeeperMain.class, List.of("--port", Integer.toString(zkPort),
                "--data-dir", dir.resolve("zookeeper").toString()));
        zkPort = Integer.parseInt(zooKeeper.awaitLine(ZooKeeperMain.READY, START).group(2));
    }

    String zk() {
        return zk(zkPort);
    }

    static String zk(int port) {
        return "zk://127.0.0.1:" + port + "/allot";
    }

    /** A master contending through ZooKeeper at {@code zkUrl}. */
    JavaProcess startMaster(String zkUrl) throws Exception {
        String name = "master-" + (masters.size() + 1);
        JavaProcess m = start(name, MasterMain.class, List.of("--port", "0", "--zk", zkUrl,
                "--set", "zk.session.timeout.ms=" + SESSION.toMillis(), "--set", "recovery.window.ms=10000"));
        m.onLine(line -> record(name, line));
        masters.add(m);
        m.awaitLine(MasterMain.READY, START);
        return m;
    }

    void startAgents(int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            String name = "agent-" + (agents.size() + 1);
            JavaProcess a = start(name, AgentMain.class, List.of("--master", zk(), "--port", "0", "--hostname", name,
                    "--resources", "cpus:4;mem:4096;disk:1024;ports:[31000-31099]", "--work-dir",
                    dir.resolve(name).toString(), "--set", "zk_session_timeout=" + SESSION.toSeconds() + "s",
                    "--set", "reconnect_backoff_max=1s"));
            agents.add(a);
            a.awaitLine(AgentMain.READY, START);
        }
    }

    JavaProcess startFramework(String name, int tasks, String command) throws IOException {
        return start("framework-" + name, BagOfTasks.class, List.of("--master", zk(), "--name", name, "--tasks",
                Integer.toString(tasks), "--resources", "cpus:0.1;mem:32", "--command", command, "--timeout", "100"));
    }

    private void record(String master, String line) {
        long now = System.currentTimeMillis();
        Matcher m = LEADS.matcher(line);
        if (m.find()) {
            events.add(new Event(now, master, "leads", Long.parseLong(m.group(2))));
        } else if ((m = STEPS_DOWN.matcher(line)).find()) {
            events.add(new Event(now, master, "steps down", Long.parseLong(m.group(2))));
        } else if (SUSPENDED.matcher(line).find()) {
            events.add(new Event(now, master, "suspended", 0));
        }
    }

    /** Waits for a master to lead with an epoch above {@code after}; returns that event. */
    Event awaitLeader(long after, Duration timeout) throws InterruptedException {
        return awaitEvent("leads", after, timeout);
    }

    Event awaitEvent(String kind, long after, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Event e : events) {
                if (e.kind().equals(kind) && (kind.equals("suspended") || e.epoch() > after)) {
                    return e;
                }
            }
            Thread.sleep(20); // polling the recorded lines, bounded by the deadline
        }
        throw new AssertionError("no master " + kind + (kind.equals("leads") ? " with an epoch above " + after : "")
                + " within " + timeout.toSeconds() + " s; events " + events + "; logs in " + dir);
    }

    JavaProcess master(String name) {
        return masters.get(Integer.parseInt(name.substring("master-".length())) - 1);
    }

    /** Every launch every agent accepted, in time order. */
    List<Launch> launches() throws IOException {
        List<Launch> out = new ArrayList<>();
        for (int i = 1; i <= agents.size(); i++) {
            Path log = dir.resolve("agent-" + i).resolve("fencing.log");
            if (!Files.exists(log)) {
                continue;
            }
            for (String line : Files.readAllLines(log)) {
                Map<String, String> kv = new HashMap<>();
                String[] parts = line.split(" ");
                for (int j = 1; j < parts.length; j++) {
                    int eq = parts[j].indexOf('=');
                    kv.put(parts[j].substring(0, eq), parts[j].substring(eq + 1));
                }
                out.add(new Launch(Long.parseLong(parts[0]), Long.parseLong(kv.get("epoch")), kv.get("master"),
                        kv.get("framework"), kv.get("task"), "agent-" + i));
            }
        }
        out.sort((a, b) -> Long.compare(a.at(), b.at()));
        return out;
    }

    /**
     * The fencing check: the launches of each epoch all come before the first of any later epoch,
     * so no launch was accepted from two masters in overlapping time; returns each epoch's span.
     */
    Map<Long, long[]> assertNoOverlappingEpochs() throws IOException {
        Map<Long, long[]> spans = new TreeMap<>();
        for (Launch l : launches()) {
            spans.merge(l.epoch(), new long[] {l.at(), l.at()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        long[] previous = null;
        long previousEpoch = -1;
        for (Map.Entry<Long, long[]> e : spans.entrySet()) {
            if (previous != null) {
                assertTrue("launches of epoch " + previousEpoch + " until " + previous[1] + " overlap those of epoch "
                        + e.getKey() + " from " + e.getValue()[0] + "; logs in " + dir, previous[1] < e.getValue()[0]);
            }
            previous = e.getValue();
            previousEpoch = e.getKey();
        }
        return spans;
    }

    /** Each task was launched (accepted by an agent) at most once. */
    void assertNoTaskRanTwice(int expectedTasks) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (Launch l : launches()) {
            counts.merge(l.framework() + "/" + l.task(), 1, Integer::sum);
        }
        counts.forEach((task, n) -> assertEquals("launches of " + task + " (logs in " + dir + ")", 1, (int) n));
        assertEquals("tasks launched", expectedTasks, counts.size());
    }

    /** The framework's closing line: every task terminal, reported once. */
    static void assertAllFinished(JavaProcess framework, int tasks, Duration timeout) throws Exception {
        Matcher r = framework.awaitLine(
                "BagOfTasks: ([0-9]+) of ([0-9]+) task\\(s\\) finished, ([0-9]+) failed, ([0-9]+) duplicate", timeout);
        assertEquals("tasks of " + framework.log(), Integer.toString(tasks), r.group(2));
        assertEquals("finished in " + framework.log(), Integer.toString(tasks), r.group(1));
        assertEquals("failed in " + framework.log(), "0", r.group(3));
        assertEquals("terminal updates delivered twice in " + framework.log(), "0", r.group(4));
    }

    @Override
    public void close() {
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).close();
        }
    }
}
