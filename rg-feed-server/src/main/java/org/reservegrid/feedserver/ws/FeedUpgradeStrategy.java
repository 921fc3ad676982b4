package org.reservegrid.feedserver.ws;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reservegrid.spring.websocket.ConnectionLimitFilter;
import org.reservegrid.spring.websocket.ConnectionLimiter;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Spring's handshake checks (method, headers, key) stay; the upgrade itself hands the Reactor Netty connection to
 * {@link FeedWebSocketHandler} instead of wrapping it in Spring's session, because the broadcaster writes Netty
 * frames (shared buffers, pre-deflated messages with RSV1 set) that Spring's session API cannot express.
 */
final class FeedUpgradeStrategy implements RequestUpgradeStrategy {
    private final Supplier<WebsocketServerSpec> spec;

    FeedUpgradeStrategy(Supplier<WebsocketServerSpec> spec) {
        this.spec = spec;
    }

    @Override
    public Mono<Void> upgrade(
            ServerWebExchange exchange,
            WebSocketHandler handler,
            @Nullable String subProtocol,
            Supplier<HandshakeInfo> handshakeInfoFactory) {
        if (!(handler instanceof FeedWebSocketHandler feed)) {
            return Mono.error(new IllegalStateException("only the feed handler is served"));
        }
        ServerHttpResponse response = exchange.getResponse();
        HttpServerResponse reactorResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        HandshakeInfo info = handshakeInfoFactory.get();
        // The connection slot now lives as long as the session: the handler releases it when the session ends.
        ConnectionLimiter.Lease lease = ConnectionLimitFilter.takeLease(exchange);
        Runnable release = () -> {
            if (lease != null) {
                lease.release();
            }
        };
        // setComplete runs WebFlux's pre-commit actions before Reactor Netty writes the 101.
        return response.setComplete()
                .then(Mono.defer(() -> reactorResponse.sendWebsocket(
                        (inbound, outbound) -> feed.serve(inbound, outbound, info, release), spec.get())))
                .doOnError(error -> release.run())
                .doOnCancel(release);
    }
}
