package org.allot.http.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.allot.http.AllotServlets;
import org.allot.http.internal.embedded.JettyServer;
import org.junit.rules.ExternalResource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The servlets over a {@link FakeOperator} on an embedded Jetty on 127.0.0.1, port 0; a JDK client. */
final class HttpFixture extends ExternalResource {

    final FakeOperator operator = new FakeOperator();
    private final boolean writes;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private JettyServer server;

    HttpFixture(boolean writes) {
        this.writes = writes;
    }

    @Override
    protected void before() {
        server = JettyServer.start("127.0.0.1", 0, AllotServlets.create(operator, writes));
    }

    @Override
    protected void after() {
        server.stop();
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    JsonNode json(HttpResponse<String> r) throws IOException {
        return mapper.readTree(r.body());
    }
}
