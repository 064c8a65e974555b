package org.allot.http.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON answers: a generator on the response, and errors as {@code {"error": ..., "field": ...}}. */
final class Responses {

    private Responses() {
    }

    /** A generator writing the response body as UTF-8 JSON with {@code status}; close it to finish. */
    static JsonGenerator json(ObjectMapper mapper, HttpServletResponse resp, int status) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        return mapper.getFactory().createGenerator(resp.getOutputStream(), JsonEncoding.UTF8);
    }

    static void error(ObjectMapper mapper, HttpServletResponse resp, int status, String field, String message)
            throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        try (JsonGenerator g = json(mapper, resp, status)) {
            g.writeStartObject();
            g.writeStringField("error", message == null ? "" : message);
            if (field != null) {
                g.writeStringField("field", field);
            }
            g.writeNumberField("status", status);
            g.writeEndObject();
        }
    }
}
