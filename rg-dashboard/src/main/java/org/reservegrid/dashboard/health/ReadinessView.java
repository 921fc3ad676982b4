package org.reservegrid.dashboard.health;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reservegrid.dashboard.proxy.SessionGate;
import org.reservegrid.spring.api.ApiErrors;
import org.reservegrid.spring.api.ApiException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/dashboard/readiness}: every service's latest {@code /ready} answer as the probe saw it, so the
 * overview names each failing check without the browser reaching a service's unauthenticated endpoints. Behind a
 * session like every other gated route (it tells which services are down, which is for operators only). Ordered
 * before the proxy's catch-all {@code /api/**} route.
 */
@Configuration(proxyBeanMethods = false)
class ReadinessView {
    static final String PATH = "/api/dashboard/readiness";

    private final BackendProbe probe;
    private final SessionGate gate;

    ReadinessView(BackendProbe probe, SessionGate gate) {
        this.probe = probe;
        this.gate = gate;
    }

    @Order(Ordered.HIGHEST_PRECEDENCE)
    @Bean
    RouterFunction<ServerResponse> readinessRoute() {
        return RouterFunctions.route(RequestPredicates.GET(PATH), this::readiness);
    }

    private Mono<ServerResponse> readiness(ServerRequest request) {
        ServerHttpRequest http = request.exchange().getRequest();
        HttpHeaders headers = http.getHeaders();
        return gate.session(
                        headers.getFirst(HttpHeaders.COOKIE),
                        headers.getFirst(HttpHeaders.AUTHORIZATION),
                        SessionGate.clientAddress(http))
                .flatMap(session -> {
                    Map<String, Object> services = new LinkedHashMap<>();
                    probe.all().forEach((name, answer) -> {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("state", answer.state());
                        entry.put("checked_at", answer.checkedAt());
                        entry.put("ready", answer.body());
                        services.put(name, entry);
                    });
                    return ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .header(HttpHeaders.CACHE_CONTROL, "no-store")
                            .bodyValue(Map.of("services", services));
                })
                .onErrorResume(ApiException.class, ReadinessView::asResponse);
    }

    private static Mono<ServerResponse> asResponse(ApiException failure) {
        return ApiErrors.error(failure.status(), failure.code(), failure.getMessage(), failure.extra());
    }
}
