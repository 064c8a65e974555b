package org.allot.election.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.curator.framework.state.ConnectionState;
import org.junit.Test;

/**
 * The leadership transitions Curator's connection states and latch callbacks drive, event by event:
 * what the master is told, in order.
 */
public class LeadershipTrackerTest {

    private final List<String> told = new ArrayList<>();
    private final LeadershipTracker tracker = new LeadershipTracker(new LeadershipTracker.Events() {
        @Override
        public void elected(long epoch) {
            told.add("elected " + epoch);
        }

        @Override
        public void suspended() {
            told.add("suspended");
        }

        @Override
        public void defeated(String why) {
            told.add("defeated: " + why);
        }
    });

    @Test
    public void theLatchElectsWithItsNodesEpochOnce() {
        tracker.isLeader(4);
        tracker.isLeader(4);
        assertEquals(List.of("elected 4"), told);
        assertTrue(tracker.acting());
        assertEquals(4, tracker.epoch());
    }

    @Test
    public void suspendedStopsActingAtOnceAndTheLatchsNotLeaderThatFollowsChangesNothing() {
        tracker.isLeader(2);
        tracker.connection(ConnectionState.SUSPENDED, false, 0);
        tracker.notLeader(true);
        assertEquals(List.of("elected 2", "suspended"), told);
        assertFalse(tracker.acting());
    }

    @Test
    public void lostAfterSuspendedStepsDown() {
        tracker.isLeader(2);
        tracker.connection(ConnectionState.SUSPENDED, false, 0);
        tracker.connection(ConnectionState.LOST, false, 0);
        assertEquals(List.of("elected 2", "suspended", "defeated: its ZooKeeper session was lost"), told);
        assertEquals(0, tracker.epoch());
    }

    @Test
    public void reconnectedAfterSuspensionStepsDownThenLeadsAgainIfTheLatchStillLeads() {
        tracker.isLeader(2);
        tracker.connection(ConnectionState.SUSPENDED, false, 0);
        tracker.connection(ConnectionState.RECONNECTED, true, 2);
        assertEquals(List.of("elected 2", "suspended",
                "defeated: its ZooKeeper connection came back after a suspension; contending again", "elected 2"), told);
        assertTrue(tracker.acting());
    }

    @Test
    public void reconnectedAfterSuspensionWithAnotherLeaderOnlyStepsDown() {
        tracker.isLeader(2);
        tracker.connection(ConnectionState.SUSPENDED, false, 0);
        tracker.connection(ConnectionState.RECONNECTED, false, 0);
        tracker.notLeader(true);
        assertEquals(List.of("elected 2", "suspended",
                "defeated: its ZooKeeper connection came back after a suspension; contending again"), told);
        assertFalse(tracker.acting());
    }

    @Test
    public void aLatchCallbackWhileSuspendedOrLostIsIgnored() {
        tracker.connection(ConnectionState.SUSPENDED, false, 0);
        tracker.isLeader(3);
        tracker.connection(ConnectionState.LOST, false, 0);
        tracker.isLeader(3);
        assertEquals(List.of(), told);
    }

    @Test
    public void aStandbyIsNeverToldAnything() {
        tracker.connection(ConnectionState.SUSPENDED, false, 0);
        tracker.connection(ConnectionState.RECONNECTED, false, 0);
        tracker.notLeader(true);
        tracker.connection(ConnectionState.LOST, false, 0);
        assertEquals(List.of(), told);
    }

    @Test
    public void theLatchsNotLeaderBeforeTheSuspensionIsTheSuspension() {
        tracker.isLeader(2);
        tracker.notLeader(false);
        tracker.connection(ConnectionState.SUSPENDED, false, 0);
        tracker.connection(ConnectionState.LOST, false, 0);
        assertEquals(List.of("elected 2", "suspended", "defeated: its ZooKeeper session was lost"), told);
    }

    @Test
    public void notLeaderWhileConnectedStepsDown() {
        tracker.isLeader(7);
        tracker.notLeader(true);
        assertEquals(List.of("elected 7", "defeated: another master leads"), told);
    }

    @Test
    public void aNewEpochWhileLeadingIsANewTerm() {
        tracker.isLeader(7);
        tracker.isLeader(9);
        assertEquals(List.of("elected 7", "defeated: it is re-elected with epoch 9 after epoch 7", "elected 9"), told);
    }

    @Test
    public void epochsComeFromLatchNodeNames() {
        assertEquals(13, Participant.epoch("_c_5f1e-latch-0000000012"));
        assertEquals(1, Participant.epoch("_c_5f1e-latch-0000000000"));
        assertEquals(-1, Participant.epoch("agents"));
        assertEquals(-1, Participant.epoch("_c_x-latch-"));
        assertEquals("m1", Participant.decode(Participant.encode("m1", "10.0.0.2:5050"), "_c_a-latch-0000000004")
                .orElseThrow().id().orElseThrow());
        assertTrue(Participant.decode("junk".getBytes(), "_c_a-latch-0000000004").isEmpty());
    }
}
