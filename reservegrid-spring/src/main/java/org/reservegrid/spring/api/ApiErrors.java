package org.reservegrid.spring.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The one error shape of every service's HTTP API: {@code {"error": "<code>", "message": "..."}} plus optional
 * members. Functional routes answer with {@link #error}; annotated controllers throw {@link ApiException}, and
 * {@link ApiErrorHandler} renders everything else (unknown paths, wrong methods, bugs) the same way.
 */
public final class ApiErrors {
    private ApiErrors() {}

    public static Mono<ServerResponse> error(HttpStatusCode status, String code, String message) {
        return error(status, code, message, Map.of());
    }

    public static Mono<ServerResponse> error(HttpStatusCode status, String code, String message, Map<String, ?> extra) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(code, message, extra));
    }

    /** The body, members in this order: {@code error}, {@code message}, then {@code extra}. */
    public static Map<String, Object> body(String code, String message, Map<String, ?> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        body.putAll(extra);
        return body;
    }
}
