package org.reservegrid.auth.config;

import java.time.Clock;
import org.reservegrid.spring.bind.HttpBind;
import org.reservegrid.spring.bind.HttpTls;
import org.reservegrid.spring.settings.VeldraEnvironment;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * rg-auth's settings from the {@code VELDRA_*} variables of Spring's environment, where its server binds, its TLS,
 * and the clock every expiry is measured with (a test replaces it with a movable one).
 */
@Configuration(proxyBeanMethods = false)
public class SettingsConfiguration {

    @Bean
    AuthSettings authSettings(Environment environment) {
        return AuthSettings.from(VeldraEnvironment.read(environment));
    }

    @Bean
    HttpBind httpBind(AuthSettings settings) {
        return new HttpBind(AuthSettings.BIND, settings.bindAddress(), settings.port());
    }

    @Bean
    Clock clock() {
        // Microsecond ticks: what both databases store, so an instant read back equals the one written.
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> authTls(AuthSettings settings) {
        return HttpTls.fromFiles(settings.tls());
    }
}
