package org.reservegrid.verifier.config;

import java.time.Clock;
import org.reservegrid.spring.bind.HttpBind;
import org.reservegrid.spring.settings.VeldraEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The verifier's settings, read from the {@code VELDRA_*} variables of Spring's environment, and where its HTTP
 * server binds (reservegrid-spring's bind customizer applies it).
 */
@Configuration(proxyBeanMethods = false)
public class SettingsConfiguration {

    @Bean
    VerifierSettings verifierSettings(Environment environment) {
        return VerifierSettings.from(VeldraEnvironment.read(environment));
    }

    @Bean
    HttpBind httpBind(VerifierSettings settings) {
        return new HttpBind(VerifierSettings.BIND, settings.bindAddress(), settings.httpPort());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
