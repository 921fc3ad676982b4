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
 * API's JSON error body. A granted slot is left in the exchange's attributes under {@link #LEASE_ATTRIBUTE}: the
 * upgrade takes it ({@link #takeLease}) and releases it when the WebSocket session ends (Reactor Netty completes the
 * exchange at the handshake, long before the session ends). A slot nobody took is released with the exchange.
 * Order it after the token check, so unauthenticated clients never hold a slot.
 */
public final class ConnectionLimitFilter implements WebFilter {
    public static final String LEASE_ATTRIBUTE = ConnectionLimitFilter.class.getName() + ".lease";

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
            case ConnectionLimiter.Granted granted -> {
                exchange.getAttributes().put(LEASE_ATTRIBUTE, granted.lease());
                yield chain.filter(exchange).doFinally(signal -> {
                    ConnectionLimiter.Lease untaken = takeLease(exchange);
                    if (untaken != null) {
                        untaken.release();
                    }
                });
            }
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

    /** The slot granted to this exchange, now owned by the caller (null when none was granted or it was taken). */
    public static ConnectionLimiter.@Nullable Lease takeLease(ServerWebExchange exchange) {
        return exchange.getAttributes().remove(LEASE_ATTRIBUTE) instanceof ConnectionLimiter.Lease lease ? lease : null;
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
