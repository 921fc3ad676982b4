package org.reservegrid.testkit.http;

import java.net.http.HttpHeaders;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Status, body and headers of one HTTP exchange with a service; {@link #json()} parses the body. */
public record HttpResult(int status, String body, HttpHeaders headers) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A result without headers, for answers assembled by hand. */
    public HttpResult(int status, String body) {
        this(status, body, HttpHeaders.of(Map.of(), (name, value) -> true));
    }

    /** Status and the body's first 600 characters: enough for a failure message, short enough to read. */
    @Override
    public String toString() {
        return "HTTP " + status + " " + (body.length() <= 600 ? body : body.substring(0, 600) + "...");
    }

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("HTTP " + status + " body is not JSON: " + body, e);
        }
    }
}
