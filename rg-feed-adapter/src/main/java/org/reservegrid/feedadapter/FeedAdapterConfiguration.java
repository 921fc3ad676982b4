package org.reservegrid.feedadapter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.reservegrid.feedadapter.config.FeedAdapterProperties;
import org.reservegrid.feedadapter.config.LoopbackBindGuard;
import org.reservegrid.feedadapter.config.StartupConfigurationException;
import org.reservegrid.feedadapter.health.HealthRoutes;
import org.reservegrid.feedadapter.rpc.JsonRpcEndpoint;
import org.reservegrid.feedadapter.rpc.RpcMethods;
import org.reservegrid.feedadapter.upstream.FeedConnection;
import org.reservegrid.feedadapter.upstream.FeedState;
import org.reservegrid.feedadapter.upstream.FrameParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Wires the feed connection, the JSON-RPC endpoint and the health routes from {@link FeedAdapterProperties}. */
@Configuration(proxyBeanMethods = false)
class FeedAdapterConfiguration {
    private static final Logger log = LoggerFactory.getLogger(FeedAdapterConfiguration.class);

    /** Decimals stay exact (fee totals in BTC), so values pass through as the feed wrote them. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /**
     * Event loops of this application alone instead of Reactor Netty's JVM-global ones: stopping another service
     * in the same JVM (the end-to-end tests run a demo feed beside the adapter) must not stop these.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }

    @Bean
    LoopbackBindGuard loopbackBindGuard(FeedAdapterProperties properties) {
        return new LoopbackBindGuard(properties.allowNonLoopback(), "VELDRA_FEED_ADAPTER_BIND");
    }

    @Bean
    FeedState feedState(FeedAdapterProperties properties, MeterRegistry meters) {
        return new FeedState(properties.disconnectGrace(), meters);
    }

    @Bean
    FeedConnection feedConnection(FeedAdapterProperties properties, FeedState state, ReactorResourceFactory resources) {
        URI uri = feedUri(properties.url());
        requirePositive(properties.idleTimeout(), "VELDRA_FEED_IDLE_TIMEOUT");
        requirePositive(properties.reconnectInitial(), "VELDRA_FEED_RECONNECT_INITIAL");
        if (properties.reconnectMax().compareTo(properties.reconnectInitial()) < 0) {
            throw new StartupConfigurationException(
                    "VELDRA_FEED_RECONNECT_MAX (" + properties.reconnectMax()
                            + ") is shorter than VELDRA_FEED_RECONNECT_INITIAL (" + properties.reconnectInitial() + ")",
                    "Set VELDRA_FEED_RECONNECT_MAX to at least VELDRA_FEED_RECONNECT_INITIAL.");
        }
        return new FeedConnection(
                uri,
                properties.token(),
                (int) Math.min(Integer.MAX_VALUE, properties.maxFrameSize().toBytes()),
                properties.idleTimeout(),
                properties.reconnectInitial(),
                properties.reconnectMax(),
                state,
                new FrameParser(JSON),
                resources.getLoopResources());
    }

    @Bean
    JsonRpcEndpoint jsonRpcEndpoint(FeedAdapterProperties properties, FeedState state, MeterRegistry meters) {
        requirePositive(properties.longpollTimeout(), "VELDRA_FEED_LONGPOLL_TIMEOUT");
        Counter submitted = Counter.builder("rg.feed.adapter.blocks.submitted")
                .description("submitblock calls accepted in shadow mode (never forwarded)")
                .register(meters);
        RpcMethods methods =
                new RpcMethods(state, JSON, properties.longpollTimeout(), properties.chain(), submitted::increment);
        JsonRpcEndpoint endpoint = new JsonRpcEndpoint(
                methods,
                JSON,
                properties.rpcUser(),
                properties.rpcPass(),
                (int) Math.min(Integer.MAX_VALUE, properties.maxRequestSize().toBytes()),
                meters);
        if (!endpoint.authenticationEnabled()) {
            log.warn(
                    "JSON-RPC authentication is off: set VELDRA_BITCOIND_RPC_USER and VELDRA_BITCOIND_RPC_PASS to require it");
        }
        return endpoint;
    }

    @Bean
    RouterFunction<ServerResponse> routes(JsonRpcEndpoint rpc, FeedState state, FeedConnection connection) {
        HealthRoutes health = new HealthRoutes(state, connection.url());
        return RouterFunctions.route(RequestPredicates.POST("/"), rpc::handle)
                .andRoute(
                        RequestPredicates.GET("/"),
                        request -> ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
                                .bodyValue("JSONRPC server handles only POST requests"))
                .andRoute(RequestPredicates.GET("/health"), request -> health.health())
                .andRoute(RequestPredicates.GET("/ready"), request -> health.ready());
    }

    private static URI feedUri(String url) {
        try {
            URI uri = new URI(url);
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "expected ws:// or wss:// with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new StartupConfigurationException(
                    "VELDRA_FEED_URL is not a WebSocket URL (" + e.getReason() + ")",
                    "Set VELDRA_FEED_URL to something like ws://127.0.0.1:8090/ws.");
        }
    }

    private static void requirePositive(Duration duration, String variable) {
        if (duration.isNegative() || duration.isZero()) {
            throw new StartupConfigurationException(
                    variable + " must be positive, got " + duration, "Set " + variable + " to a duration such as 30s.");
        }
    }
}
