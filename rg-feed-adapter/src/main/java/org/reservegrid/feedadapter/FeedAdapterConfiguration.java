package org.reservegrid.feedadapter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.reservegrid.feedadapter.config.FeedAdapterSettings;
import org.reservegrid.feedadapter.rpc.JsonRpcEndpoint;
import org.reservegrid.feedadapter.rpc.RpcMethods;
import org.reservegrid.feedadapter.upstream.FeedConnection;
import org.reservegrid.feedadapter.upstream.FeedState;
import org.reservegrid.feedadapter.upstream.FrameParser;
import org.reservegrid.spring.websocket.FeedFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Wires the feed connection and the JSON-RPC endpoint from {@link FeedAdapterSettings}. */
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
    FeedState feedState(FeedAdapterSettings settings, MeterRegistry meters) {
        return new FeedState(settings.disconnectGrace(), meters);
    }

    @Bean
    FeedConnection feedConnection(FeedAdapterSettings settings, FeedState state, ReactorResourceFactory resources) {
        return new FeedConnection(settings, state, new FrameParser(JSON), resources.getLoopResources());
    }

    /** The lifecycle bean that follows the feed for {@link FeedConnection}. */
    @Bean
    FeedFollower feedFollower(FeedConnection connection) {
        return connection.follower();
    }

    @Bean
    JsonRpcEndpoint jsonRpcEndpoint(FeedAdapterSettings settings, FeedState state, MeterRegistry meters) {
        Counter submitted = Counter.builder("rg.feed.adapter.blocks.submitted")
                .description("submitblock calls accepted in shadow mode (never forwarded)")
                .register(meters);
        RpcMethods methods =
                new RpcMethods(state, JSON, settings.longpollTimeout(), settings.chain(), submitted::increment);
        if (settings.rpcPassword().isEmpty()) {
            log.warn(
                    "JSON-RPC authentication is off: set {} (and {}) to require it",
                    FeedAdapterSettings.RPC_PASS,
                    FeedAdapterSettings.RPC_USER);
        }
        return new JsonRpcEndpoint(
                methods, JSON, settings.rpcUser(), settings.rpcPassword(), settings.maxRequestBytes(), meters);
    }
}
