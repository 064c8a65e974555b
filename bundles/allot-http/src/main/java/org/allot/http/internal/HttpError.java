package org.allot.http.internal;

/**
 * A request the servlet refuses, answered as JSON: {@code {"error": "...", "field": "limit"}}.
 * The message says what was wrong and what to do.
 */
final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    /** The request field at fault (query parameter, body field or path segment); null if none. */
    final String field;

    HttpError(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    static HttpError badRequest(String field, String message) {
        return new HttpError(400, field, message);
    }

    static HttpError notFound(String field, String message) {
        return new HttpError(404, field, message);
    }
}
