package org.reservegrid.spring.api;

import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error leaves the API as {@code {"error": code, "message": ...}}: typed {@link ApiException}s with their
 * own code, framework errors (unknown path, wrong method, bad parameter, body too large) with a code derived
 * from the status, anything else as a 500 {@code internal_error} that is logged but never shows a stack trace.
 * Runs before Boot's own error handler.
 */
public final class ApiErrorHandler implements WebExceptionHandler, Ordered {
    /** Before Boot's {@code ErrorWebExceptionHandler} (-1). */
    public static final int ORDER = -2;

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    private final JsonMapper json;
    private final String service;

    public ApiErrorHandler(JsonMapper json, String service) {
        this.json = json;
        this.service = service;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        ServerHttpRequest request = exchange.getRequest();
        HttpStatusCode status;
        Map<String, Object> body;
        switch (failure) {
            case ApiException api -> {
                status = api.status();
                body = ApiErrors.body(api.code(), api.getMessage(), api.extra());
            }
            case ResponseStatusException framework -> {
                status = framework.getStatusCode();
                body = ApiErrors.body(code(status, framework), message(status, framework, request), Map.of());
                if (framework instanceof MethodNotAllowedException notAllowed) {
                    response.getHeaders().setAllow(notAllowed.getSupportedMethods());
                }
            }
            case DataBufferLimitException tooLarge -> {
                status = HttpStatus.CONTENT_TOO_LARGE;
                body = ApiErrors.body(
                        "payload_too_large", "the request body is larger than this endpoint accepts", Map.of());
            }
            default -> {
                status = HttpStatus.INTERNAL_SERVER_ERROR;
                body = ApiErrors.body("internal_error", "internal error; see the " + service + " log", Map.of());
                log.error("unhandled error for {} {}", request.getMethod(), request.getPath(), failure);
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

    private static String message(HttpStatusCode status, ResponseStatusException failure, ServerHttpRequest request) {
        if (failure instanceof ServerWebInputException input
                && input.getCause() instanceof DecodingException decoding) {
            return decodingMessage(decoding);
        }
        if (noHandler(status, failure)) {
            return "no such endpoint: " + request.getMethod() + " " + request.getPath();
        }
        if (failure instanceof UnsupportedMediaTypeStatusException unsupported) {
            return unsupportedMessage(unsupported);
        }
        if (failure instanceof ServerWebInputException input && input.getCause() instanceof TypeMismatchException) {
            MethodParameter parameter = input.getMethodParameter();
            String name = parameter == null ? null : parameter.getParameterName();
            if (name != null) {
                return "the parameter '" + name + "' has the wrong type";
            }
        }
        String reason = failure.getReason();
        if (reason != null && !reason.isBlank()) {
            return reason;
        }
        return status instanceof HttpStatus known ? known.getReasonPhrase() : "HTTP " + status.value();
    }

    /** Spring's own reason names the Java type the body was to be read into; this names only media types. */
    private static String unsupportedMessage(UnsupportedMediaTypeStatusException unsupported) {
        MediaType sent = unsupported.getContentType();
        String accepted = unsupported.getSupportedMediaTypes().stream()
                .map(MediaType::toString)
                .distinct()
                .limit(3)
                .collect(java.util.stream.Collectors.joining(", "));
        String problem = sent == null
                ? "the request has no content type"
                : "the content type '" + sent + "' is not accepted here";
        return accepted.isEmpty() ? problem : problem + "; send " + accepted;
    }

    /**
     * What was wrong with a JSON body, by member name, never quoting the Java types behind it: an unknown member, a
     * value of the wrong type, or text that is not JSON.
     */
    private static String decodingMessage(DecodingException decoding) {
        Throwable cause = decoding.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "the body has the unknown member '" + unknown.getPropertyName() + "'";
        }
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String member = mismatch.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName()
                            : "[" + reference.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining("."));
            return "the member '" + member + "' has the wrong type or shape";
        }
        if (cause instanceof StreamReadException) {
            return "the body is not valid JSON";
        }
        return "the body could not be read as this endpoint's JSON";
    }

    /** No route, controller or static resource matched: the resource handler's 404, or the dispatcher's. */
    private static boolean noHandler(HttpStatusCode status, ResponseStatusException failure) {
        return failure instanceof NoResourceFoundException
                || (status.value() == 404
                        && failure.getClass() == ResponseStatusException.class
                        && failure.getReason() == null);
    }
}
