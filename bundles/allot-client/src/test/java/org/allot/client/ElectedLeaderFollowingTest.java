package org.allot.client;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.allot.api.FrameworkInfo;
import org.allot.election.LeaderContender;
import org.allot.election.MasterDetectors;
import org.allot.election.ZooKeeperUrl;
import org.allot.election.internal.EmbeddedZooKeeper;
import org.allot.protocol.link.MasterDetector;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Envelope.MessageCase;
import org.allot.protocol.proto.Role;
import org.allot.protocol.proto.Subscribed;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A scheduler driver given the ZooKeeper detector of a {@code zk://} URL follows the elected leader:
 * two fake masters contend through an embedded ZooKeeper, and when the leader gives up, the driver
 * re-subscribes with the framework's id at the new one.
 */
public class ElectedLeaderFollowingTest {

    private static final FrameworkInfo FRAMEWORK = FrameworkInfo.builder("elected", "alice").build();
    private static final Duration SESSION = Duration.ofSeconds(4);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final RecordingScheduler scheduler = new RecordingScheduler();
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedZooKeeper zk;

    private static Envelope masterAnswer(Envelope e) {
        if (e.hasSubscribe()) {
            String id = e.getSubscribe().getFramework().getFrameworkId();
            return Envelope.newBuilder().setSubscribed(Subscribed.newBuilder()
                    .setFrameworkId(id.isEmpty() ? "f-1" : id).setMasterId("m-fake")).build();
        }
        return null;
    }

    @Before
    public void startZooKeeper() throws Exception {
        zk = EmbeddedZooKeeper.start("127.0.0.1", 0, tmp.newFolder("zk").toPath());
    }

    @After
    public void stopAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        zk.close();
    }

    private <T extends AutoCloseable> T closing(T c) {
        closeables.add(c);
        return c;
    }

    private LeaderContender contend(String masterId, FakePeer master) {
        return closing(LeaderContender.start(ZooKeeperUrl.parse("zk", url()), SESSION, masterId, master.address(),
                new LeaderContender.Listener() {
                    @Override
                    public void elected(long epoch, Optional<Set<String>> expectedAgents) {
                    }

                    @Override
                    public void suspended() {
                    }

                    @Override
                    public void defeated(String why) {
                    }
                }));
    }

    private String url() {
        return "zk://" + zk.connectString() + "/allot";
    }

    @Test
    public void theDriverResubscribesWithTheNewLeaderWhenTheLeaderGivesUp() throws Exception {
        FakePeer first = closing(new FakePeer(Role.MASTER, ElectedLeaderFollowingTest::masterAnswer));
        FakePeer second = closing(new FakePeer(Role.MASTER, ElectedLeaderFollowingTest::masterAnswer));
        LeaderContender leading = contend("m-first", first);
        MasterDetector detector = closing(MasterDetectors.fromUrl(url(), SESSION));
        await().atMost(Duration.ofSeconds(20)).until(() -> detector.current().isPresent());
        contend("m-second", second);

        AllotSchedulerDriver driver = new AllotSchedulerDriver(scheduler, FRAMEWORK, detector);
        closing(driver::abort);
        assertEquals(Status.DRIVER_RUNNING, driver.start());
        first.next(MessageCase.SUBSCRIBE);
        assertEquals(first.address(), ((MasterInfo) scheduler.next("registered").arg(1)).address());

        leading.close();

        scheduler.next("disconnected");
        assertEquals("f-1", second.next(MessageCase.SUBSCRIBE).getSubscribe().getFramework().getFrameworkId());
        assertEquals(second.address(), ((MasterInfo) scheduler.next("reregistered").arg(0)).address());
        assertEquals(Status.DRIVER_RUNNING, driver.status());
    }
}
