package org.reservegrid.spring.websocket;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Applies a {@link ConnectionLimiter} to one WebSocket path before the upgrade: beyond the per-address limit the
 * request gets 429 {@code connection_limit_per_ip}, beyond the total 503 {@code connection_limit_total}, with the
 * API's JSON error body. A granted slot is held for as long as the exchange lasts, which for an upgraded request is
 * the whole WebSocket session (Reactor Netty completes the upgrade's exchange when the session handler ends).
 * Order it after the token check, so unauthenticated clients never hold a slot.
 */
public final class ConnectionLimitFilter implements WebFilter {
    private final String path;
    private final ConnectionLimiter limiter;
    private final Consumer<ConnectionLimiter.Refusal> onRefused;

    public ConnectionLimitFilter(
            String path, ConnectionLimiter limiter, Consumer<ConnectionLimiter.Refusal> onRefused) {
        this.path = path;
        this.limiter = limiter;
        this.onRefused = onRefused;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!path.equals(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        String address = remoteAddress(exchange.getRequest().getRemoteAddress());
        return switch (limiter.tryAcquire(address)) {
            case ConnectionLimiter.Granted granted ->
                chain.filter(exchange).doFinally(signal -> granted.lease().release());
            case ConnectionLimiter.Refused refused -> {
                onRefused.accept(refused.refusal());
                yield refused.refusal() == ConnectionLimiter.Refusal.PER_ADDRESS
                        ? BearerTokenFilter.reject(
                                exchange.getResponse(),
                                HttpStatus.TOO_MANY_REQUESTS,
                                "connection_limit_per_ip",
                                "at most " + limiter.maxPerAddress() + " connections per IP address")
                        : BearerTokenFilter.reject(
                                exchange.getResponse(),
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "connection_limit_total",
                                "the server is at its limit of " + limiter.maxTotal() + " connections");
            }
        };
    }

    /** The client's IP address as text ({@code unknown} when the server does not know it). */
    public static String remoteAddress(@Nullable InetSocketAddress remote) {
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() == null
                ? remote.getHostString()
                : remote.getAddress().getHostAddress();
    }
}
