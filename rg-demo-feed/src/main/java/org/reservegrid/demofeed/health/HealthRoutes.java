package org.reservegrid.demofeed.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reservegrid.demofeed.simulation.SimulatedFrame;
import org.reservegrid.demofeed.stream.FrameClock;
import org.reservegrid.demofeed.ws.FeedWebSocketHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /health} answers 200 while the process runs, with the feed's state; {@code /ready} answers 200 once the
 * first frame is out and 503 before that or after the simulation failed.
 */
public final class HealthRoutes {
    private final FrameClock clock;
    private final FeedWebSocketHandler handler;

    public HealthRoutes(FrameClock clock, FeedWebSocketHandler handler) {
        this.clock = clock;
        this.handler = handler;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route(RequestPredicates.GET("/health"), request -> respond(HttpStatus.OK))
                .andRoute(
                        RequestPredicates.GET("/ready"),
                        request -> respond(ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE));
    }

    private boolean ready() {
        return clock.latest() != null && clock.failure() == null;
    }

    private Mono<ServerResponse> respond(HttpStatus status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", clock.failure() != null ? "FAILED" : ready() ? "UP" : "STARTING");
        body.put("scenario", clock.settings().scenario().id());
        body.put("seed", clock.settings().seed());
        body.put("connections", handler.openSessions());
        SimulatedFrame latest = clock.latest();
        if (latest != null) {
            body.put("seq", latest.seq());
            body.put("height", latest.summary().height());
            body.put("transactions", latest.summary().transactionCount());
            Duration age = clock.sinceLatest();
            body.put("last_frame_age_seconds", age == null ? null : age.toMillis() / 1000.0);
        }
        if (clock.failure() != null) {
            body.put("error", "simulation failed; see the log");
        }
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }
}
