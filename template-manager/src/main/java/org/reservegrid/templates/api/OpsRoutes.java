package org.reservegrid.templates.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code /metrics}; {@code /health} and {@code /ready} are reservegrid-spring's ({@code health.ReadinessChecks}). */
final class OpsRoutes {
    private static final MediaType PROMETHEUS_TEXT =
            MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    private final PrometheusMeterRegistry registry;

    OpsRoutes(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    Mono<ServerResponse> metrics(ServerRequest request) {
        return ServerResponse.ok().contentType(PROMETHEUS_TEXT).bodyValue(registry.scrape());
    }
}
