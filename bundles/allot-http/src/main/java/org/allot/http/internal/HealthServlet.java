package org.allot.http.internal;

import java.io.IOException;
import java.util.Objects;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.allot.api.operator.MasterStatus;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /health}: 200 while the master leads, 503 with the reason while it does not (standby,
 * recovering, stopped, or not running at all), with the master's status as JSON either way. Cheap:
 * it reads counts, never the full state, so a load balancer may ask every second.
 *
 * <p>Threading: thread-safe.
 */
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ClusterSource source;
    private final transient ObjectMapper mapper = new ObjectMapper();

    public HealthServlet(ClusterSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        MasterStatus status;
        try {
            status = source.status();
        } catch (IllegalStateException | NullPointerException e) {
            Responses.error(mapper, resp, 503, null, "the master is not running (" + e.getMessage() + ")");
            return;
        }
        try (JsonGenerator g = Responses.json(mapper, resp, status.leading() ? 200 : 503)) {
            g.writeStartObject();
            g.writeBooleanField("healthy", status.leading());
            if (!status.leading()) {
                g.writeStringField("error", status.reason());
            }
            g.writeFieldName("master");
            StateJson.status(g, status);
            g.writeEndObject();
        }
    }
}
