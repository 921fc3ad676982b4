package org.reservegrid.spring.health;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Answers {@code /health} and {@code /ready} in every reactive service from its {@link ReadinessCheck} beans. */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
public class HealthAutoConfiguration {

    @Bean
    HealthController reservegridHealthController(ObjectProvider<ReadinessCheck> checks, Environment environment) {
        return new HealthController(
                environment.getProperty("spring.application.name", "service"),
                checks.orderedStream().toList(),
                Clock.systemUTC());
    }
}
