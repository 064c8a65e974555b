package org.allot.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.allot.allocator.drf.internal.DrfAllocator;
import org.allot.api.AgentId;
import org.allot.api.ExecutorId;
import org.allot.api.FrameworkId;
import org.allot.api.FrameworkInfo;
import org.allot.api.Offer;
import org.allot.api.OfferId;
import org.allot.api.TaskStatus;
import org.allot.client.AllotSchedulerDriver;
import org.allot.client.MasterInfo;
import org.allot.client.Scheduler;
import org.allot.client.SchedulerDriver;
import org.allot.filters.internal.AllowedAgentsFilter;
import org.allot.filters.internal.MinimumFreeFilter;
import org.allot.http.internal.embedded.JettyServer;
import org.allot.master.internal.Master;
import org.allot.master.internal.MasterConfig;
import org.allot.protocol.loop.ThreadEventLoop;
import org.junit.After;
import org.junit.Test;

/**
 * MasterMain's HTTP: its settings, and the API served by a real master (its own event loop and
 * network server on 127.0.0.1, port 0) with a real scheduler driver subscribed to it.
 */
public class MasterHttpTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Master master;
    private JettyServer http;
    private AllotSchedulerDriver driver;

    @After
    public void stop() {
        if (driver != null) {
            driver.stop();
        }
        if (http != null) {
            http.stop();
        }
        if (master != null) {
            master.stop();
        }
    }

    @Test
    public void httpSettingsHaveDefaultsAndRefuseBadValues() {
        assertEquals(new MasterHttp.Settings(5080, false), MasterHttp.settings(new String[0], 5050));
        assertEquals("a master on any port serves HTTP on any port", new MasterHttp.Settings(0, false),
                MasterHttp.settings(new String[0], 0));
        assertEquals(new MasterHttp.Settings(-1, true), MasterHttp.settings(new String[] {"--set", "http.port=-1",
                "--set", "http.writes.enabled=true"}, 5050));
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> MasterMain.config(new String[] {"--set", "http.port=80x"}, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(port.getMessage(), port.getMessage().startsWith("invalid master setting http.port=80x"));
        IllegalArgumentException writes = assertThrows(IllegalArgumentException.class,
                () -> MasterHttp.settings(new String[] {"--set", "http.writes.enabled=yes"}, 0));
        assertTrue(writes.getMessage(), writes.getMessage().contains("give true or false"));
        assertEquals(Map.of("port", "0"), MasterHttp.withoutHttpKeys(Map.of("port", "0", "http.port", "1")));
    }

    @Test
    public void theLaunchersMasterServesItsStateHealthMetricsAndWrites() throws Exception {
        String[] args = {"--port", "0", "--set", "http.writes.enabled=true"};
        MasterConfig config = MasterMain.config(args, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        master = new Master(config, new ThreadEventLoop("allot-master-test"), new DrfAllocator(),
                List.of(new AllowedAgentsFilter(), new MinimumFreeFilter()));
        master.start();
        http = MasterHttp.start(master, config.host(), MasterHttp.settings(args, config.port()));

        AtomicReference<FrameworkId> registered = new AtomicReference<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        driver = new AllotSchedulerDriver(new QuietScheduler(registered, errors),
                FrameworkInfo.builder("http-test", "alice").build(), "127.0.0.1:" + master.port());
        driver.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> registered.get() != null);
        String id = registered.get().value();

        HttpResponse<String> frameworks = get("/api/v1/frameworks");
        assertEquals(200, frameworks.statusCode());
        assertTrue(frameworks.body(), frameworks.body().contains("\"id\":\"" + id + "\""));
        HttpResponse<String> health = get("/health");
        assertEquals(health.body(), 200, health.statusCode());
        String metrics = get("/metrics").body();
        assertTrue(metrics, metrics.contains("allot_master_frameworks_active 1.0\n"));
        assertTrue(metrics, metrics.contains("allot_master_messages_received_total{type=\"Subscribe\"} 1.0\n"));
        assertTrue(metrics, metrics.contains("allot_master_messages_sent_total{type=\"subscribed\"} 1.0\n"));
        assertTrue(metrics, metrics.contains("allot_master_elected 1.0\n"));

        HttpResponse<String> teardown = send("POST", "/api/v1/frameworks/" + id + "/teardown");
        assertEquals(teardown.body(), 200, teardown.statusCode());
        assertEquals("{\"frameworks\":[]}", get("/api/v1/frameworks").body());
        await().atMost(Duration.ofSeconds(20)).until(() -> errors.stream().anyMatch(e -> e.contains("torn down")));
        assertEquals(404, send("POST", "/api/v1/frameworks/" + id + "/teardown").statusCode());

        master.stop();
        HttpResponse<String> stopped = get("/health");
        assertEquals(stopped.body(), 503, stopped.statusCode());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Declines nothing and launches nothing: it only subscribes and records what it is told. */
    private static final class QuietScheduler implements Scheduler {
        private final AtomicReference<FrameworkId> registered;
        private final List<String> errors;

        QuietScheduler(AtomicReference<FrameworkId> registered, List<String> errors) {
            this.registered = registered;
            this.errors = errors;
        }

        @Override
        public void registered(SchedulerDriver d, FrameworkId id, MasterInfo m) {
            registered.set(id);
        }

        @Override
        public void reregistered(SchedulerDriver d, MasterInfo m) {
        }

        @Override
        public void resourceOffers(SchedulerDriver d, List<Offer> offers) {
        }

        @Override
        public void offerRescinded(SchedulerDriver d, OfferId id) {
        }

        @Override
        public void statusUpdate(SchedulerDriver d, TaskStatus s) {
        }

        @Override
        public void frameworkMessage(SchedulerDriver d, ExecutorId e, AgentId a, byte[] data) {
        }

        @Override
        public void disconnected(SchedulerDriver d) {
        }

        @Override
        public void agentLost(SchedulerDriver d, AgentId a) {
        }

        @Override
        public void executorLost(SchedulerDriver d, ExecutorId e, AgentId a, int status) {
        }

        @Override
        public void error(SchedulerDriver d, String message) {
            errors.add(message);
        }
    }
}
