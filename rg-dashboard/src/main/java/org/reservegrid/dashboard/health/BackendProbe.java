package org.reservegrid.dashboard.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.reservegrid.dashboard.proxy.Backend;
import org.reservegrid.dashboard.proxy.Backends;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Asks rg-auth and every backend for {@code /ready} every two seconds and keeps the answers, so the readiness check
 * (which must not block) and the overview's readiness view read them. A service's {@code /ready} body names its
 * failing check; the probe keeps that body so the browser can show it without reaching the service itself.
 */
@Component
class BackendProbe implements DisposableBean {
    static final String UNKNOWN = "unknown";
    static final String UNREACHABLE = "unreachable";
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * The latest answer of one service's {@code /ready}.
     *
     * @param state {@code ready}, {@code not_ready (503)}, {@code unreachable}, or {@code unknown} before the first
     * @param body the service's JSON answer ({@code status}, {@code checks}), null when it did not answer JSON
     * @param checkedAt when that answer (or failure) came, null before the first
     */
    record Answer(
            String state, @Nullable JsonNode body, @Nullable Instant checkedAt) {}

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Backends backends;
    private final Clock clock;
    private final Disposable polling;

    BackendProbe(WebClient backendClient, Backends backends, Clock clock) {
        this.backends = backends;
        this.clock = clock;
        for (Backend backend : backends.all()) {
            answers.put(backend.name(), new Answer(UNKNOWN, null, null));
        }
        this.polling = Flux.interval(Duration.ZERO, INTERVAL)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(backends.all())
                        .flatMap(backend -> probe(backendClient, backend))
                        .then())
                .subscribe();
    }

    private Mono<Void> probe(WebClient client, Backend backend) {
        return client.get()
                .uri(backend.baseUrl() + "/ready")
                .exchangeToMono(response -> {
                    int status = response.statusCode().value();
                    String state = status == 200 ? "ready" : "not_ready (" + status + ")";
                    return response.bodyToMono(JsonNode.class)
                            .map(body -> new Answer(state, body.isObject() ? body : null, clock.instant()))
                            // A body that is not JSON still tells the state; only the named checks are missing.
                            .onErrorResume(e -> Mono.just(new Answer(state, null, clock.instant())))
                            .defaultIfEmpty(new Answer(state, null, clock.instant()));
                })
                .timeout(TIMEOUT)
                .onErrorResume(e -> Mono.just(new Answer(UNREACHABLE, null, clock.instant())))
                .doOnNext(answer -> answers.put(backend.name(), answer))
                .then();
    }

    /** {@code ready}, {@code not_ready (503)}, {@code unreachable}, or {@code unknown} before the first answer. */
    String state(String service) {
        return answer(service).state();
    }

    Answer answer(String service) {
        return answers.getOrDefault(service, new Answer(UNKNOWN, null, null));
    }

    /** Every service's latest answer, rg-auth first, in the order the dashboard knows them. */
    Map<String, Answer> all() {
        Map<String, Answer> all = new LinkedHashMap<>();
        for (Backend backend : backends.all()) {
            all.put(backend.name(), answer(backend.name()));
        }
        return all;
    }

    @Override
    public void destroy() {
        polling.dispose();
    }
}
