package org.reservegrid.verifier.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error leaves the API as {@code {"error": code, "message": ...}}: typed {@link ApiException}s with their
 * own code, framework errors (unknown path, wrong method, bad parameter, body too large) with a code derived
 * from the status, anything else as a 500 {@code internal_error} that is logged but never shows a stack trace.
 * Runs before Boot's own error handler.
 */
@Component
@Order(-2)
public class ApiErrorHandler implements WebExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    private final JsonMapper json;

    public ApiErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        HttpStatusCode status;
        Map<String, Object> body = new LinkedHashMap<>();
        switch (failure) {
            case ApiException api -> {
                status = api.status();
                body.put("error", api.code());
                body.put("message", api.getMessage());
                body.putAll(api.extra());
            }
            case ResponseStatusException framework -> {
                status = framework.getStatusCode();
                body.put("error", code(status, framework));
                body.put("message", message(status, framework));
                if (framework instanceof MethodNotAllowedException notAllowed) {
                    response.getHeaders().setAllow(notAllowed.getSupportedMethods());
                }
            }
            case DataBufferLimitException tooLarge -> {
                status = HttpStatus.CONTENT_TOO_LARGE;
                body.put("error", "payload_too_large");
                body.put("message", "the request body is larger than this endpoint accepts");
            }
            default -> {
                status = HttpStatus.INTERNAL_SERVER_ERROR;
                body.put("error", "internal_error");
                body.put("message", "internal error; see the verifier log");
                log.error(
                        "unhandled error for {} {}",
                        exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath(),
                        failure);
            }
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        // A failed request may leave an unread body behind; closing keeps the next request off that connection.
        response.getHeaders().setConnection("close");
        byte[] bytes = json.writeValueAsBytes(body);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    private static String code(HttpStatusCode status, ResponseStatusException failure) {
        if (failure instanceof ServerWebInputException input && input.getCause() instanceof DecodingException) {
            return "malformed_body";
        }
        if (status.value() == 413) {
            return "payload_too_large";
        }
        if (status instanceof HttpStatus known) {
            return known.name().toLowerCase(Locale.ROOT);
        }
        return "http_" + status.value();
    }

    private static String message(HttpStatusCode status, ResponseStatusException failure) {
        String reason = failure.getReason();
        if (reason != null && !reason.isBlank()) {
            return reason;
        }
        return status instanceof HttpStatus known ? known.getReasonPhrase() : "HTTP " + status.value();
    }
}
