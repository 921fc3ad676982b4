package org.reservegrid.feedserver.ws;

import java.util.Map;
import org.reservegrid.feedserver.broadcast.Broadcaster;
import org.reservegrid.feedserver.config.FeedServerSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The {@code /ws} endpoint: Spring's handshake validation, then {@link FeedUpgradeStrategy}, which offers
 * permessage-deflate when enabled and caps inbound messages at 64 KiB (subscribers have nothing to say).
 */
@Configuration(proxyBeanMethods = false)
public class WebSocketConfiguration implements WebFluxConfigurer {
    public static final String PATH = "/ws";
    /** Clients only send control frames; anything bigger is a misbehaving client. */
    static final int MAX_INBOUND_FRAME_BYTES = 64 * 1024;

    private final FeedServerSettings settings;

    WebSocketConfiguration(FeedServerSettings settings) {
        this.settings = settings;
    }

    @Bean
    FeedWebSocketHandler feedWebSocketHandler(Broadcaster broadcaster) {
        return new FeedWebSocketHandler(broadcaster);
    }

    @Bean
    HandlerMapping feedWebSocketMapping(FeedWebSocketHandler handler) {
        SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of(PATH, handler));
        mapping.setOrder(-1);
        return mapping;
    }

    @Override
    public WebSocketService getWebSocketService() {
        boolean deflate = settings.permessageDeflate();
        return new HandshakeWebSocketService(new FeedUpgradeStrategy(() -> WebsocketServerSpec.builder()
                .maxFramePayloadLength(MAX_INBOUND_FRAME_BYTES)
                .compress(deflate)
                .build()));
    }
}
