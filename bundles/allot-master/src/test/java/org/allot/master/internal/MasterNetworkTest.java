package org.allot.master.internal;

import org.allot.protocol.loop.ThreadEventLoop;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.allot.api.AgentInfo;
import org.allot.api.FrameworkInfo;
import org.allot.api.Resources;
import org.allot.protocol.Connection;
import org.allot.protocol.MessageHandler;
import org.allot.protocol.ProtocolClient;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.Wire;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.Role;
import org.junit.After;
import org.junit.Test;

/** Smoke test over real sockets: a raw agent and a raw scheduler against a Master on 127.0.0.1:0. */
public class MasterNetworkTest {

    private final ThreadEventLoop loop = new ThreadEventLoop("allot-master-test");
    private final Master master = new Master(MasterConfig.builder().port(0).build(), loop,
            new FirstFitAllocator("first-fit"), List.of());
    private final List<Envelope> agentInbox = new CopyOnWriteArrayList<>();
    private final List<Envelope> schedulerInbox = new CopyOnWriteArrayList<>();
    private final ProtocolClient agentClient = new ProtocolClient(ProtocolConfig.defaults(), recorder(agentInbox));
    private final ProtocolClient schedulerClient =
            new ProtocolClient(ProtocolConfig.defaults(), recorder(schedulerInbox));

    private static MessageHandler recorder(List<Envelope> inbox) {
        return (connection, envelope) -> inbox.add(envelope);
    }

    @After
    public void tearDown() {
        agentClient.close();
        schedulerClient.close();
        master.stop();
        loop.shutdown();
    }

    @Test
    public void agentRegistersAndSchedulerReceivesAnOffer() throws Exception {
        master.start();
        int port = master.port();
        assertTrue(port > 0);

        Connection agent = agentClient.connect("127.0.0.1", port,
                Hello.newBuilder().setRole(Role.AGENT).setPrincipal("agent@host-1").build());
        agent.send(Envelope.newBuilder().setRegisterAgent(org.allot.protocol.proto.RegisterAgent.newBuilder()
                .setAgent(Wire.toProto(AgentInfo.unregistered("host-1", 5051, Resources.parse("cpus:2;mem:512")))))
                .build());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> agentInbox.stream().anyMatch(Envelope::hasAgentRegistered));

        Connection scheduler = schedulerClient.connect("127.0.0.1", port,
                Hello.newBuilder().setRole(Role.SCHEDULER).setPrincipal("spark").build());
        scheduler.send(Harness.subscribe(FrameworkInfo.builder("spark", "alice").build()));
        await().atMost(Duration.ofSeconds(10)).until(() -> schedulerInbox.stream().anyMatch(Envelope::hasOffers));

        Envelope offers = schedulerInbox.stream().filter(Envelope::hasOffers).findFirst().orElseThrow();
        assertEquals(Resources.parse("cpus:2;mem:512"),
                Wire.resources(offers.getOffers().getOffers(0).getResourcesList()));
        assertEquals(1, master.offers().size());
        assertEquals(1, master.agents().size());
    }
}
