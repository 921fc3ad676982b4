package org.reservegrid.demofeed;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.reservegrid.demofeed.config.DemoFeedProperties;
import org.reservegrid.demofeed.config.LoopbackBindGuard;
import org.reservegrid.demofeed.config.StartupConfigurationException;
import org.reservegrid.demofeed.health.HealthRoutes;
import org.reservegrid.demofeed.simulation.Scenario;
import org.reservegrid.demofeed.simulation.SimulationSettings;
import org.reservegrid.demofeed.stream.FrameClock;
import org.reservegrid.demofeed.ws.BearerTokenFilter;
import org.reservegrid.demofeed.ws.FeedWebSocketHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.WebFilter;
import reactor.netty.http.server.WebsocketServerSpec;

/** Wires the simulation, the WebSocket endpoint and the health routes from {@link DemoFeedProperties}. */
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
    LoopbackBindGuard loopbackBindGuard(DemoFeedProperties properties) {
        return new LoopbackBindGuard(properties.allowNonLoopback(), "VELDRA_DEMO_FEED_BIND");
    }

    @Bean
    SimulationSettings simulationSettings(DemoFeedProperties properties) {
        Scenario scenario;
        try {
            scenario = Scenario.fromId(properties.scenario());
        } catch (IllegalArgumentException e) {
            throw new StartupConfigurationException(
                    "VELDRA_DEMO_FEED_SCENARIO: " + e.getMessage(),
                    "Set VELDRA_DEMO_FEED_SCENARIO to one of " + Scenario.ids() + ".");
        }
        SimulationSettings.BlockTiming timing;
        try {
            timing = SimulationSettings.BlockTiming.valueOf(
                    properties.blockTiming().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StartupConfigurationException(
                    "VELDRA_DEMO_FEED_BLOCK_TIMING='" + properties.blockTiming() + "' is not a block timing",
                    "Set VELDRA_DEMO_FEED_BLOCK_TIMING to exponential or fixed.");
        }
        long seed = properties.seed() != null ? properties.seed() : new SecureRandom().nextLong();
        long startTime = properties.startTime() != null
                ? properties.startTime()
                : Instant.now().getEpochSecond();
        try {
            return new SimulationSettings(
                    scenario,
                    seed,
                    properties.templateInterval(),
                    properties.blockInterval(),
                    timing,
                    startTime,
                    properties.startHeight());
        } catch (IllegalArgumentException e) {
            throw new StartupConfigurationException(
                    e.getMessage(),
                    "Check VELDRA_DEMO_FEED_TEMPLATE_INTERVAL, VELDRA_DEMO_FEED_BLOCK_INTERVAL (durations such as 30s, "
                            + "500ms, 10m), VELDRA_DEMO_FEED_START_TIME and VELDRA_DEMO_FEED_START_HEIGHT.");
        }
    }

    @Bean
    FrameClock frameClock(SimulationSettings settings, MeterRegistry meters) {
        return new FrameClock(settings, meters);
    }

    @Bean
    FeedWebSocketHandler feedWebSocketHandler(FrameClock clock, DemoFeedProperties properties, MeterRegistry meters) {
        if (properties.maxConnectionsPerIp() < 1 || properties.maxConnections() < 1) {
            throw new StartupConfigurationException(
                    "connection limits must be at least 1 (per IP " + properties.maxConnectionsPerIp() + ", total "
                            + properties.maxConnections() + ")",
                    "Set VELDRA_DEMO_FEED_MAX_CONNECTIONS_PER_IP and VELDRA_DEMO_FEED_MAX_CONNECTIONS to positive numbers.");
        }
        return new FeedWebSocketHandler(clock, properties.maxConnectionsPerIp(), properties.maxConnections(), meters);
    }

    @Bean
    HandlerMapping feedWebSocketMapping(FeedWebSocketHandler handler) {
        SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of("/ws", handler));
        mapping.setOrder(-1);
        return mapping;
    }

    @Bean
    WebFilter bearerTokenFilter(DemoFeedProperties properties) {
        return new BearerTokenFilter(properties.token());
    }

    @Bean
    RouterFunction<ServerResponse> healthRoutes(FrameClock clock, FeedWebSocketHandler handler) {
        return new HealthRoutes(clock, handler).routes();
    }

    @Override
    public WebSocketService getWebSocketService() {
        return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(MAX_INBOUND_FRAME_BYTES)));
    }
}
