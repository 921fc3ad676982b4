package org.reservegrid.feedadapter.rpc;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Maps bitcoind's RPC path: {@code POST /} to the {@link JsonRpcEndpoint}, and {@code GET /} to bitcoind's own
 * 405 text. The endpoint answers in JSON-RPC's error shape, not the API's, because its clients are RPC clients.
 */
@RestController
class JsonRpcController {
    private static final MediaType PLAIN_TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    private final JsonRpcEndpoint endpoint;

    JsonRpcController(JsonRpcEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @PostMapping("/")
    Mono<ResponseEntity<byte[]>> call(ServerHttpRequest request) {
        return endpoint.handle(request);
    }

    @GetMapping("/")
    ResponseEntity<String> get() {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .contentType(PLAIN_TEXT)
                .body("JSONRPC server handles only POST requests");
    }
}
