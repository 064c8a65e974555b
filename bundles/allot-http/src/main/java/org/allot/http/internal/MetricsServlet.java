package org.allot.http.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code GET /metrics}: the master's metrics in the Prometheus text format (0.0.4), through the
 * Prometheus Java client's registry and writer. The registry is this servlet's own, not the
 * client's static default one, so two masters in one JVM (tests) do not share metrics.
 *
 * <p>Threading: thread-safe; each scrape reads one snapshot.
 */
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PrometheusRegistry registry = new PrometheusRegistry();
    private final transient PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);
    private final transient ObjectMapper mapper = new ObjectMapper();

    public MetricsServlet(ClusterSource source) {
        registry.register(new MasterCollector(Objects.requireNonNull(source, "source")));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        io.prometheus.metrics.model.snapshots.MetricSnapshots snapshots;
        try {
            snapshots = registry.scrape();
        } catch (IllegalStateException | NullPointerException e) {
            Responses.error(mapper, resp, 503, null, "the master is not running (" + e.getMessage() + ")");
            return;
        }
        resp.setStatus(200);
        resp.setContentType(writer.getContentType());
        try (OutputStream out = resp.getOutputStream()) {
            writer.write(out, snapshots);
        }
    }
}
