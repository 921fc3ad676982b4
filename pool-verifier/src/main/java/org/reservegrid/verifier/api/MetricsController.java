package org.reservegrid.verifier.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prometheus metrics. {@code /health} and {@code /ready} are reservegrid-spring's, from the checks in
 * {@code health.ReadinessChecks}.
 */
@RestController
class MetricsController {
    private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");

    private final PrometheusMeterRegistry prometheus;

    MetricsController(PrometheusMeterRegistry prometheus) {
        this.prometheus = prometheus;
    }

    /** Prometheus text exposition of every meter. */
    @GetMapping("/metrics")
    ResponseEntity<String> metrics() {
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(prometheus.scrape());
    }
}
