package org.reservegrid.feedadapter.config;

import org.reservegrid.spring.bind.HttpBind;
import org.reservegrid.spring.settings.VeldraEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The adapter's settings, read from the {@code VELDRA_*} variables of Spring's environment, and where its server
 * binds (reservegrid-spring's bind customizer applies it).
 */
@Configuration(proxyBeanMethods = false)
public class SettingsConfiguration {

    @Bean
    FeedAdapterSettings feedAdapterSettings(Environment environment) {
        return FeedAdapterSettings.from(VeldraEnvironment.read(environment));
    }

    @Bean
    HttpBind httpBind(FeedAdapterSettings settings) {
        return new HttpBind(FeedAdapterSettings.BIND, settings.bindAddress(), settings.port());
    }
}
