package org.reservegrid.demofeed.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.secret.Secret;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * When a token is configured, the WebSocket upgrade on {@code /ws} requires {@code Authorization: Bearer <token>};
 * anything else gets 401 before the upgrade. The comparison takes the same time whatever the input. Without a
 * token the endpoint is open (the feed binds to loopback by default).
 */
public final class BearerTokenFilter implements WebFilter {
    private final byte @Nullable [] expected;

    public BearerTokenFilter(Optional<Secret> token) {
        this.expected = token.map(secret -> digest("Bearer " + secret.reveal())).orElse(null);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (expected == null || !"/ws".equals(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        String presented = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (MessageDigest.isEqual(expected, digest(presented))) {
            return chain.filter(exchange);
        }
        exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rg-demo-feed\"");
        return exchange.getResponse().setComplete();
    }

    /** Hashing first makes the comparison independent of the presented length. */
    private static byte[] digest(@Nullable String value) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
