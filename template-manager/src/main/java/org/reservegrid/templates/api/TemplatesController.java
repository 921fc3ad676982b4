package org.reservegrid.templates.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reservegrid.spring.api.ApiException;
import org.reservegrid.templates.template.TemplateDiff;
import org.reservegrid.templates.template.TemplateHub;
import org.reservegrid.templates.template.TemplateJson;
import org.reservegrid.templates.template.TemplateRecord;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Recent templates with their verdicts, and the SSE stream the gateway follows (docs/template-stream.md). Every
 * answer sets its content type itself, so it does not depend on what the client accepts.
 */
@RestController
class TemplatesController {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int DEFAULT_LIMIT = 20;
    private static final int DEFAULT_DIFF_LIMIT = 100;
    private static final int MAX_DIFF_LIMIT = 1000;

    private final TemplateHub hub;

    TemplatesController(TemplateHub hub) {
        this.hub = hub;
    }

    /**
     * {@code template} and {@code verdict} events, after an opening comment, with a comment every 15 s to keep
     * proxies from closing an idle stream. Resumes after {@code Last-Event-ID} (or {@code last_event_id}).
     * {@code view=summary} sends each template as its {@code GET /api/templates} row instead of whole (what a
     * dashboard lists; the gateway needs the whole template to build jobs).
     */
    @GetMapping("/api/templates/stream")
    ResponseEntity<Flux<ServerSentEvent<String>>> stream(
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventIdHeader,
            @RequestParam(name = "last_event_id", required = false) @Nullable String lastEventIdParam,
            @RequestParam(required = false) @Nullable String view) {
        boolean summary = view != null && view.equals("summary");
        if (view != null && !summary && !view.equals("full")) {
            throw ApiException.badRequest("invalid_parameter", "view must be full or summary, got '" + view + "'");
        }
        String lastEventId = lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam;
        TemplateJson json = hub.json();
        Sinks.Empty<Void> ended = Sinks.empty();
        Flux<ServerSentEvent<String>> events = hub.subscribe(lastEventId)
                .map(event -> ServerSentEvent.<String>builder()
                        .id(event.id())
                        .event(event.name())
                        .data(summary ? event.summaryData(json) : event.data())
                        .build())
                .doFinally(signal -> ended.tryEmitEmpty());
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(HEARTBEAT)
                .map(tick ->
                        ServerSentEvent.<String>builder().comment("heartbeat").build())
                .takeUntilOther(ended.asMono());
        Flux<ServerSentEvent<String>> opening = Flux.just(ServerSentEvent.<String>builder()
                .comment("template-manager stream")
                .build());
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .body(opening.concatWith(Flux.merge(events, heartbeats)));
    }

    /** Newest first; {@code limit} 1 to 10000 (default 20). */
    @GetMapping("/api/templates")
    ResponseEntity<Map<String, Object>> list(
            @RequestParam(required = false) @Nullable String limit, ServerHttpRequest request) {
        // "?limit" without a value is a bad limit, not the default.
        String limitParam = limit == null && request.getQueryParams().containsKey("limit") ? "" : limit;
        int parsedLimit = DEFAULT_LIMIT;
        if (limitParam != null) {
            try {
                parsedLimit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                parsedLimit = -1;
            }
            if (parsedLimit < 1 || parsedLimit > 10_000) {
                throw ApiException.badRequest("bad_limit", "limit must be between 1 and 10000");
            }
        }
        TemplateJson json = hub.json();
        List<TemplateJson.CompactBody> templates =
                hub.recent(parsedLimit).stream().map(json::compact).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", templates.size());
        body.put("templates", templates);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping("/api/templates/latest")
    ResponseEntity<String> latest() {
        return hub.latest()
                .map(TemplatesController::full)
                .orElseThrow(
                        () -> new ApiException(HttpStatus.NOT_FOUND, "no_template_yet", "no template fetched yet"));
    }

    @GetMapping("/api/templates/{sequence}")
    ResponseEntity<String> bySequence(@PathVariable String sequence) {
        long parsed;
        try {
            parsed = Long.parseLong(sequence);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_sequence", "the sequence must be a number");
        }
        return hub.find(parsed)
                .map(TemplatesController::full)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND, "unknown_template", "template " + parsed + " is not retained"));
    }

    /**
     * What changed from the next-older retained template: transactions added and removed by txid (highest fee first,
     * at most {@code limit} each, 0 to 1000, default 100; the counts are complete) and the deltas of the totals.
     * Nothing is parsed (the history holds the parsed templates), but comparing two 4,000-transaction templates and
     * rendering a thousand entries still takes a millisecond or more, so it runs on the parallel scheduler rather
     * than on the event loop that also serves the gateway's stream.
     */
    @GetMapping("/api/templates/{sequence}/diff")
    Mono<ResponseEntity<TemplateDiff>> diff(
            @PathVariable String sequence,
            @RequestParam(required = false) @Nullable String limit,
            ServerHttpRequest request) {
        long parsed;
        try {
            parsed = Long.parseLong(sequence);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_parameter", "the sequence must be a number, got '" + sequence + "'");
        }
        int diffLimit = diffLimit(limit, request);
        TemplateHub.Neighbours neighbours = hub.findWithPrevious(parsed)
                .orElseThrow(() ->
                        new ApiException(HttpStatus.NOT_FOUND, "not_found", "template " + parsed + " is not retained"));
        return Mono.fromCallable(() -> TemplateDiff.between(neighbours.record(), neighbours.previous(), diffLimit))
                .subscribeOn(Schedulers.parallel())
                .map(diff -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(diff));
    }

    /** {@code limit} of the diff, 0 to 1000; absent is 100, and "?limit" without a value is a bad limit. */
    private static int diffLimit(@Nullable String limit, ServerHttpRequest request) {
        String given = limit == null && request.getQueryParams().containsKey("limit") ? "" : limit;
        if (given == null) {
            return DEFAULT_DIFF_LIMIT;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(given);
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 0 || parsed > MAX_DIFF_LIMIT) {
            throw ApiException.badRequest(
                    "invalid_parameter", "limit must be between 0 and " + MAX_DIFF_LIMIT + ", got '" + given + "'");
        }
        return parsed;
    }

    /** {@code {"template": <template event body>, "verdict": <verdict event body or null>}}, pre-rendered. */
    private static ResponseEntity<String> full(TemplateRecord record) {
        String verdict = record.verdictJson();
        String body =
                "{\"template\":" + record.templateJson() + ",\"verdict\":" + (verdict == null ? "null" : verdict) + "}";
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
