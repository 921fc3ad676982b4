package org.reservegrid.dashboard.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reservegrid.dashboard.proxy.Backend;
import org.reservegrid.dashboard.proxy.Backends;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Asks rg-auth and every backend for {@code /ready} every two seconds and keeps the answers, so the readiness check
 * (which must not block) reads them.
 */
@Component
class BackendProbe implements DisposableBean {
    static final String UNKNOWN = "unknown";
    static final String UNREACHABLE = "unreachable";
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final Disposable polling;

    BackendProbe(WebClient backendClient, Backends backends) {
        for (Backend backend : backends.all()) {
            states.put(backend.name(), UNKNOWN);
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
                .exchangeToMono(response -> response.releaseBody()
                        .thenReturn(
                                response.statusCode().value() == 200
                                        ? "ready"
                                        : "not_ready (" + response.statusCode().value() + ")"))
                .timeout(TIMEOUT)
                .onErrorReturn(UNREACHABLE)
                .doOnNext(state -> states.put(backend.name(), state))
                .then();
    }

    /** {@code ready}, {@code not_ready (503)}, {@code unreachable}, or {@code unknown} before the first answer. */
    String state(String service) {
        return states.getOrDefault(service, UNKNOWN);
    }

    @Override
    public void destroy() {
        polling.dispose();
    }
}
