package org.allot.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.allot.api.FrameworkId;
import org.junit.Rule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The read API and the writes' refusals, over HTTP against a fake Operator; writes disabled. */
public class ApiServletTest {

    @Rule
    public final HttpFixture http = new HttpFixture(false);

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = http.get(path);
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return http.json(r);
    }

    private JsonNode refused(String method, String path, String body, int status, String field) throws Exception {
        HttpResponse<String> r = http.send(method, path, body);
        assertEquals(r.body(), status, r.statusCode());
        JsonNode e = http.json(r);
        assertEquals(r.body(), status, e.get("status").asInt());
        if (field != null) {
            assertEquals(r.body(), field, e.get("field").asText());
        } else {
            assertTrue(r.body(), e.get("field") == null);
        }
        assertTrue(r.body(), !e.get("error").asText().isBlank());
        return e;
    }

    @Test
    public void stateIsOneSnapshotWithEverything() throws Exception {
        JsonNode s = ok("/api/v1/state");
        assertEquals(1, http.operator.stateCalls.get());
        assertEquals("one Operator.state() call, no separate reads", 0, http.operator.partCalls.get());
        assertEquals("drf", s.get("master").get("active_allocator").asText());
        assertTrue(s.get("master").get("leading").asBoolean());
        assertEquals(List.of("drf", "priority"), List.of(s.get("allocators").get(0).asText(),
                s.get("allocators").get(1).asText()));
        assertEquals(2, s.get("agents").size());
        assertEquals(2, s.get("frameworks").size());
        assertEquals(3, s.get("tasks").size());
        assertEquals(1, s.get("offers").size());

        JsonNode a1 = s.get("agents").get(0);
        assertEquals("a-1", a1.get("id").asText());
        assertEquals(4.0, a1.get("total").get("cpus").asDouble(), 0);
        assertEquals("[31000-32000]", a1.get("total").get("ports").asText());
        assertEquals("r1", a1.get("attributes").get("rack").asText());
        assertEquals(1.0, s.get("agents").get(1).get("allocated").get("cpus(analytics)").asDouble(), 0);
        JsonNode spark = s.get("frameworks").get(0);
        assertEquals("alice", spark.get("principal").asText());
        assertEquals(0.375, spark.get("dominant_share").asDouble(), 0);
        assertTrue("no principal, no field", s.get("frameworks").get(1).get("principal") == null);
        JsonNode t1 = s.get("tasks").get(0);
        assertEquals("f-1", t1.get("framework_id").asText());
        assertEquals("RUNNING", t1.get("state").asText());
        assertEquals("2030-01-01T00:00:00Z", s.get("offers").get(0).get("created").asText());
    }

    @Test
    public void eachCollectionAndEachIdHasItsEndpoint() throws Exception {
        assertEquals(2, ok("/api/v1/agents").get("agents").size());
        assertEquals(2, ok("/api/v1/frameworks").get("frameworks").size());
        assertEquals(1, ok("/api/v1/offers").get("offers").size());
        assertEquals("host-2", ok("/api/v1/agents/a-2").get("hostname").asText());
        assertEquals("web", ok("/api/v1/frameworks/f-2").get("name").asText());
        refused("GET", "/api/v1/agents/a-9", null, 404, "id");
        refused("GET", "/api/v1/frameworks/f-9", null, 404, "id");
        refused("GET", "/api/v1/nothing", null, 404, null);
    }

    @Test
    public void tasksAreFilteredThenPaged() throws Exception {
        JsonNode all = ok("/api/v1/tasks");
        assertEquals(3, all.get("total").asInt());
        assertEquals(Requests.DEFAULT_LIMIT, all.get("limit").asInt());

        JsonNode spark = ok("/api/v1/tasks?framework=f-1");
        assertEquals(2, spark.get("total").asInt());
        JsonNode running = ok("/api/v1/tasks?state=running");
        assertEquals(2, running.get("total").asInt());
        JsonNode both = ok("/api/v1/tasks?framework=f-1&state=RUNNING");
        assertEquals(1, both.get("total").asInt());
        assertEquals("t1", both.get("tasks").get(0).get("id").asText());

        JsonNode page = ok("/api/v1/tasks?limit=1&offset=1");
        assertEquals("total counts every match", 3, page.get("total").asInt());
        assertEquals(1, page.get("tasks").size());
        assertEquals("t2", page.get("tasks").get(0).get("id").asText());
        assertEquals(0, ok("/api/v1/tasks?offset=5").get("tasks").size());
        assertEquals(0, ok("/api/v1/tasks?limit=0").get("tasks").size());
    }

    @Test
    public void badQueriesNameTheirField() throws Exception {
        refused("GET", "/api/v1/tasks?limit=ten", null, 400, "limit");
        JsonNode tooMany = refused("GET", "/api/v1/tasks?limit=10001", null, 400, "limit");
        assertTrue(tooMany.get("error").asText(), tooMany.get("error").asText().contains("0 to 10000"));
        refused("GET", "/api/v1/tasks?limit=-1", null, 400, "limit");
        refused("GET", "/api/v1/tasks?offset=-3", null, 400, "offset");
        JsonNode state = refused("GET", "/api/v1/tasks?state=sleeping", null, 400, "state");
        assertTrue(state.get("error").asText(), state.get("error").asText().contains("RUNNING"));
        refused("GET", "/api/v1/tasks?framework=f-9", null, 404, "framework");
    }

    @Test
    public void writesAreRefusedWith403WhileDisabled() throws Exception {
        JsonNode e = refused("POST", "/api/v1/allocator", "{\"name\": \"priority\"}", 403, null);
        assertTrue(e.get("error").asText(), e.get("error").asText().contains("http.writes.enabled=true"));
        refused("PUT", "/api/v1/roles/prod", "{\"weight\": 2}", 403, null);
        refused("POST", "/api/v1/frameworks/f-1/teardown", null, 403, null);
        assertEquals("drf", http.operator.active);
        assertEquals(Map.of(), http.operator.weights);
        assertEquals(List.<FrameworkId>of(), http.operator.tornDown);
    }

    @Test
    public void wrongMethodsAre405() throws Exception {
        refused("GET", "/api/v1/allocator", null, 405, null);
        refused("PUT", "/api/v1/allocator", "{}", 405, null);
        refused("POST", "/api/v1/roles/prod", "{}", 405, null);
        refused("POST", "/api/v1/state", "{}", 404, null);
    }

    @Test
    public void aStoppedMasterIsA503() throws Exception {
        http.operator.running = false;
        JsonNode e = refused("GET", "/api/v1/state", null, 503, null);
        assertTrue(e.get("error").asText(), e.get("error").asText().contains("not running"));
    }
}
