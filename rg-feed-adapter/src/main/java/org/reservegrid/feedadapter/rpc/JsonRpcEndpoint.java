package org.reservegrid.feedadapter.rpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.secret.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * bitcoind-compatible JSON-RPC over HTTP POST. Requests with {@code "jsonrpc": "2.0"} get JSON-RPC 2.0 replies
 * (HTTP 200, no result/error pairing, 204 for notifications), everything else gets bitcoind's legacy 1.0 replies
 * ({@code result}, {@code error} and {@code id} always present; HTTP 404 for unknown methods, 400 for invalid
 * requests, 500 for other errors). Batches (JSON arrays) are answered in order with HTTP 200.
 */
public final class JsonRpcEndpoint {
    private static final Logger log = LoggerFactory.getLogger(JsonRpcEndpoint.class);

    /** bitcoind pauses before answering a failed login to slow down guessing. */
    private static final Duration FAILED_AUTH_DELAY = Duration.ofMillis(250);

    private final RpcMethods methods;
    private final JsonMapper json;
    private final BasicAuth auth;
    private final int maxRequestBytes;
    private final MeterRegistry meters;

    /** One answered call: the reply object (null for a notification) and its HTTP status in legacy mode. */
    private record Reply(@Nullable ObjectNode body, HttpStatus status) {}

    public JsonRpcEndpoint(
            RpcMethods methods,
            JsonMapper json,
            Optional<String> user,
            Optional<Secret> password,
            int maxRequestBytes,
            MeterRegistry meters) {
        this.methods = methods;
        this.json = json;
        this.auth = new BasicAuth(user, password);
        this.maxRequestBytes = maxRequestBytes;
        this.meters = meters;
    }

    /** Answers one POST: a call, a batch, or a notification; 401 without the right credentials. */
    public Mono<ResponseEntity<byte[]>> handle(ServerHttpRequest request) {
        if (!auth.permits(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
            log.warn(
                    "Rejected JSON-RPC request from {}: bad or missing credentials",
                    Objects.toString(request.getRemoteAddress(), "unknown"));
            return Mono.delay(FAILED_AUTH_DELAY)
                    .then(Mono.just(ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                            .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"jsonrpc\"")
                            .build()));
        }
        return DataBufferUtils.join(request.getBody(), maxRequestBytes)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .flatMap(this::dispatch)
                .onErrorResume(
                        DataBufferLimitException.class,
                        e -> respond(
                                error(
                                        null,
                                        false,
                                        RpcException.INVALID_REQUEST,
                                        "Request body larger than " + maxRequestBytes + " bytes"),
                                HttpStatus.CONTENT_TOO_LARGE));
    }

    private Mono<ResponseEntity<byte[]>> dispatch(byte[] body) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JacksonException e) {
            return respond(
                    error(null, false, RpcException.PARSE_ERROR, "Parse error"), HttpStatus.INTERNAL_SERVER_ERROR);
        }
        if (request != null && request.isObject()) {
            return single(request)
                    .flatMap(reply -> reply.body() == null
                            ? Mono.just(ResponseEntity.noContent().<byte[]>build())
                            : respond(reply.body(), reply.status()));
        }
        if (request != null && request.isArray()) {
            return batch(request);
        }
        return respond(
                error(null, false, RpcException.PARSE_ERROR, "Top-level object parse error"),
                HttpStatus.INTERNAL_SERVER_ERROR);
    }

    private Mono<ResponseEntity<byte[]>> batch(JsonNode requests) {
        if (requests.isEmpty()) {
            return respond(
                    error(null, false, RpcException.INVALID_REQUEST, "Invalid Request: empty batch"),
                    HttpStatus.BAD_REQUEST);
        }
        List<JsonNode> calls = new ArrayList<>(requests.size());
        requests.forEach(calls::add);
        return Flux.fromIterable(calls)
                .flatMapSequential(call -> call.isObject()
                        ? single(call)
                        : Mono.just(new Reply(
                                error(null, false, RpcException.INVALID_REQUEST, "Invalid Request object"),
                                HttpStatus.BAD_REQUEST)))
                .filter(reply -> reply.body() != null)
                .map(reply -> Objects.requireNonNull(reply.body()))
                .collectList()
                .flatMap(replies -> {
                    if (replies.isEmpty()) {
                        return Mono.just(ResponseEntity.noContent().<byte[]>build());
                    }
                    ArrayNode array = json.createArrayNode();
                    replies.forEach(array::add);
                    return respond(array, HttpStatus.OK);
                });
    }

    private Mono<Reply> single(JsonNode request) {
        boolean v2 = "2.0".equals(request.path("jsonrpc").asString(""));
        boolean notification = v2 && !request.has("id");
        JsonNode id = request.get("id");
        JsonNode methodNode = request.get("method");
        if (methodNode == null || !methodNode.isString()) {
            return Mono.just(failure(
                    id, v2, notification, new RpcException(RpcException.INVALID_REQUEST, "Method must be a string")));
        }
        JsonNode params = request.get("params");
        if (params == null || params.isNull()) {
            params = json.createArrayNode();
        } else if (!params.isArray() && !params.isObject()) {
            return Mono.just(failure(
                    id,
                    v2,
                    notification,
                    new RpcException(RpcException.INVALID_REQUEST, "Params must be an array or object")));
        }
        String method = methodNode.asString();
        String label = RpcMethods.METHODS.contains(method) ? method : "unknown";
        JsonNode arguments = params;
        return Mono.defer(() -> methods.call(method, arguments))
                .map(result -> {
                    count(label, "ok");
                    return notification
                            ? new Reply(null, HttpStatus.OK)
                            : new Reply(success(id, v2, result), HttpStatus.OK);
                })
                .defaultIfEmpty(
                        notification ? new Reply(null, HttpStatus.OK) : new Reply(success(id, v2, null), HttpStatus.OK))
                .onErrorResume(RpcException.class, e -> {
                    count(label, "error");
                    return Mono.just(failure(id, v2, notification, e));
                })
                .onErrorResume(e -> {
                    count(label, "error");
                    log.error("JSON-RPC {} failed", label, e);
                    return Mono.just(
                            failure(id, v2, notification, new RpcException(RpcException.MISC_ERROR, "Internal error")));
                });
    }

    private Reply failure(@Nullable JsonNode id, boolean v2, boolean notification, RpcException e) {
        if (notification) {
            return new Reply(null, HttpStatus.OK);
        }
        HttpStatus status = v2
                ? HttpStatus.OK
                : switch (e.code()) {
                    case RpcException.INVALID_REQUEST -> HttpStatus.BAD_REQUEST;
                    case RpcException.METHOD_NOT_FOUND -> HttpStatus.NOT_FOUND;
                    default -> HttpStatus.INTERNAL_SERVER_ERROR;
                };
        return new Reply(error(id, v2, e.code(), e.getMessage()), status);
    }

    private ObjectNode success(@Nullable JsonNode id, boolean v2, @Nullable JsonNode result) {
        ObjectNode reply = json.createObjectNode();
        if (v2) {
            reply.put("jsonrpc", "2.0");
        }
        reply.set("result", result == null ? json.getNodeFactory().nullNode() : result);
        if (!v2) {
            reply.putNull("error");
        }
        reply.set("id", id == null ? json.getNodeFactory().nullNode() : id);
        return reply;
    }

    private ObjectNode error(@Nullable JsonNode id, boolean v2, int code, String message) {
        ObjectNode reply = json.createObjectNode();
        if (v2) {
            reply.put("jsonrpc", "2.0");
        } else {
            reply.putNull("result");
        }
        ObjectNode error = reply.putObject("error");
        error.put("code", code);
        error.put("message", message);
        reply.set("id", id == null ? json.getNodeFactory().nullNode() : id);
        return reply;
    }

    private Mono<ResponseEntity<byte[]>> respond(JsonNode body, HttpStatus status) {
        return Mono.just(ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsBytes(body)));
    }

    private void count(String method, String outcome) {
        Counter.builder("rg.feed.adapter.rpc.requests")
                .description("JSON-RPC calls by method and outcome")
                .tag("method", method)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
