package org.allot.http.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.allot.api.FrameworkId;
import org.allot.api.TaskState;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.ClusterState;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.TaskView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code /api/v1/*}: the cluster's state as JSON, and the operator's writes.
 *
 * <pre>
 * GET  /api/v1/state                     everything, one snapshot
 * GET  /api/v1/agents[/{id}]             agents (or one)
 * GET  /api/v1/frameworks[/{id}]         frameworks (or one)
 * GET  /api/v1/tasks?framework=&amp;state=&amp;limit=&amp;offset=   a page of tasks, oldest framework first
 * GET  /api/v1/offers                    outstanding offers
 * POST /api/v1/allocator                 {"name": "drf"}: switch the allocator
 * PUT  /api/v1/roles/{role}              {"weight": 2}: set a role's weight
 * POST /api/v1/frameworks/{id}/teardown  remove a framework, killing its tasks
 * </pre>
 *
 * Writes are refused with 403 unless enabled. Each read takes one snapshot ({@code Operator.state()}),
 * so an answer is consistent in itself.
 *
 * <p>Threading: thread-safe; the servlet container calls it from its request threads.
 */
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final String ENDPOINTS = "state, agents, frameworks, tasks, offers, allocator (POST),"
            + " roles/{role} (PUT), frameworks/{id}/teardown (POST)";

    private final transient ClusterSource source;
    private final boolean writesEnabled;
    private final transient ObjectMapper mapper = new ObjectMapper();
    private final transient Requests requests = new Requests(mapper);

    public ApiServlet(ClusterSource source, boolean writesEnabled) {
        this.source = Objects.requireNonNull(source, "source");
        this.writesEnabled = writesEnabled;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, "GET");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, "POST");
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, "PUT");
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp, String method) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        List<String> parts = segments(path);
        try {
            if (method.equals("GET")) {
                get(req, resp, parts);
            } else {
                write(req, resp, method, parts);
            }
        } catch (HttpError e) {
            Responses.error(mapper, resp, e.status, e.field, e.getMessage());
        } catch (NoSuchElementException e) {
            Responses.error(mapper, resp, 404, null, e.getMessage());
        } catch (IllegalStateException | NullPointerException e) {
            // The master stopped or is restarting: its Operator refuses calls meanwhile.
            LOG.debug("{} {} refused: the master is not available", method, path, e);
            Responses.error(mapper, resp, 503, null, "the master is not available (" + e.getMessage()
                    + "); retry shortly");
        }
    }

    private static List<String> segments(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return parts;
    }

    // ------------------------------------------------------------------------------------------
    // Reads

    private void get(HttpServletRequest req, HttpServletResponse resp, List<String> p) throws IOException {
        String what = p.isEmpty() ? "" : p.get(0);
        if (p.size() == 1 && what.equals("state")) {
            ClusterState s = source.state();
            try (JsonGenerator g = Responses.json(mapper, resp, 200)) {
                StateJson.state(g, s);
            }
        } else if (what.equals("agents") && p.size() <= 2) {
            List<AgentView> agents = source.state().agents();
            if (p.size() == 1) {
                try (JsonGenerator g = Responses.json(mapper, resp, 200)) {
                    g.writeStartObject();
                    g.writeFieldName("agents");
                    StateJson.array(g, agents, StateJson::agent);
                    g.writeEndObject();
                }
                return;
            }
            AgentView a = agents.stream().filter(x -> x.id().value().equals(p.get(1))).findFirst()
                    .orElseThrow(() -> HttpError.notFound("id", "agent " + p.get(1) + " is unknown to this master"));
            try (JsonGenerator g = Responses.json(mapper, resp, 200)) {
                StateJson.agent(g, a);
            }
        } else if (what.equals("frameworks") && p.size() <= 2) {
            List<FrameworkView> frameworks = source.state().frameworks();
            if (p.size() == 1) {
                try (JsonGenerator g = Responses.json(mapper, resp, 200)) {
                    g.writeStartObject();
                    g.writeFieldName("frameworks");
                    StateJson.array(g, frameworks, StateJson::framework);
                    g.writeEndObject();
                }
                return;
            }
            FrameworkView f = framework(frameworks, p.get(1), "id");
            try (JsonGenerator g = Responses.json(mapper, resp, 200)) {
                StateJson.framework(g, f);
            }
        } else if (p.size() == 1 && what.equals("tasks")) {
            tasks(req, resp);
        } else if (p.size() == 1 && what.equals("offers")) {
            ClusterState s = source.state();
            try (JsonGenerator g = Responses.json(mapper, resp, 200)) {
                g.writeStartObject();
                g.writeFieldName("offers");
                StateJson.array(g, s.offers(), StateJson::offer);
                g.writeEndObject();
            }
        } else if (isWrite(p)) {
            throw new HttpError(405, null, "GET is not allowed on " + req.getRequestURI() + "; see the API's writes");
        } else {
            throw HttpError.notFound(null, "no endpoint " + req.getRequestURI() + "; /api/v1/ has " + ENDPOINTS);
        }
    }

    private static FrameworkView framework(List<FrameworkView> frameworks, String id, String field) {
        return frameworks.stream().filter(f -> f.id().value().equals(id)).findFirst()
                .orElseThrow(() -> HttpError.notFound(field, "framework " + id + " is unknown to this master"));
    }

    /** A page of tasks, filtered by framework and state; the page is cut after filtering. */
    private void tasks(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int limit = Requests.intParam(req, "limit", Requests.DEFAULT_LIMIT, Requests.MAX_LIMIT);
        int offset = Requests.intParam(req, "offset", 0, Integer.MAX_VALUE);
        TaskState state = Requests.taskState(req);
        String framework = req.getParameter("framework");
        ClusterState s = source.state();
        if (framework != null && !framework.isEmpty()) {
            framework(s.frameworks(), framework.strip(), "framework");
        }
        FrameworkId fid = framework == null || framework.isEmpty() ? null : FrameworkId.of(framework.strip());
        List<TaskView> page = new ArrayList<>(Math.min(limit, 1024));
        int matched = 0;
        for (TaskView t : s.tasks()) {
            if ((fid == null || fid.equals(t.frameworkId())) && (state == null || state == t.state())) {
                if (matched >= offset && page.size() < limit) {
                    page.add(t);
                }
                matched++;
            }
        }
        try (JsonGenerator g = Responses.json(mapper, resp, 200)) {
            g.writeStartObject();
            g.writeNumberField("total", matched);
            g.writeNumberField("offset", offset);
            g.writeNumberField("limit", limit);
            g.writeFieldName("tasks");
            StateJson.array(g, page, StateJson::task);
            g.writeEndObject();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Writes

    private static boolean isWrite(List<String> p) {
        return (p.size() == 1 && p.get(0).equals("allocator")) || (p.size() == 2 && p.get(0).equals("roles"))
                || (p.size() == 3 && p.get(0).equals("frameworks") && p.get(2).equals("teardown"));
    }

    private void write(HttpServletRequest req, HttpServletResponse resp, String method, List<String> p)
            throws IOException {
        String expected = !isWrite(p) ? null : p.get(0).equals("roles") ? "PUT" : "POST";
        if (expected == null) {
            throw HttpError.notFound(null, "no endpoint " + req.getRequestURI() + "; /api/v1/ has " + ENDPOINTS);
        }
        if (!expected.equals(method)) {
            throw new HttpError(405, null, method + " is not allowed on " + req.getRequestURI() + "; use " + expected);
        }
        if (!writesEnabled) {
            throw new HttpError(403, null, "operator writes are disabled on this master; set http.writes.enabled=true"
                    + " (PID org.allot.http, or --set http.writes.enabled=true for MasterMain) to allow them");
        }
        if (p.get(0).equals("allocator")) {
            String name = Requests.stringField(requests.jsonBody(req), "name", "{\"name\": \"drf\"}");
            try {
                source.useAllocator(name);
            } catch (IllegalArgumentException e) {
                throw HttpError.notFound("name", e.getMessage());
            }
            LOG.info("Allocator switched to '{}' through HTTP by {}", name, req.getRemoteAddr());
            ok(resp, "allocator", name);
        } else if (p.get(0).equals("roles")) {
            String role = p.get(1);
            double weight = Requests.numberField(requests.jsonBody(req), "weight", "{\"weight\": 2}");
            try {
                source.setWeight(role, weight);
            } catch (IllegalArgumentException e) {
                String field = e.getMessage() != null && e.getMessage().contains("weight") ? "weight" : "role";
                throw HttpError.badRequest(field, e.getMessage());
            }
            LOG.info("Weight of role '{}' set to {} through HTTP by {}", role, weight, req.getRemoteAddr());
            ok(resp, "role", role);
        } else {
            FrameworkId id;
            try {
                id = FrameworkId.of(p.get(1));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("id", e.getMessage());
            }
            source.teardown(id);
            LOG.info("Framework {} torn down through HTTP by {}", id, req.getRemoteAddr());
            ok(resp, "framework", id.value());
        }
    }

    private void ok(HttpServletResponse resp, String field, String value) throws IOException {
        try (JsonGenerator g = Responses.json(mapper, resp, 200)) {
            g.writeStartObject();
            g.writeStringField(field, value);
            g.writeStringField("result", "done");
            g.writeEndObject();
        }
    }
}
