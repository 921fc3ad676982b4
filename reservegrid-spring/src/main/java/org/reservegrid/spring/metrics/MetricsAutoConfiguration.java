package org.reservegrid.spring.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/**
 * {@code /metrics} for every reactive service that has Micrometer's Prometheus registry on its class path. The
 * registry bean itself comes from the service (or from Boot's Prometheus export auto-configuration); the controller
 * only needs it to exist when the context starts, which every service's metrics classes already require.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(PrometheusMeterRegistry.class)
public class MetricsAutoConfiguration {

    @Bean
    MetricsController reservegridMetricsController(PrometheusMeterRegistry registry) {
        return new MetricsController(registry);
    }
}
