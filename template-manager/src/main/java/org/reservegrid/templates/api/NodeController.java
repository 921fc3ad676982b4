package org.reservegrid.templates.api;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.reservegrid.noderpc.MempoolInfo;
import org.reservegrid.noderpc.NodeErrorKind;
import org.reservegrid.noderpc.NodeRpcClient;
import org.reservegrid.noderpc.NodeRpcException;
import org.reservegrid.noderpc.SubmitBlockResult;
import org.reservegrid.spring.api.ApiException;
import org.reservegrid.templates.metrics.TemplateMetrics;
import org.reservegrid.templates.settings.RuntimeSettings;
import org.reservegrid.templates.settings.SettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ContentTooLargeException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/mempool} and {@code POST /api/submit-block}: thin relays to the node. */
@RestController
class NodeController {
    private static final Logger log = LoggerFactory.getLogger(NodeController.class);
    /** An 80-byte header and at least a one-byte transaction count. */
    private static final int MIN_BLOCK_HEX_CHARS = 2 * 81;

    private final NodeRpcClient rpc;
    private final SettingsStore settings;
    private final TemplateMetrics metrics;
    private final JsonMapper mapper;

    NodeController(NodeRpcClient rpc, SettingsStore settings, TemplateMetrics metrics, JsonMapper mapper) {
        this.rpc = rpc;
        this.settings = settings;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    /** The node's getmempoolinfo, fetched live; 502 (504 on a timeout) {@code node_unavailable} when it fails. */
    @GetMapping("/api/mempool")
    Mono<ResponseEntity<Map<String, Object>>> mempool() {
        RuntimeSettings current = settings.current();
        return Mono.fromFuture(() -> rpc.mempoolInfo(current.node(), current.rpcTimeout()))
                .map(info -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(mempoolBody(info)))
                .onErrorMap(error -> {
                    NodeRpcException failure = nodeFailure(error);
                    metrics.error(failure.kind());
                    log.warn(
                            "getmempoolinfo failed: {} [{}]",
                            failure.getMessage(),
                            failure.kind().label());
                    return nodeError(failure);
                });
    }

    /**
     * Relays {@code {"hex": "<block hex>"}} to the node's submitblock. The body is read as text whatever its
     * content type, up to the request codecs' limit (16 MiB); beyond it the answer is 413 {@code too_large}.
     */
    @PostMapping("/api/submit-block")
    Mono<ResponseEntity<Map<String, Object>>> submitBlock(@RequestBody(required = false) Mono<String> body) {
        return body.defaultIfEmpty("")
                .flatMap(this::submit)
                // The body reader's own 413 would say payload_too_large; this endpoint has always said too_large.
                .onErrorMap(
                        ContentTooLargeException.class,
                        e -> new ApiException(
                                HttpStatus.CONTENT_TOO_LARGE,
                                "too_large",
                                "the request body is larger than a block can be"));
    }

    private Mono<ResponseEntity<Map<String, Object>>> submit(String body) {
        String hex;
        try {
            JsonNode json = mapper.readTree(body);
            JsonNode hexNode = json == null ? null : json.get("hex");
            if (hexNode == null || !hexNode.isString()) {
                return Mono.error(
                        ApiException.badRequest("malformed_request", "the body must be {\"hex\": \"<block hex>\"}"));
            }
            hex = hexNode.asString().trim();
        } catch (JacksonException e) {
            return Mono.error(ApiException.badRequest("malformed_request", "the body is not valid JSON"));
        }
        String problem = hexProblem(hex);
        if (problem != null) {
            return Mono.error(ApiException.badRequest("malformed_hex", problem));
        }
        RuntimeSettings current = settings.current();
        return Mono.fromFuture(() -> rpc.submitBlock(current.node(), hex, current.rpcTimeout()))
                .map(result -> {
                    metrics.submitted(result.status().label());
                    log.info(
                            "submitblock ({} bytes): {}{}",
                            hex.length() / 2,
                            result.status().label(),
                            result.reason() == null ? "" : " (" + result.reason() + ")");
                    return ResponseEntity.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(submitBody(result));
                })
                .onErrorMap(error -> {
                    NodeRpcException failure = nodeFailure(error);
                    metrics.submitted("error");
                    metrics.error(failure.kind());
                    log.warn(
                            "submitblock failed: {} [{}]",
                            failure.getMessage(),
                            failure.kind().label());
                    return nodeError(failure);
                });
    }

    static @Nullable String hexProblem(String hex) {
        if (hex.isEmpty()) {
            return "hex is empty";
        }
        if (hex.length() % 2 != 0) {
            return "hex has an odd number of characters";
        }
        for (int i = 0; i < hex.length(); i++) {
            if (!HexFormat.isHexDigit(hex.charAt(i))) {
                return "hex has a non-hex character at offset " + i;
            }
        }
        if (hex.length() < MIN_BLOCK_HEX_CHARS) {
            return "hex is shorter than a block header and transaction count";
        }
        return null;
    }

    private static Map<String, Object> mempoolBody(MempoolInfo info) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", info.size());
        body.put("bytes", info.bytes());
        body.put("usage", info.usage());
        body.put("total_fee", info.totalFeeSats());
        body.put("fetched_at", info.fetchedAtMillis());
        return body;
    }

    private static Map<String, Object> submitBody(SubmitBlockResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", result.status().label());
        body.put("accepted", result.accepted());
        body.put("reason", result.reason());
        body.put("node_answer", result.nodeAnswer());
        return body;
    }

    /** A node failure: 504 for a timeout, 502 for anything else (the node, not this service, failed). */
    private static ApiException nodeError(NodeRpcException e) {
        HttpStatus status = e.kind() == NodeErrorKind.TIMEOUT ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        return new ApiException(
                status,
                "node_unavailable",
                String.valueOf(e.getMessage()),
                Map.of("kind", e.kind().label()));
    }

    private static NodeRpcException nodeFailure(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NodeRpcException known) {
            return known;
        }
        return new NodeRpcException(
                NodeErrorKind.IO, "node call failed: " + cause.getClass().getSimpleName());
    }
}
