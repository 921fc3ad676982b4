package org.reservegrid.feedadapter.health;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reservegrid.feedadapter.upstream.FeedSnapshot;
import org.reservegrid.feedadapter.upstream.FeedState;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /health} answers 200 while the process runs and reports the upstream feed; {@code /ready} answers 200
 * only while getblocktemplate can be served (a template is known and the feed is connected or within its
 * disconnect grace), 503 otherwise.
 */
public final class HealthRoutes {
    private final FeedState state;
    private final String feedUrl;

    public HealthRoutes(FeedState state, String feedUrl) {
        this.state = state;
        this.feedUrl = feedUrl;
    }

    public Mono<ServerResponse> health() {
        return respond(HttpStatus.OK);
    }

    public Mono<ServerResponse> ready() {
        return respond(state.usable() != null ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    }

    private Mono<ServerResponse> respond(HttpStatus status) {
        boolean ready = state.usable() != null;
        Map<String, Object> upstream = new LinkedHashMap<>();
        upstream.put("url", feedUrl);
        upstream.put("connected", state.connected());
        double age = state.lastFrameAgeSeconds();
        upstream.put("last_frame_age_seconds", Double.isNaN(age) ? null : Math.round(age * 1000) / 1000.0);
        upstream.put("reconnects", state.reconnects());
        upstream.put("frames", state.frames());
        upstream.put("frames_rejected", state.rejected());
        FeedSnapshot latest = state.latest();
        upstream.put("last_seq", latest == null ? null : latest.seq());
        upstream.put("height", latest == null ? null : latest.height());
        upstream.put("last_error", state.lastError());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "UP" : "DEGRADED");
        body.put("ready", ready);
        body.put("upstream", upstream);
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }
}
