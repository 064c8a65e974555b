package org.allot.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The high-availability part of {@code ./allot-local --ha}: an embedded ZooKeeper and three masters
 * contending on it, each its own JVM; it prints every takeover as it happens and kills the leader
 * with kill -9 once the job is half done.
 */
final class HaLocal {

    static final int MASTERS = 3;
    private static final Pattern LEADS = Pattern.compile("Master (\\S+) leads with epoch ([0-9]+): (.*)");

    private final List<JavaProcess> masters = new ArrayList<>();
    private final long started;
    private final String zk;
    private volatile int leader = -1;
    private volatile long epoch;
    private volatile long killedAt;
    private boolean killed;

    private HaLocal(String zk, long started) {
        this.zk = zk;
        this.started = started;
    }

    /** Starts ZooKeeper and the masters (added to {@code children}) and waits for a leader. */
    static HaLocal start(Path workDir, List<JavaProcess> children, long started) throws Exception {
        JavaProcess zooKeeper = JavaProcess.start("zookeeper", ZooKeeperMain.class, List.of("--port", "0",
                "--data-dir", workDir.resolve("zookeeper").toAbsolutePath().toString()),
                workDir.resolve("zookeeper.log"), 256);
        children.add(zooKeeper);
        Matcher z = zooKeeper.awaitLine(ZooKeeperMain.READY, MasterMain.startTimeout());
        String url = "zk://" + z.group(1) + ":" + z.group(2) + "/allot";
        System.out.println("ZooKeeper listening on " + z.group(1) + ":" + z.group(2) + " (log " + zooKeeper.log()
                + "); masters contend at " + url);
        HaLocal ha = new HaLocal(url, started);
        for (int i = 1; i <= MASTERS; i++) {
            int index = i - 1;
            JavaProcess m = JavaProcess.start("master-" + i, MasterMain.class, List.of("--port", "0", "--zk", url,
                    "--set", "zk.session.timeout.ms=4000", "--set", "recovery.window.ms=10000"),
                    workDir.resolve("master-" + i + ".log"), 256);
            children.add(m);
            ha.masters.add(m);
            m.onLine(line -> ha.line(index, line));
            Matcher ready = m.awaitLine(MasterMain.READY, MasterMain.startTimeout());
            System.out.println("Master master-" + i + " on " + ready.group(1) + ":" + ready.group(2) + " (log "
                    + m.log() + ")");
        }
        long deadline = System.nanoTime() + MasterMain.startTimeout().toNanos();
        while (ha.leader < 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no master was elected within " + MasterMain.startTimeout().toSeconds()
                        + " s; see the masters' logs in " + workDir);
            }
            Thread.sleep(50); // waiting for the first election, bounded by the deadline
        }
        return ha;
    }

    /** The agents' and frameworks' master setting. */
    String zk() {
        return zk;
    }

    private void line(int index, String line) {
        Matcher m = LEADS.matcher(line);
        if (!m.find()) {
            return;
        }
        leader = index;
        epoch = Long.parseLong(m.group(2));
        String after = killedAt == 0 ? "" : String.format(Locale.ROOT, ", %.1f s after the kill",
                (System.nanoTime() - killedAt) / 1e9);
        System.out.println(String.format(Locale.ROOT, "[%4.0fs] master-%d leads with epoch %d%s: %s",
                (System.nanoTime() - started) / 1e9, index + 1, epoch, after, m.group(3)));
    }

    /** Kills the leader with kill -9 once {@code done} of {@code total} tasks are finished, once. */
    void killLeaderHalfway(int done, int total) throws InterruptedException {
        if (killed || done * 2 < total || leader < 0) {
            return;
        }
        killed = true;
        int victim = leader;
        killedAt = System.nanoTime();
        System.out.println(String.format(Locale.ROOT, "[%4.0fs] %d of %d tasks finished: kill -9 of the leading"
                + " master master-%d (epoch %d); a standby takes over", (killedAt - started) / 1e9, done, total,
                victim + 1, epoch));
        masters.get(victim).kill();
    }

    boolean failedOver() {
        return killed && killedAt != 0 && epoch > 0 && leader >= 0;
    }
}
