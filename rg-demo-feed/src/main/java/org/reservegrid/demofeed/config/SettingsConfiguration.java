package org.reservegrid.demofeed.config;

import java.security.SecureRandom;
import java.time.Instant;
import org.reservegrid.spring.bind.HttpBind;
import org.reservegrid.spring.settings.VeldraEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The feed's settings, read from the {@code VELDRA_*} variables of Spring's environment, and where its server binds
 * (reservegrid-spring's bind customizer applies it).
 */
@Configuration(proxyBeanMethods = false)
public class SettingsConfiguration {

    @Bean
    DemoFeedSettings demoFeedSettings(Environment environment) {
        return DemoFeedSettings.from(
                VeldraEnvironment.read(environment), Instant.now().getEpochSecond(), new SecureRandom().nextLong());
    }

    @Bean
    HttpBind httpBind(DemoFeedSettings settings) {
        return new HttpBind(DemoFeedSettings.BIND, settings.bindAddress(), settings.port());
    }
}
