package org.reservegrid.templates.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reservegrid.templates.node.NodeErrorKind;
import org.reservegrid.templates.node.NodeRpcException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The one error shape of the HTTP API: {@code {"error": "<code>", "message": "..."}} plus optional fields. */
final class ApiErrors {
    private ApiErrors() {}

    static Mono<ServerResponse> error(HttpStatus status, String code, String message) {
        return error(status, code, message, Map.of());
    }

    static Mono<ServerResponse> error(HttpStatus status, String code, String message, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        body.putAll(extra);
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }

    /** A node failure: 504 for a timeout, 502 for anything else (the node, not this service, failed). */
    static Mono<ServerResponse> node(NodeRpcException e) {
        HttpStatus status = e.kind() == NodeErrorKind.TIMEOUT ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        return error(
                status,
                "node_unavailable",
                String.valueOf(e.getMessage()),
                Map.of("kind", e.kind().label()));
    }
}
