package org.reservegrid.dashboard.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * {@code rg_dashboard_proxy_requests_total{backend,status}} (every /api request, refusals included, by the status
 * the browser got) and {@code rg_dashboard_proxy_seconds{backend}} (until the answer's status and headers).
 */
@Component
class ProxyMetrics {
    private final MeterRegistry registry;

    ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String backend, int status, Duration elapsed) {
        registry.counter("rg.dashboard.proxy.requests", "backend", backend, "status", Integer.toString(status))
                .increment();
        Timer.builder("rg.dashboard.proxy")
                .description("time until a proxied request's status and headers")
                .tag("backend", backend)
                .register(registry)
                .record(elapsed);
    }
}
