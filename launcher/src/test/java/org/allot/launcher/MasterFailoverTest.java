package org.allot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;

/**
 * Master failover with real processes and kill -9 (after Mesos's fault tolerance tests): masters
 * contend on an embedded ZooKeeper, agents and frameworks follow the leader through their detectors,
 * and the agents' fencing logs show that no two masters had launches accepted in overlapping time.
 */
public class MasterFailoverTest {

    private static final Duration RUN = Duration.ofSeconds(120);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @After
    public void endEverything() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private HaCluster cluster() throws Exception {
        HaCluster c = new HaCluster();
        closeables.add(c);
        c.startZooKeeper();
        return c;
    }

    private static long launchesSoFar(HaCluster c) throws Exception {
        return c.launches().size();
    }

    private static void awaitLaunches(HaCluster c, int n) throws Exception {
        long deadline = System.nanoTime() + RUN.toNanos();
        while (launchesSoFar(c) < n) {
            assertTrue("fewer than " + n + " launches; logs in " + c.dir, System.nanoTime() < deadline);
            Thread.sleep(50); // polling the agents' fencing logs, bounded by the deadline
        }
    }

    @Test
    public void aStandbyTakesOverFromAKilledLeaderAndEveryTaskEndsOnceAtItsScheduler() throws Exception {
        HaCluster c = cluster();
        for (int i = 0; i < 3; i++) {
            c.startMaster(c.zk());
        }
        HaCluster.Event first = c.awaitLeader(0, HaCluster.START);
        c.startAgents(3);
        JavaProcess a = c.startFramework("a", 250, "sleep 0.1");
        JavaProcess b = c.startFramework("b", 250, "sleep 0.1");
        awaitLaunches(c, 120);

        c.master(first.master()).kill();
        HaCluster.Event second = c.awaitLeader(first.epoch(), RUN);
        assertTrue("a standby leads: " + second, !second.master().equals(first.master()));

        HaCluster.assertAllFinished(a, 250, RUN);
        HaCluster.assertAllFinished(b, 250, RUN);
        c.assertNoTaskRanTwice(500);
        Map<Long, long[]> spans = c.assertNoOverlappingEpochs();
        assertTrue("launches from both leaders: " + spans.keySet(), spans.containsKey(first.epoch())
                && spans.containsKey(second.epoch()));
    }

    @Test
    public void aLeaderWhoseZooKeeperDiesStepsDownAndOneLeaderIsElectedWhenItReturns() throws Exception {
        HaCluster c = cluster();
        c.startMaster(c.zk());
        c.startMaster(c.zk());
        HaCluster.Event first = c.awaitLeader(0, HaCluster.START);
        c.startAgents(2);
        JavaProcess a = c.startFramework("a", 120, "sleep 0.2");
        awaitLaunches(c, 30);

        c.zooKeeper.kill();
        HaCluster.Event down = c.awaitEvent("steps down", 0, RUN);
        assertEquals(first.master(), down.master());
        c.startZooKeeper();
        HaCluster.Event next = c.awaitLeader(first.epoch(), RUN);

        HaCluster.assertAllFinished(a, 120, RUN);
        long leadersNow = c.events.stream().filter(e -> e.kind().equals("leads") && e.epoch() > first.epoch()).count();
        assertEquals("one leader after ZooKeeper returned: " + c.events, 1, leadersNow);
        assertTrue(next.at() > down.at());
        c.assertNoTaskRanTwice(120);
        c.assertNoOverlappingEpochs();
    }

    @Test
    public void aLeaderCutFromZooKeeperButNotItsAgentsStopsLaunchingBeforeTheNewLeaderStarts() throws Exception {
        HaCluster c = cluster();
        List<CuttableProxy> proxies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CuttableProxy p = new CuttableProxy(c.zkPort);
            closeables.add(p);
            proxies.add(p);
            c.startMaster(HaCluster.zk(p.port()));
        }
        HaCluster.Event first = c.awaitLeader(0, HaCluster.START);
        c.startAgents(2);
        JavaProcess a = c.startFramework("a", 150, "sleep 0.2");
        awaitLaunches(c, 30);

        proxies.get(Integer.parseInt(first.master().substring("master-".length())) - 1).cut();
        HaCluster.Event suspended = c.awaitEvent("suspended", 0, RUN);
        HaCluster.Event second = c.awaitLeader(first.epoch(), RUN);
        assertEquals(first.master(), suspended.master());
        assertTrue("the old leader stopped (" + suspended + ") before the new one started (" + second + ")",
                suspended.at() < second.at());

        HaCluster.assertAllFinished(a, 150, RUN);
        c.assertNoTaskRanTwice(150);
        Map<Long, long[]> spans = c.assertNoOverlappingEpochs();
        long[] old = spans.get(first.epoch());
        assertTrue("the old leader's last launch was accepted before the new leader was elected",
                old == null || old[1] <= second.at());
    }
}
