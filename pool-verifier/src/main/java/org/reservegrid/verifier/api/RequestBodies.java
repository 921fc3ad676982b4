package org.reservegrid.verifier.api;

import java.io.ByteArrayOutputStream;
import org.reservegrid.spring.api.ApiException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Reads a whole request body with a size cap; over the cap is a 413 {@code payload_too_large}.
 *
 * <p>A declared {@code Content-Length} over the cap is refused before any byte is read. Otherwise each buffer is
 * copied and released as it arrives and the cap is checked on the copies: {@code DataBufferUtils.join} with a
 * limit released the buffer that crossed it twice on this Reactor Netty, which dropped the connection without an
 * answer instead of the 413.
 */
final class RequestBodies {
    private RequestBodies() {}

    static Mono<byte[]> read(ServerHttpRequest request, int maxBytes) {
        if (request.getHeaders().getContentLength() > maxBytes) {
            return Mono.error(tooLarge(maxBytes));
        }
        return request.getBody()
                .map(RequestBodies::copyAndRelease)
                .collect(ByteArrayOutputStream::new, (body, chunk) -> {
                    if (body.size() + (long) chunk.length > maxBytes) {
                        throw tooLarge(maxBytes);
                    }
                    body.write(chunk, 0, chunk.length);
                })
                .map(ByteArrayOutputStream::toByteArray);
    }

    private static byte[] copyAndRelease(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static ApiException tooLarge(int maxBytes) {
        return new ApiException(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload_too_large",
                "the request body is larger than " + maxBytes + " bytes");
    }
}
