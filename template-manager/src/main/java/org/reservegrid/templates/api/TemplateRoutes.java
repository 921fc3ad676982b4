package org.reservegrid.templates.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reservegrid.spring.api.ApiErrors;
import org.reservegrid.templates.template.TemplateHub;
import org.reservegrid.templates.template.TemplateJson;
import org.reservegrid.templates.template.TemplateRecord;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** {@code /api/templates}, {@code /api/templates/latest}, {@code /api/templates/{sequence}} and the SSE stream. */
final class TemplateRoutes {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int DEFAULT_LIMIT = 20;

    private final TemplateHub hub;

    TemplateRoutes(TemplateHub hub) {
        this.hub = hub;
    }

    Mono<ServerResponse> stream(ServerRequest request) {
        String lastEventId = request.headers().firstHeader("Last-Event-ID");
        if (lastEventId == null) {
            lastEventId = request.queryParam("last_event_id").orElse(null);
        }
        Sinks.Empty<Void> ended = Sinks.empty();
        Flux<ServerSentEvent<String>> events = hub.subscribe(lastEventId)
                .map(event -> ServerSentEvent.<String>builder()
                        .id(event.id())
                        .event(event.name())
                        .data(event.data())
                        .build())
                .doFinally(signal -> ended.tryEmitEmpty());
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(HEARTBEAT)
                .map(tick ->
                        ServerSentEvent.<String>builder().comment("heartbeat").build())
                .takeUntilOther(ended.asMono());
        Flux<ServerSentEvent<String>> opening = Flux.just(ServerSentEvent.<String>builder()
                .comment("template-manager stream")
                .build());
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .body(BodyInserters.fromServerSentEvents(opening.concatWith(Flux.merge(events, heartbeats))));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        Optional<String> limitParam = request.queryParam("limit");
        int limit = DEFAULT_LIMIT;
        if (limitParam.isPresent()) {
            try {
                limit = Integer.parseInt(limitParam.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 10_000) {
                return ApiErrors.error(HttpStatus.BAD_REQUEST, "bad_limit", "limit must be between 1 and 10000");
            }
        }
        TemplateJson json = hub.json();
        List<TemplateJson.CompactBody> templates =
                hub.recent(limit).stream().map(json::compact).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", templates.size());
        body.put("templates", templates);
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    Mono<ServerResponse> latest(ServerRequest request) {
        return hub.latest()
                .map(TemplateRoutes::full)
                .orElseGet(() -> ApiErrors.error(HttpStatus.NOT_FOUND, "no_template_yet", "no template fetched yet"));
    }

    Mono<ServerResponse> bySequence(ServerRequest request) {
        long sequence;
        try {
            sequence = Long.parseLong(request.pathVariable("sequence"));
        } catch (NumberFormatException e) {
            return ApiErrors.error(HttpStatus.BAD_REQUEST, "bad_sequence", "the sequence must be a number");
        }
        return hub.find(sequence)
                .map(TemplateRoutes::full)
                .orElseGet(() -> ApiErrors.error(
                        HttpStatus.NOT_FOUND, "unknown_template", "template " + sequence + " is not retained"));
    }

    /** {@code {"template": <template event body>, "verdict": <verdict event body or null>}}, pre-rendered. */
    private static Mono<ServerResponse> full(TemplateRecord record) {
        String verdict = record.verdictJson();
        String body =
                "{\"template\":" + record.templateJson() + ",\"verdict\":" + (verdict == null ? "null" : verdict) + "}";
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
