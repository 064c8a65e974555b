package org.allot.http.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.allot.api.Resource;
import org.allot.api.Resources;
import org.allot.api.operator.AgentView;
import org.allot.api.operator.ClusterState;
import org.allot.api.operator.FrameworkView;
import org.allot.api.operator.MasterStatus;
import org.allot.api.operator.OfferView;
import org.allot.api.operator.TaskView;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes the operator's views as JSON with Jackson's streaming generator (no tree, no reflection:
 * a {@code /state} of 100,000 tasks is written as it is walked). Field names in snake case, as
 * Mesos's {@code /state} has them ({@code framework_id}, {@code agent_id}).
 *
 * <p>Resources are an object of name (with its role in parentheses when reserved) to a number for
 * scalars, and to the canonical text for ranges and sets:
 * {@code {"cpus": 4, "cpus(prod)": 1, "mem": 4096, "ports": "[31000-32000]"}}.
 *
 * <p>Threading: stateless; one generator per response.
 */
final class StateJson {

    private StateJson() {
    }

    static void state(JsonGenerator g, ClusterState s) throws IOException {
        g.writeStartObject();
        g.writeFieldName("master");
        status(g, s.status());
        g.writeArrayFieldStart("allocators");
        for (String a : s.allocators()) {
            g.writeString(a);
        }
        g.writeEndArray();
        g.writeFieldName("agents");
        array(g, s.agents(), StateJson::agent);
        g.writeFieldName("frameworks");
        array(g, s.frameworks(), StateJson::framework);
        g.writeFieldName("tasks");
        array(g, s.tasks(), StateJson::task);
        g.writeFieldName("offers");
        array(g, s.offers(), StateJson::offer);
        g.writeEndObject();
    }

    static void status(JsonGenerator g, MasterStatus s) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.masterId());
        g.writeStringField("leadership", s.leadership());
        g.writeBooleanField("leading", s.leading());
        if (!s.reason().isEmpty()) {
            g.writeStringField("reason", s.reason());
        }
        g.writeBooleanField("listening", s.listening());
        g.writeStringField("active_allocator", s.activeAllocator());
        g.writeStringField("time", s.at().toString());
        g.writeNumberField("agents", s.agents());
        g.writeNumberField("connected_agents", s.connectedAgents());
        g.writeNumberField("frameworks", s.frameworks());
        g.writeNumberField("tasks", s.tasks());
        g.writeEndObject();
    }

    static void agent(JsonGenerator g, AgentView a) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", a.id().value());
        g.writeStringField("hostname", a.hostname());
        g.writeNumberField("port", a.port());
        g.writeBooleanField("active", a.active());
        g.writeStringField("health", a.health().state().name());
        if (!a.health().reason().isEmpty()) {
            g.writeStringField("health_reason", a.health().reason());
        }
        g.writeFieldName("total");
        resources(g, a.total());
        g.writeFieldName("allocated");
        resources(g, a.allocated());
        g.writeObjectFieldStart("attributes");
        for (Map.Entry<String, String> e : a.attributes().asMap().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    static void framework(JsonGenerator g, FrameworkView f) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", f.id().value());
        g.writeStringField("name", f.name());
        g.writeStringField("role", f.role());
        if (f.principal().isPresent()) {
            g.writeStringField("principal", f.principal().get());
        }
        g.writeBooleanField("connected", f.connected());
        g.writeFieldName("allocated");
        resources(g, f.allocated());
        g.writeFieldName("offered");
        resources(g, f.offered());
        g.writeNumberField("dominant_share", f.dominantShare());
        g.writeNumberField("tasks", f.tasks());
        g.writeEndObject();
    }

    static void task(JsonGenerator g, TaskView t) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", t.taskId().value());
        g.writeStringField("name", t.name());
        g.writeStringField("framework_id", t.frameworkId().value());
        g.writeStringField("agent_id", t.agentId().value());
        g.writeStringField("state", t.state().name());
        g.writeFieldName("resources");
        resources(g, t.resources());
        g.writeEndObject();
    }

    static void offer(JsonGenerator g, OfferView o) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", o.offerId().value());
        g.writeStringField("framework_id", o.frameworkId().value());
        g.writeStringField("agent_id", o.agentId().value());
        g.writeFieldName("resources");
        resources(g, o.resources());
        g.writeStringField("created", o.created().toString());
        g.writeEndObject();
    }

    /** One JSON value of a list element. */
    @FunctionalInterface
    interface Writer<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    /** {@code values} as a JSON array, each written by {@code element}. */
    static <T> void array(JsonGenerator g, List<T> values, Writer<? super T> element) throws IOException {
        g.writeStartArray();
        for (T v : values) {
            element.write(g, v);
        }
        g.writeEndArray();
    }

    static void resources(JsonGenerator g, Resources r) throws IOException {
        g.writeStartObject();
        for (Resource e : r.entries()) {
            String key = Resource.UNRESERVED.equals(e.role()) ? e.name() : e.name() + "(" + e.role() + ")";
            if (e.type() == Resource.Type.SCALAR) {
                g.writeNumberField(key, e.scalar());
            } else {
                String text = e.toString();
                g.writeStringField(key, text.substring(text.indexOf(':') + 1));
            }
        }
        g.writeEndObject();
    }
}
