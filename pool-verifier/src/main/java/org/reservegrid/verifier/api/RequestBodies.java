package org.reservegrid.verifier.api;

import org.reservegrid.spring.api.ApiException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/** Reads a whole request body with a size cap; over the cap is a 413 {@code payload_too_large}. */
final class RequestBodies {
    private RequestBodies() {}

    static Mono<byte[]> read(ServerHttpRequest request, int maxBytes) {
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> new ApiException(
                                HttpStatus.CONTENT_TOO_LARGE,
                                "payload_too_large",
                                "the request body is larger than " + maxBytes + " bytes"));
    }
}
