package org.reservegrid.gateway.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reservegrid.gateway.sharelog.ShareLog;
import org.reservegrid.gateway.template.TemplateStreamClient;
import org.reservegrid.gateway.work.WorkPipeline;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /health} (the process is up) and {@code /ready} (a template arrived and the share log works), kept apart
 * from the API's controllers until reservegrid-spring's shared readiness endpoint answers them for every service.
 */
@Configuration(proxyBeanMethods = false)
class HealthRoutes {
    private final long startedAtMillis = System.currentTimeMillis();

    @Bean
    RouterFunction<ServerResponse> healthAndReadiness(
            WorkPipeline pipeline, TemplateStreamClient stream, ShareLog shareLog) {
        return RouterFunctions.route()
                .GET("/health", request -> health())
                .GET("/ready", request -> ready(pipeline, stream, shareLog))
                .build();
    }

    private Mono<ServerResponse> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "up");
        body.put("service", "sv2-gateway");
        body.put("uptime_secs", (System.currentTimeMillis() - startedAtMillis) / 1000);
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static Mono<ServerResponse> ready(WorkPipeline pipeline, TemplateStreamClient stream, ShareLog shareLog) {
        List<String> reasons = new ArrayList<>();
        if (pipeline.templatesReceived() == 0) {
            reasons.add("no_template_yet: "
                    + (stream.problem() == null ? "waiting for the first template" : stream.problem()));
        }
        if (shareLog.failure() != null) {
            reasons.add("share_log_failed: " + shareLog.failure());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", reasons.isEmpty());
        body.put("reasons", reasons);
        body.put("stream_connected", stream.connected());
        return ServerResponse.status(reasons.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }
}
