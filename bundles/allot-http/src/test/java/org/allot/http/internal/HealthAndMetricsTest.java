package org.allot.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;

import org.junit.Rule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** /health and /metrics against a fake Operator. */
public class HealthAndMetricsTest {

    @Rule
    public final HttpFixture http = new HttpFixture(false);

    @Test
    public void healthIs200WhileLeadingAnd503WithTheReasonOtherwise() throws Exception {
        HttpResponse<String> up = http.get("/health");
        assertEquals(200, up.statusCode());
        assertTrue(http.json(up).get("healthy").asBoolean());
        assertEquals(0, http.operator.stateCalls.get() + http.operator.partCalls.get());

        http.operator.leading = false;
        HttpResponse<String> down = http.get("/health");
        assertEquals(503, down.statusCode());
        JsonNode body = http.json(down);
        assertFalse(body.get("healthy").asBoolean());
        assertTrue(body.get("error").asText(), body.get("error").asText().contains("not the leader"));
        assertEquals("STANDBY", body.get("master").get("leadership").asText());

        http.operator.running = false;
        assertEquals(503, http.get("/health").statusCode());
    }

    @Test
    public void metricsAreInThePrometheusTextFormat() throws Exception {
        HttpResponse<String> r = http.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse(""), r.headers().firstValue("Content-Type")
                .orElse("").startsWith("text/plain; version=0.0.4"));
        String text = r.body();
        String[] expected = {
            "allot_master_elected 1.0",
            "allot_master_tasks_running 2.0",
            "allot_master_tasks_staging 1.0",
            "allot_master_tasks_starting 0.0",
            "allot_master_agents_connected 1.0",
            "allot_master_agents_disconnected 1.0",
            "allot_master_frameworks_active 1.0",
            "allot_master_frameworks_inactive 1.0",
            "allot_master_cpus_capacity 8.0",
            "allot_master_cpus_allocated 5.0",
            "allot_master_cpus_offered 1.0",
            "allot_master_cpus_used 4.0",
            "allot_master_mem_capacity 8192.0",
            "allot_master_disk_capacity 1000.0",
            "allot_master_offers_outstanding 1.0",
            "allot_master_event_queue_messages 2.0",
            "allot_master_status_update_retries_total 4.0",
            "allot_master_framework_offers_sent_total{framework_id=\"f-1\",framework_name=\"spark\"} 5.0",
            "allot_master_framework_offers_accepted_total{framework_id=\"f-1\",framework_name=\"spark\"} 3.0",
            "allot_master_framework_offers_declined_total{framework_id=\"f-1\",framework_name=\"spark\"} 1.0",
            "allot_master_framework_offers_rescinded_total{framework_id=\"f-1\",framework_name=\"spark\"} 1.0",
            "allot_master_messages_received_total{type=\"StatusUpdate\"} 12.0",
            "allot_master_messages_sent_total{type=\"offers\"} 5.0",
            "allot_allocator_allocation_run_seconds_bucket{le=\"0.001\"} 7",
            "allot_allocator_allocation_run_seconds_bucket{le=\"0.01\"} 9",
            "allot_allocator_allocation_run_seconds_bucket{le=\"+Inf\"} 10",
            "allot_allocator_allocation_run_seconds_count 10",
            "allot_allocator_allocation_run_seconds_sum 0.05",
        };
        for (String line : expected) {
            assertTrue("missing '" + line + "' in\n" + text, text.contains(line + "\n"));
        }
        assertFalse("a framework gone between the snapshots is left out", text.contains("f-gone"));
        assertEquals("one state snapshot per scrape", 1, http.operator.stateCalls.get());
    }
}
