package org.reservegrid.verifier.config;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds the HTTP API to {@code VELDRA_VERIFIER_BIND}:{@code VELDRA_VERIFIER_HTTP_PORT} (after the bind guard). */
@Configuration(proxyBeanMethods = false)
public class HttpServerConfiguration {

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> verifierHttpAddress(VerifierSettings settings) {
        return factory -> {
            factory.setAddress(settings.bindAddress());
            factory.setPort(settings.httpPort());
        };
    }
}
