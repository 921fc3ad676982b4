package org.reservegrid.feedserver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.reservegrid.feedserver.broadcast.Broadcaster;
import org.reservegrid.feedserver.broadcast.MessageDeflater;
import org.reservegrid.feedserver.config.FeedServerSettings;
import org.reservegrid.feedserver.tokens.SubscriberTokens;
import org.reservegrid.feedserver.upstream.NodeFeed;
import org.reservegrid.feedserver.upstream.RelayFeed;
import org.reservegrid.feedserver.upstream.UpstreamStatus;
import org.reservegrid.feedserver.ws.WebSocketConfiguration;
import org.reservegrid.noderpc.NodeRpcClient;
import org.reservegrid.spring.websocket.BearerTokenFilter;
import org.reservegrid.spring.websocket.BearerTokens;
import org.reservegrid.spring.websocket.ConnectionLimitFilter;
import org.reservegrid.spring.websocket.ConnectionLimiter;
import org.reservegrid.spring.websocket.FeedFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the upstream (node or relay), the broadcaster and the guarded {@code /ws} endpoint from
 * {@link FeedServerSettings}.
 */
@Configuration(proxyBeanMethods = false)
class FeedServerConfiguration {
    private static final Logger log = LoggerFactory.getLogger(FeedServerConfiguration.class);
    private static final String PATH = WebSocketConfiguration.PATH;

    @Bean
    JsonMapper feedJson() {
        return JsonMapper.builder().build();
    }

    @Bean
    Broadcaster broadcaster(FeedServerSettings settings, MeterRegistry meters) {
        return new Broadcaster(
                settings.subscriberBufferBytes(),
                settings.permessageDeflate() ? new MessageDeflater(settings.deflateLevel()) : null,
                meters);
    }

    @Bean
    UpstreamStatus upstreamStatus(FeedServerSettings settings, MeterRegistry meters) {
        return switch (settings.upstream()) {
            case FeedServerSettings.NodeUpstream node ->
                new UpstreamStatus("node", node.url().toString(), meters);
            case FeedServerSettings.RelayUpstream relay ->
                new UpstreamStatus("relay", FeedFollower.safeUrl(relay.url()), meters);
        };
    }

    @Bean
    SmartLifecycle upstream(
            FeedServerSettings settings, JsonMapper feedJson, Broadcaster broadcaster, UpstreamStatus status) {
        return switch (settings.upstream()) {
            case FeedServerSettings.NodeUpstream node ->
                new NodeFeed(node, new NodeRpcClient(feedJson), feedJson, broadcaster, status);
            case FeedServerSettings.RelayUpstream relay ->
                new RelayFeed(relay, feedJson, broadcaster, status).follower();
        };
    }

    @Bean
    SubscriberTokens subscriberTokens(FeedServerSettings settings, MeterRegistry meters) {
        SubscriberTokens tokens =
                new SubscriberTokens(settings.tokens(), settings.tokensFile(), settings.tokensFilePoll(), meters);
        if (tokens.get().isOpen() && settings.tokensFile() == null) {
            log.warn("No subscriber tokens configured: /ws is open to anyone who reaches {}", settings.bindAddress());
        }
        return tokens;
    }

    /**
     * Tokens first, then connection limits, both before the upgrade: an unauthenticated client never holds a
     * slot. Every refusal is counted by reason in {@code rg_feed_server_connections_refused_total}.
     */
    @Bean
    WebFilter subscriberGate(FeedServerSettings settings, SubscriberTokens tokens, MeterRegistry meters) {
        Map<BearerTokens.Refusal, Counter> tokenRefusals = new EnumMap<>(BearerTokens.Refusal.class);
        for (BearerTokens.Refusal refusal : BearerTokens.Refusal.values()) {
            tokenRefusals.put(refusal, refused(meters, refusal.code()));
        }
        Counter perIp = refused(meters, "connection_limit_per_ip");
        Counter total = refused(meters, "connection_limit_total");
        BearerTokenFilter tokenFilter = new BearerTokenFilter(
                PATH,
                FeedServerApplication.NAME,
                tokens,
                refusal -> Objects.requireNonNull(tokenRefusals.get(refusal)).increment(),
                Clock.systemUTC());
        ConnectionLimitFilter limitFilter = new ConnectionLimitFilter(
                PATH,
                new ConnectionLimiter(settings.maxConnectionsPerIp(), settings.maxConnections()),
                refusal -> (refusal == ConnectionLimiter.Refusal.PER_ADDRESS ? perIp : total).increment());
        return (exchange, chain) -> tokenFilter.filter(exchange, checked -> limitFilter.filter(checked, chain));
    }

    private static Counter refused(MeterRegistry meters, String reason) {
        return Counter.builder("rg.feed.server.connections.refused")
                .description("Subscriber upgrades refused before the upgrade, by reason")
                .tag("reason", reason)
                .register(meters);
    }
}
