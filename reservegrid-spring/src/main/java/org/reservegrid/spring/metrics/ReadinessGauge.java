package org.reservegrid.spring.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.reservegrid.spring.health.HealthController;

/**
 * {@code rg_ready}: 1 while the service's {@code /ready} would answer 200, else 0, read at each scrape. Prometheus
 * alerts on readiness from the same checks the orchestrator probes, and a service that answers {@code /metrics}
 * but not {@code /ready} is told apart from one that is down ({@code up == 0}).
 */
final class ReadinessGauge {
    static final String NAME = "rg.ready";

    private ReadinessGauge() {}

    static void register(MeterRegistry registry, HealthController health) {
        Gauge.builder(NAME, health, controller -> controller.isReady() ? 1 : 0)
                .description("1 while every readiness check of the service is up (/ready answers 200), else 0")
                .strongReference(true)
                .register(registry);
    }
}
