package org.reservegrid.templates.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reservegrid.templates.template.NodeHealth;
import org.reservegrid.templates.verifier.VerifierClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /health} (the process is up) and {@code /ready} (node and verifier reachable), kept apart from the API's
 * controllers until reservegrid-spring's shared readiness endpoint answers them for every service.
 */
@Configuration(proxyBeanMethods = false)
class HealthRoutes {
    private final long startedAtMillis = System.currentTimeMillis();

    @Bean
    RouterFunction<ServerResponse> healthAndReadiness(NodeHealth node, VerifierClient verifier) {
        return RouterFunctions.route()
                .GET("/health", request -> health())
                .GET("/ready", request -> ready(node, verifier))
                .build();
    }

    private Mono<ServerResponse> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "up");
        body.put("service", "template-manager");
        body.put("uptime_secs", (System.currentTimeMillis() - startedAtMillis) / 1000);
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static Mono<ServerResponse> ready(NodeHealth node, VerifierClient verifier) {
        List<String> reasons = new ArrayList<>();
        if (!node.up()) {
            reasons.add("node_unreachable: " + node.problem());
        }
        if (!verifier.connected()) {
            reasons.add("verifier_unreachable: " + verifier.problem());
        }
        Map<String, Object> nodeState = new LinkedHashMap<>();
        nodeState.put("up", node.up());
        nodeState.put("last_success_at", node.lastSuccessMillis() == 0 ? null : node.lastSuccessMillis());
        Map<String, Object> verifierState = new LinkedHashMap<>();
        verifierState.put("connected", verifier.connected());
        verifierState.put(
                "addr",
                verifier.address().getHostString() + ":" + verifier.address().getPort());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", reasons.isEmpty());
        body.put("reasons", reasons);
        body.put("node", nodeState);
        body.put("verifier", verifierState);
        return ServerResponse.status(reasons.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }
}
