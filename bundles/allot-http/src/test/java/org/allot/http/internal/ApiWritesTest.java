package org.allot.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The operator's writes over HTTP, enabled, against a fake Operator. */
public class ApiWritesTest {

    @Rule
    public final HttpFixture http = new HttpFixture(true);

    private JsonNode send(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = http.send(method, path, body);
        assertEquals(r.body(), status, r.statusCode());
        return http.json(r);
    }

    @Test
    public void switchingTheAllocator() throws Exception {
        assertEquals("priority", send("POST", "/api/v1/allocator", "{\"name\": \"priority\"}", 200)
                .get("allocator").asText());
        assertEquals("priority", http.operator.active);

        JsonNode unknown = send("POST", "/api/v1/allocator", "{\"name\": \"fair\"}", 404);
        assertEquals("name", unknown.get("field").asText());
        assertTrue(unknown.get("error").asText().contains("known: [drf, priority]"));
        assertEquals("name", send("POST", "/api/v1/allocator", "{\"allocator\": \"drf\"}", 400).get("field").asText());
        assertEquals("name", send("POST", "/api/v1/allocator", "{\"name\": 3}", 400).get("field").asText());
        assertEquals("body", send("POST", "/api/v1/allocator", "{name: drf", 400).get("field").asText());
        assertEquals("body", send("POST", "/api/v1/allocator", "[1]", 400).get("field").asText());
        assertEquals("body", send("POST", "/api/v1/allocator", null, 400).get("field").asText());
        assertEquals("body", send("POST", "/api/v1/allocator", "{\"name\": \"" + "x".repeat(70_000) + "\"}", 400)
                .get("field").asText());
        assertEquals("priority", http.operator.active);
    }

    @Test
    public void settingARoleWeight() throws Exception {
        send("PUT", "/api/v1/roles/prod", "{\"weight\": 2.5}", 200);
        assertEquals(Map.of("prod", 2.5), http.operator.weights);
        assertEquals("weight", send("PUT", "/api/v1/roles/prod", "{\"weight\": -1}", 400).get("field").asText());
        assertEquals("weight", send("PUT", "/api/v1/roles/prod", "{\"weight\": \"2\"}", 400).get("field").asText());
        assertEquals(Map.of("prod", 2.5), http.operator.weights);
    }

    @Test
    public void tearingDownAFramework() throws Exception {
        assertEquals("f-1", send("POST", "/api/v1/frameworks/f-1/teardown", null, 200).get("framework").asText());
        assertEquals(List.of(FakeOperator.SPARK), http.operator.tornDown);
        JsonNode again = send("POST", "/api/v1/frameworks/f-1/teardown", null, 404);
        assertTrue(again.get("error").asText().contains("unknown"));
        assertEquals(1, send("GET", "/api/v1/frameworks", null, 200).get("frameworks").size());
    }
}
