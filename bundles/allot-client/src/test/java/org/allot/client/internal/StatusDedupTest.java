package org.allot.client.internal;

import static org.junit.Assert.assertEquals;

import java.util.UUID;

import org.allot.api.TaskId;
import org.allot.client.internal.StatusDedup.Seen;
import org.junit.Test;

public class StatusDedupTest {

    private static final TaskId T1 = TaskId.of("t1");

    @Test
    public void anUpdateGoesFromNewToDeliveredToAcknowledged() {
        StatusDedup d = new StatusDedup(10);
        UUID u = UUID.randomUUID();
        assertEquals(Seen.NEW, d.lookup(T1, u));
        d.markDelivered(T1, u);
        assertEquals(Seen.DELIVERED, d.lookup(T1, u));
        d.markAcknowledged(T1, u);
        assertEquals(Seen.ACKNOWLEDGED, d.lookup(T1, u));
        d.markDelivered(T1, u);
        assertEquals("delivering again does not undo the acknowledgement", Seen.ACKNOWLEDGED, d.lookup(T1, u));
    }

    @Test
    public void theSameUuidForAnotherTaskIsAnotherUpdate() {
        StatusDedup d = new StatusDedup(10);
        UUID u = UUID.randomUUID();
        d.markDelivered(T1, u);
        assertEquals(Seen.NEW, d.lookup(TaskId.of("t2"), u));
    }

    @Test
    public void theOldestUpdatesAreForgottenBeyondTheCapacity() {
        StatusDedup d = new StatusDedup(3);
        UUID[] u = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        for (UUID x : u) {
            d.markDelivered(T1, x);
        }
        assertEquals(3, d.size());
        assertEquals(Seen.NEW, d.lookup(T1, u[0]));
        assertEquals(Seen.DELIVERED, d.lookup(T1, u[3]));
    }
}
