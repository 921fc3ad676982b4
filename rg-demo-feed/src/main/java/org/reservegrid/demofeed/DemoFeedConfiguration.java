package org.reservegrid.demofeed;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.reservegrid.demofeed.config.DemoFeedSettings;
import org.reservegrid.demofeed.stream.FrameClock;
import org.reservegrid.demofeed.ws.FeedWebSocketHandler;
import org.reservegrid.spring.websocket.BearerTokenFilter;
import org.reservegrid.spring.websocket.BearerTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.WebFilter;
import reactor.netty.http.server.WebsocketServerSpec;

/** Wires the simulation and the WebSocket endpoint from {@link DemoFeedSettings}. */
@Configuration(proxyBeanMethods = false)
class DemoFeedConfiguration implements WebFluxConfigurer {
    /** Clients only send control frames; anything bigger than this is a misbehaving client. */
    private static final int MAX_INBOUND_FRAME_BYTES = 64 * 1024;

    /**
     * Event loops of this application alone instead of Reactor Netty's JVM-global ones: stopping the feed must not
     * stop another service in the same JVM (rg-feed-adapter's end-to-end tests run the feed beside the adapter).
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }

    @Bean
    FrameClock frameClock(DemoFeedSettings settings, MeterRegistry meters) {
        return new FrameClock(settings.simulation(), meters);
    }

    @Bean
    FeedWebSocketHandler feedWebSocketHandler(FrameClock clock, DemoFeedSettings settings, MeterRegistry meters) {
        return new FeedWebSocketHandler(clock, settings.maxConnectionsPerIp(), settings.maxConnections(), meters);
    }

    @Bean
    HandlerMapping feedWebSocketMapping(FeedWebSocketHandler handler) {
        SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of("/ws", handler));
        mapping.setOrder(-1);
        return mapping;
    }

    @Bean
    WebFilter bearerTokenFilter(DemoFeedSettings settings) {
        // One token without expiry, or none: the endpoint is open then (the feed binds to loopback by default).
        BearerTokens tokens = settings.token()
                .map(secret -> BearerTokens.of(List.of(new BearerTokens.Token(secret, null))))
                .orElseGet(BearerTokens::none);
        return new BearerTokenFilter("/ws", DemoFeedApplication.NAME, () -> tokens, refusal -> {}, Clock.systemUTC());
    }

    @Override
    public WebSocketService getWebSocketService() {
        return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(MAX_INBOUND_FRAME_BYTES)));
    }
}
