package org.allot.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

import javax.servlet.http.HttpServletRequest;

import org.allot.api.TaskState;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and checks what a client sends: query parameters and small JSON bodies. Every refusal is
 * an {@link HttpError} naming the field and what would be accepted.
 *
 * <p>Threading: stateless but for the (thread-safe) mapper.
 */
final class Requests {

    /** Tasks per page when {@code limit} is not given. */
    static final int DEFAULT_LIMIT = 100;
    /** The largest page: bigger answers are what {@code /state} is for. */
    static final int MAX_LIMIT = 10_000;
    /** The largest request body; the writes take a field or two. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final ObjectMapper mapper;

    Requests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A non-negative integer parameter no larger than {@code max}, or {@code otherwise} when absent. */
    static int intParam(HttpServletRequest req, String name, int otherwise, int max) {
        String text = req.getParameter(name);
        if (text == null || text.isEmpty()) {
            return otherwise;
        }
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(name, name + " '" + text + "' is not a whole number; give one from 0 to " + max);
        }
        if (value < 0 || value > max) {
            throw HttpError.badRequest(name, name + " " + value + " is out of range; give one from 0 to " + max);
        }
        return value;
    }

    /** The {@code state} parameter as a task state (any case), or null when absent. */
    static TaskState taskState(HttpServletRequest req) {
        String text = req.getParameter("state");
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return TaskState.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("state", "state '" + text + "' is not a task state; use one of "
                    + Arrays.toString(TaskState.values()));
        }
    }

    /** The body as a JSON object, at most {@link #MAX_BODY_BYTES}. */
    JsonNode jsonBody(HttpServletRequest req) throws IOException {
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw HttpError.badRequest("body", "the body is over " + MAX_BODY_BYTES + " bytes; send a small JSON object");
        }
        JsonNode node;
        try {
            node = body.length == 0 ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("body", "the body is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw HttpError.badRequest("body", "the body must be a JSON object, e.g. {\"name\": \"drf\"}");
        }
        return node;
    }

    /** A non-blank string field of {@code body}. */
    static String stringField(JsonNode body, String field, String example) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw HttpError.badRequest(field, "field '" + field + "' is missing or not a non-empty string, e.g. "
                    + example);
        }
        return v.asText().strip();
    }

    /** A number field of {@code body}. */
    static double numberField(JsonNode body, String field, String example) {
        JsonNode v = body.get(field);
        if (v == null || !v.isNumber()) {
            throw HttpError.badRequest(field, "field '" + field + "' is missing or not a number, e.g. " + example);
        }
        return v.asDouble();
    }
}
