package org.reservegrid.auth.api;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.config.AuthSettings;
import org.reservegrid.auth.flow.Refusals;
import org.reservegrid.auth.ratelimit.ClientAddress;
import org.reservegrid.auth.ratelimit.Limit;
import org.reservegrid.auth.ratelimit.RateLimiter;
import org.reservegrid.spring.api.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What every {@code /api/auth/} request passes before a controller: the per-client rate limit of its endpoint
 * ({@link Limit}), a refusal of state-changing requests a browser marks as cross-site ({@code Sec-Fetch-Site} or a
 * foreign {@code Origin}), and response headers that keep auth answers out of caches and frames. A 429 or 503 gets a
 * {@code Retry-After} header.
 */
@Component
class AuthRequestFilter implements WebFilter {
    private static final String PREFIX = "/api/auth/";
    private static final Map<String, Limit> LIMITS = Map.ofEntries(
            Map.entry("register", Limit.REGISTER),
            Map.entry("verify", Limit.VERIFY),
            Map.entry("resend", Limit.RESEND),
            Map.entry("login", Limit.LOGIN),
            Map.entry("logout", Limit.LOGOUT),
            Map.entry("logout-all", Limit.LOGOUT_ALL),
            Map.entry("password", Limit.PASSWORD),
            Map.entry("forgot", Limit.FORGOT),
            Map.entry("reset", Limit.RESET));

    private final RateLimiter limiter;
    private final ClientAddress clientAddress;
    private final String publicOrigin;
    private final boolean tls;

    AuthRequestFilter(RateLimiter limiter, ClientAddress clientAddress, AuthSettings settings) {
        this.limiter = limiter;
        this.clientAddress = clientAddress;
        this.publicOrigin = origin(settings.publicUrl());
        this.tls = settings.tls() != null;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!path.startsWith(PREFIX)) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.setCacheControl("no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        if (tls) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
        boolean changesState =
                !HttpMethod.GET.equals(request.getMethod()) && !HttpMethod.HEAD.equals(request.getMethod());
        if (changesState && crossSite(request)) {
            return Mono.error(new ApiException(
                    HttpStatus.FORBIDDEN,
                    "cross_site_request",
                    "state-changing requests must come from the dashboard's own origin"));
        }
        Optional<Limit> limit = changesState ? limit(path.substring(PREFIX.length())) : Optional.empty();
        if (limit.isPresent()) {
            Optional<Duration> wait = limiter.tryRequest(limit.get(), clientAddress.of(request));
            if (wait.isPresent()) {
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(wait.get().toSeconds()));
                return Mono.error(Refusals.tooManyRequests(
                        "rate_limited",
                        "too many requests to this endpoint from your address; try again later",
                        wait.get()));
            }
        }
        return chain.filter(exchange).doOnError(ApiException.class, failure -> {
            Object seconds = failure.extra().get("retry_after_seconds");
            if (seconds != null && !exchange.getResponse().isCommitted()) {
                headers.set(HttpHeaders.RETRY_AFTER, seconds.toString());
            }
        });
    }

    private static Optional<Limit> limit(String endpoint) {
        if (endpoint.startsWith("totp/")) {
            return Optional.of(Limit.TWO_FACTOR);
        }
        if (endpoint.startsWith("admin/")) {
            return Optional.of(Limit.ADMIN);
        }
        return Optional.ofNullable(LIMITS.get(endpoint));
    }

    private boolean crossSite(ServerHttpRequest request) {
        String site = request.getHeaders().getFirst("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(site)) {
            return true;
        }
        String origin = request.getHeaders().getOrigin();
        if (origin == null || origin.equals(publicOrigin)) {
            return false;
        }
        return !origin.equals(ownOrigin(request));
    }

    private static @Nullable String ownOrigin(ServerHttpRequest request) {
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        return host == null ? null : request.getURI().getScheme() + "://" + host;
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
