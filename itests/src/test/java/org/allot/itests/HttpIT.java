package org.allot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.inject.Inject;
import javax.management.ObjectName;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code feature:install allot-http allot-health} in Allot's distribution: the master's API,
 * {@code /health} and {@code /metrics} answer through pax-web's HTTP Whiteboard on the port of
 * {@code etc/org.ops4j.pax.web.cfg}, writes are refused by default, the three health checks are
 * registered and {@code org.allot:type=Master} is in the platform MBean server.
 */
public class HttpIT extends AllotTestSupport {

    @Inject
    private ConfigurationAdmin configurationAdmin;

    // NOTE: loaded twice (test driver and probe); the probe reads the ports back from Config Admin.
    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut("etc/org.allot.master.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/org.allot.master.cfg", "port", freePort()),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", freePort()),
        };
    }

    @Test
    public void theMastersApiHealthMetricsChecksAndMBeanAreServed() throws Exception {
        executeCommand("feature:repo-add " + FEATURES_REPO);
        installAndAssertFeature("allot-allocator-drf");
        installAndAssertFeature("allot-http");
        installAndAssertFeature("allot-health");
        assertBundleActive("allot-http");
        assertBundleActive("allot-health");

        Object port = configurationAdmin.getConfiguration("org.ops4j.pax.web", null).getProperties()
                .get("org.osgi.service.http.port");
        String base = "http://127.0.0.1:" + port;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> health = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds()).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                health = get(client, base + "/health");
                if (health.statusCode() == 200) {
                    break;
                }
            } catch (java.io.IOException e) {
                // pax-web is still starting its connector
            }
            Thread.sleep(200);
        }
        assertTrue("no 200 from " + base + "/health: " + (health == null ? "no answer" : health.body()),
                health != null && health.statusCode() == 200);

        HttpResponse<String> state = get(client, base + "/api/v1/state");
        assertEquals(state.body(), 200, state.statusCode());
        assertTrue(state.body(), state.body().contains("\"active_allocator\":\"drf\""));
        String metrics = get(client, base + "/metrics").body();
        assertTrue(metrics, metrics.contains("allot_master_elected 1.0\n"));
        HttpResponse<String> write = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/allocator"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"drf\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(write.body(), 403, write.statusCode());

        ServiceReference<?>[] checks = bundleContext.getServiceReferences("org.apache.felix.hc.api.HealthCheck",
                "(hc.tags=allot)");
        assertEquals("the master's three health checks", 3, checks == null ? 0 : checks.length);
        assertEquals(Boolean.TRUE, ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName("org.allot:type=Master"), "Leading"));
    }

    private static HttpResponse<String> get(HttpClient client, String uri) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
