package org.reservegrid.verifier.config;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.reservegrid.common.config.EnvConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Reads the {@code VELDRA_*} variables through Spring's {@link Environment}, so the real process environment and
 * test properties are seen alike.
 */
@Configuration(proxyBeanMethods = false)
public class SettingsConfiguration {

    @Bean
    EnvConfig veldraEnv(Environment environment) {
        return envFrom(environment);
    }

    @Bean
    VerifierSettings verifierSettings(EnvConfig veldraEnv) {
        return VerifierSettings.from(veldraEnv);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    static EnvConfig envFrom(Environment environment) {
        Map<String, String> values = new HashMap<>();
        for (String name : VerifierSettings.VARIABLES) {
            String value = environment.getProperty(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return new EnvConfig(values);
    }
}
