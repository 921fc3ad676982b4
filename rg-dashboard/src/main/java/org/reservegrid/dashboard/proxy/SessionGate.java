package org.reservegrid.dashboard.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.reservegrid.dashboard.config.DashboardSettings;
import org.reservegrid.spring.api.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Asks rg-auth who the caller is, on every gated request (no cache: a logout or a role change takes effect on the
 * next request). No session means 401 {@code not_authenticated}; rg-auth down or failing means 503
 * {@code auth_unavailable}, never a pass.
 */
@Component
public class SessionGate {
    private final WebClient client;
    private final Backend auth;
    private final Duration timeout;

    SessionGate(WebClient backendClient, Backends backends, DashboardSettings settings) {
        this.client = backendClient;
        this.auth = backends.auth();
        this.timeout = settings.backendTimeout();
    }

    /** The peer's address, passed on to rg-auth as X-Forwarded-For (its rate limits are per client). */
    public static String clientAddress(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return "unknown";
        }
        return remote.getAddress().getHostAddress();
    }

    /** The caller's session, or 401 {@code not_authenticated} / 503 {@code auth_unavailable} as an error. */
    public Mono<Session> session(@Nullable String cookie, @Nullable String authorization, String clientAddress) {
        if (cookie == null && authorization == null) {
            return Mono.error(notAuthenticated());
        }
        return client.get()
                .uri(auth.target("/api/auth/me", null))
                .headers(headers -> {
                    if (cookie != null) {
                        headers.set(HttpHeaders.COOKIE, cookie);
                    }
                    if (authorization != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                    headers.set(ApiProxy.FORWARDED_FOR, clientAddress);
                    headers.setAccept(List.of(MediaType.APPLICATION_JSON));
                })
                .exchangeToMono(response -> {
                    int status = response.statusCode().value();
                    if (status == 200) {
                        return response.bodyToMono(JsonNode.class).map(SessionGate::session);
                    }
                    if (status == 401 || status == 403) {
                        return response.releaseBody().then(Mono.error(notAuthenticated()));
                    }
                    return response.releaseBody().then(Mono.error(unavailable("rg-auth answered " + status)));
                })
                .timeout(timeout)
                .onErrorMap(failure -> !(failure instanceof ApiException), failure -> unavailable(describe(failure)));
    }

    private static Session session(JsonNode me) {
        JsonNode role = me.get("role");
        JsonNode csrf = me.get("csrf_token");
        if (role == null || !role.isString() || csrf == null || !csrf.isString()) {
            throw unavailable("rg-auth's /api/auth/me answer has no role or csrf_token");
        }
        return new Session(role.asString(), csrf.asString());
    }

    private static ApiException notAuthenticated() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "not_authenticated", "log in first: no valid session");
    }

    private static ApiException unavailable(String why) {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "auth_unavailable",
                "sessions cannot be checked right now (" + why + "); try again shortly",
                Map.of("service", Backends.AUTH));
    }

    private static String describe(Throwable failure) {
        return failure instanceof TimeoutException ? "rg-auth did not answer in time" : "rg-auth is unreachable";
    }
}
