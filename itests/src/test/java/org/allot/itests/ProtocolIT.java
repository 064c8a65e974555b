package org.allot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.allot.api.Resources;
import org.allot.protocol.Connection;
import org.allot.protocol.ProtocolClient;
import org.allot.protocol.ProtocolConfig;
import org.allot.protocol.ProtocolServer;
import org.allot.protocol.proto.Envelope;
import org.allot.protocol.proto.FrameworkMessage;
import org.allot.protocol.proto.Hello;
import org.allot.protocol.proto.Role;
import org.junit.Test;
import org.ops4j.pax.exam.Option;

import com.google.protobuf.ByteString;

/**
 * The API and protocol bundles work inside Karaf as they do on a plain classpath: the resource
 * model parses and prints, and a protocol server and client wired from the installed bundles
 * (protobuf + MINA resolved through OSGi imports) shake hands and exchange a message on loopback.
 */
public class ProtocolIT extends AllotTestSupport {

    @Override
    protected Option[] extraOptions() {
        return new Option[] {features(FEATURES_REPO, "allot-protocol")};
    }

    @Test
    public void resourcesRoundTripThroughTextInsideOsgi() {
        Resources resources = Resources.parse("cpus:4;mem:4096;ports:[31000-32000];cpus(prod):2");
        assertEquals(resources, Resources.parse(resources.toString()));
        assertTrue(resources.contains(Resources.parse("cpus:1;mem:1024;ports:[31000-31010]")));
    }

    @Test
    public void serverAndClientExchangeAMessageInsideKaraf() throws Exception {
        assertBundleActive("allot-protocol");
        BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();
        try (ProtocolServer server = new ProtocolServer(ProtocolConfig.defaults(), Role.MASTER, "itest-master",
                     (connection, envelope) -> connection.send(envelope));
             ProtocolClient client = new ProtocolClient(ProtocolConfig.defaults(),
                     (connection, envelope) -> received.add(envelope))) {
            int port = server.bind("127.0.0.1", 0).getPort();
            Connection connection = client.connect("127.0.0.1", port,
                    Hello.newBuilder().setRole(Role.SCHEDULER).setPrincipal("itest").build());
            assertEquals(Role.MASTER, connection.peerRole());

            Envelope message = Envelope.newBuilder()
                    .setFrameworkMessage(FrameworkMessage.newBuilder()
                            .setFrameworkId("f-1").setExecutorId("e-1").setAgentId("a-1")
                            .setData(ByteString.copyFromUtf8("hello from inside Karaf")))
                    .build();
            assertTrue("send refused", connection.send(message));
            Envelope echoed = received.poll(timeoutSeconds(), seconds());
            assertNotNull("no echo within " + timeoutSeconds() + " s", echoed);
            assertEquals(message, echoed);
            assertEquals(0, server.internalErrorCount());
        }
    }
}
