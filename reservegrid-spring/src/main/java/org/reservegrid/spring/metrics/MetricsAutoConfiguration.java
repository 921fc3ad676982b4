package org.reservegrid.spring.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.reservegrid.spring.health.HealthAutoConfiguration;
import org.reservegrid.spring.health.HealthController;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/**
 * {@code /metrics} for every reactive service that has a Prometheus registry bean: its own (defined in the service's
 * configuration, so known before any auto-configuration) or the one Boot's Prometheus export auto-configuration
 * creates (hence the ordering after it). A service without one serves no {@code /metrics}. The same registry gets
 * {@code rg_ready} from the service's readiness checks ({@link ReadinessGauge}).
 */
@AutoConfiguration(
        after = HealthAutoConfiguration.class,
        afterName =
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(PrometheusMeterRegistry.class)
public class MetricsAutoConfiguration {

    @Bean
    @ConditionalOnBean(PrometheusMeterRegistry.class)
    MetricsController reservegridMetricsController(
            PrometheusMeterRegistry registry, ObjectProvider<HealthController> health) {
        health.ifAvailable(controller -> ReadinessGauge.register(registry, controller));
        return new MetricsController(registry);
    }
}
