package org.allot.election;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.allot.protocol.link.StandaloneDetector;
import org.junit.Test;

public class ZooKeeperUrlTest {

    @Test
    public void parsesHostsAndPath() {
        ZooKeeperUrl u = ZooKeeperUrl.parse("zk", "zk://10.0.0.1:2181,10.0.0.2:2181/allot/prod/");
        assertEquals("10.0.0.1:2181,10.0.0.2:2181", u.connectString());
        assertEquals("/allot/prod", u.path());
        assertEquals("/allot/prod/leader", u.latchPath());
        assertEquals("zk://10.0.0.1:2181,10.0.0.2:2181/allot/prod", u.toString());
    }

    @Test
    public void refusesWhatIsNotAZooKeeperUrlNamingTheForm() {
        for (String bad : new String[] {"10.0.0.1:2181", "zk://10.0.0.1:2181", "zk://10.0.0.1/allot",
                "zk://:2181/allot", "zk://h:99999/allot", "zk://h:1//allot", "zk:///allot"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> ZooKeeperUrl.parse("zk", bad));
            assertTrue(e.getMessage(), e.getMessage().contains("zk://host:port[,host:port...]/path"));
        }
    }

    @Test
    public void aHostPortMasterSettingIsAStandaloneDetector() {
        assertTrue(MasterDetectors.fromUrl("127.0.0.1:5050") instanceof StandaloneDetector);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MasterDetectors.fromUrl("nowhere"));
        assertTrue(e.getMessage(), e.getMessage().contains("zk://"));
    }
}
