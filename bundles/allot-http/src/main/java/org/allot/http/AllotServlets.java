package org.allot.http;

import java.util.List;
import java.util.Objects;

import javax.servlet.http.HttpServlet;

import org.allot.api.operator.Operator;
import org.allot.http.internal.ApiServlet;
import org.allot.http.internal.ClusterSource;
import org.allot.http.internal.HealthServlet;
import org.allot.http.internal.MetricsServlet;

/**
 * The master's servlets and the paths they serve, one code path for every container:
 * <ul>
 *   <li>{@code /api/v1/*}: JSON state ({@code state}, {@code agents}, {@code frameworks},
 *       {@code tasks}, {@code offers}) and the operator's writes, refused with 403 unless enabled;</li>
 *   <li>{@code /health}: 200 while the master leads, 503 with the reason otherwise;</li>
 *   <li>{@code /metrics}: the Prometheus text format.</li>
 * </ul>
 *
 * <p>Threading: the servlets are thread-safe; each request reads one snapshot from the Operator.
 */
public final class AllotServlets {

    /** The default port of the master's HTTP server. */
    public static final int DEFAULT_PORT = 5080;

    /** One servlet and the path pattern it serves, e.g. {@code /api/v1/*}. */
    public record Route(String pattern, HttpServlet servlet) {
        public Route {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(servlet, "servlet");
        }
    }

    private AllotServlets() {
    }

    /**
     * The servlets over {@code operator}.
     *
     * @param operator      the master's Operator service
     * @param writesEnabled whether {@code POST}/{@code PUT} may change anything (else 403)
     */
    public static List<Route> create(Operator operator, boolean writesEnabled) {
        ClusterSource source = new ClusterSource(operator);
        return List.of(new Route("/api/v1/*", new ApiServlet(source, writesEnabled)),
                new Route("/health", new HealthServlet(source)),
                new Route("/metrics", new MetricsServlet(source)));
    }
}
