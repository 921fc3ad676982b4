package org.reservegrid.templates.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reservegrid.templates.template.NodeHealth;
import org.reservegrid.templates.verifier.VerifierClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code /health} (the process is up), {@code /ready} (node and verifier reachable) and {@code /metrics}. */
final class OpsRoutes {
    private static final MediaType PROMETHEUS_TEXT =
            MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    private final NodeHealth node;
    private final VerifierClient verifier;
    private final PrometheusMeterRegistry registry;
    private final long startedAtMillis = System.currentTimeMillis();

    OpsRoutes(NodeHealth node, VerifierClient verifier, PrometheusMeterRegistry registry) {
        this.node = node;
        this.verifier = verifier;
        this.registry = registry;
    }

    Mono<ServerResponse> health(ServerRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "up");
        body.put("service", "template-manager");
        body.put("uptime_secs", (System.currentTimeMillis() - startedAtMillis) / 1000);
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    Mono<ServerResponse> ready(ServerRequest request) {
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

    Mono<ServerResponse> metrics(ServerRequest request) {
        return ServerResponse.ok().contentType(PROMETHEUS_TEXT).bodyValue(registry.scrape());
    }
}
