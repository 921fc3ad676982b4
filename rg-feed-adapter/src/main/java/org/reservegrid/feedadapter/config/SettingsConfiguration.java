package org.reservegrid.feedadapter.config;

import java.util.HashMap;
import java.util.Map;
import org.reservegrid.common.config.EnvConfig;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Reads the {@code VELDRA_*} variables through Spring's {@link Environment}, so the real process environment and
 * test arguments are seen alike, and binds the server where the settings say.
 */
@Configuration(proxyBeanMethods = false)
public class SettingsConfiguration {

    @Bean
    FeedAdapterSettings feedAdapterSettings(Environment environment) {
        Map<String, String> values = new HashMap<>();
        for (String name : FeedAdapterSettings.VARIABLES) {
            String value = environment.getProperty(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return FeedAdapterSettings.from(new EnvConfig(values));
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> feedAdapterAddress(FeedAdapterSettings settings) {
        return factory -> {
            factory.setAddress(settings.bindAddress());
            factory.setPort(settings.port());
        };
    }
}
