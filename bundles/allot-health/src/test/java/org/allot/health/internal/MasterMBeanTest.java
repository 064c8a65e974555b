package org.allot.health.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.lang.management.ManagementFactory;
import java.time.Instant;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.allot.api.operator.MasterStatus;
import org.junit.Test;

/** org.allot:type=Master in the platform MBean server, read as a JMX client reads it. */
public class MasterMBeanTest {

    @Test
    public void theMBeanShowsTheMastersFiguresWhileTheComponentIsActive() throws Exception {
        StatusOperator operator = new StatusOperator();
        operator.status = new MasterStatus(Instant.EPOCH, "m1", "LEADING", true, "", true, "drf", 3, 2, 4, 17);
        MasterMBeanComponent component = new MasterMBeanComponent(operator);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("org.allot:type=Master");

        component.activate();
        try {
            assertEquals(true, server.getAttribute(name, "Leading"));
            assertEquals("drf", server.getAttribute(name, "ActiveAllocator"));
            assertEquals(2, server.getAttribute(name, "ConnectedAgents"));
            assertEquals(17, server.getAttribute(name, "Tasks"));
            assertEquals(7L, server.getAttribute(name, "OffersSent"));
            assertEquals(2L, server.getAttribute(name, "OffersAccepted"));
            assertEquals(12L, server.getAttribute(name, "MessagesReceived"));
            assertEquals(4L, server.getAttribute(name, "MessagesSent"));
            assertEquals(5L, server.getAttribute(name, "StatusUpdateRetries"));
            assertEquals(7L, server.getAttribute(name, "AllocationPasses"));
            assertEquals(0.25, (Double) server.getAttribute(name, "AllocationPassSeconds"), 1e-9);
        } finally {
            component.deactivate();
        }
        assertFalse(server.isRegistered(name));
    }
}
