package org.allot.election;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.allot.election.internal.EmbeddedZooKeeper;
import org.allot.protocol.link.MasterAddress;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Masters contending on a real (embedded) ZooKeeper: one leads, a detector with its own session
 * names it with its epoch, and each new leader has a larger epoch; a leader whose ZooKeeper goes
 * away is suspended at once and defeated when its session is lost, and one leader is elected when
 * ZooKeeper returns.
 */
public class ElectionTest {

    private static final Duration SESSION = Duration.ofSeconds(2);

    private Path dir;
    private EmbeddedZooKeeper zk;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @Before
    public void startZooKeeper() throws Exception {
        dir = Files.createTempDirectory("allot-zk");
        zk = EmbeddedZooKeeper.start("127.0.0.1", 0, dir);
    }

    @After
    public void stopAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        zk.close();
    }

    private ZooKeeperUrl url() {
        return ZooKeeperUrl.parse("zk", "zk://" + zk.connectString() + "/allot");
    }

    /** A contender that records what it is told. */
    private static final class Recorder implements LeaderContender.Listener {
        final List<String> told = new CopyOnWriteArrayList<>();
        volatile long epoch;

        @Override
        public void elected(long epoch, Optional<Set<String>> expectedAgents) {
            this.epoch = epoch;
            told.add("elected " + epoch + " expecting " + expectedAgents.map(Set::size).orElse(-1));
        }

        @Override
        public void suspended() {
            told.add("suspended");
        }

        @Override
        public void defeated(String why) {
            epoch = 0;
            told.add("defeated");
        }

        boolean leads() {
            return epoch != 0;
        }
    }

    private LeaderContender contend(String id, int port, Recorder r) {
        LeaderContender c = LeaderContender.start(url(), SESSION, id, "127.0.0.1:" + port, r);
        closeables.add(c);
        return c;
    }

    @Test
    public void oneLeadsAndEachNewLeaderHasALargerEpochThatTheDetectorReports() {
        ZooKeeperDetector detector = ZooKeeperDetector.start(url(), SESSION);
        closeables.add(detector);
        List<Optional<MasterAddress>> seen = new CopyOnWriteArrayList<>();
        detector.follow(seen::add);
        Recorder[] r = {new Recorder(), new Recorder(), new Recorder()};
        LeaderContender[] c = new LeaderContender[3];
        for (int i = 0; i < 3; i++) {
            c[i] = contend("m" + i, 5050 + i, r[i]);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> leaders(r) == 1);
        int first = leaderIndex(r);
        long firstEpoch = r[first].epoch;
        await().atMost(10, TimeUnit.SECONDS).until(() -> detector.current()
                .equals(Optional.of(new MasterAddress("127.0.0.1", 5050 + first, firstEpoch, Optional.of("m" + first)))));
        c[first].agentAdded("a-1");
        c[first].agentAdded("a-2");
        org.apache.curator.framework.CuratorFramework reader =
                org.allot.election.internal.Clients.start(url(), SESSION);
        closeables.add(reader);
        await().atMost(10, TimeUnit.SECONDS).until(() -> reader.checkExists().forPath(url().agentsPath()) != null
                && reader.getChildren().forPath(url().agentsPath()).size() == 2);

        c[first].close(); // silent: a closing master knows it stops leading
        r[first].epoch = 0;
        await().atMost(10, TimeUnit.SECONDS).until(() -> leaders(r) == 1);
        int second = leaderIndex(r);
        assertTrue("epoch " + r[second].epoch + " after " + firstEpoch, r[second].epoch > firstEpoch);
        assertEquals("the new leader expects the roster's agents", "elected " + r[second].epoch + " expecting 2",
                r[second].told.get(r[second].told.size() - 1));
        await().atMost(10, TimeUnit.SECONDS).until(() -> detector.current().map(MasterAddress::port)
                .equals(Optional.of(5050 + second)));
        assertEquals(r[second].epoch, detector.current().orElseThrow().epoch());
        assertTrue("the detector told of both leaders: " + seen, seen.stream().flatMap(Optional::stream)
                .map(MasterAddress::epoch).distinct().count() >= 2);
    }

    @Test
    public void aLeaderWhoseZooKeeperDiesIsSuspendedThenDefeatedAndOneIsElectedWhenItReturns() throws Exception {
        Recorder[] r = {new Recorder(), new Recorder()};
        contend("m0", 5050, r[0]);
        contend("m1", 5051, r[1]);
        await().atMost(10, TimeUnit.SECONDS).until(() -> leaders(r) == 1);
        int leader = leaderIndex(r);
        long epoch = r[leader].epoch;
        int port = zk.port();

        zk.close();
        await().atMost(10, TimeUnit.SECONDS).until(() -> r[leader].told.contains("suspended"));
        await().atMost(15, TimeUnit.SECONDS).until(() -> r[leader].told.contains("defeated"));
        assertEquals(List.of("elected " + epoch + " expecting 0", "suspended", "defeated"), r[leader].told);

        zk = EmbeddedZooKeeper.start("127.0.0.1", port, dir);
        await().atMost(20, TimeUnit.SECONDS).until(() -> leaders(r) == 1);
        assertTrue("the new term's epoch is larger", r[leaderIndex(r)].epoch > epoch);
    }

    private static int leaders(Recorder[] r) {
        int n = 0;
        for (Recorder x : r) {
            n += x.leads() ? 1 : 0;
        }
        return n;
    }

    private static int leaderIndex(Recorder[] r) {
        for (int i = 0; i < r.length; i++) {
            if (r[i].leads()) {
                return i;
            }
        }
        throw new AssertionError("no leader");
    }
}
