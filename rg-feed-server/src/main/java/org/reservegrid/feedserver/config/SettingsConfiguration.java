package org.reservegrid.feedserver.config;

import org.reservegrid.spring.bind.HttpBind;
import org.reservegrid.spring.bind.HttpTls;
import org.reservegrid.spring.settings.VeldraEnvironment;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The settings bean, where the server binds (reservegrid-spring applies it) and its TLS. */
@Configuration(proxyBeanMethods = false)
public class SettingsConfiguration {

    @Bean
    FeedServerSettings feedServerSettings(Environment environment) {
        return FeedServerSettings.from(VeldraEnvironment.read(environment));
    }

    @Bean
    HttpBind httpBind(FeedServerSettings settings) {
        return new HttpBind(FeedServerSettings.BIND, settings.bindAddress(), settings.port());
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> feedServerTls(FeedServerSettings settings) {
        return HttpTls.fromFiles(settings.tls());
    }
}
