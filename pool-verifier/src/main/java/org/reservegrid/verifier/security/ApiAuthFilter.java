package org.reservegrid.verifier.security;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.reservegrid.common.secret.Secret;
import org.reservegrid.verifier.config.VerifierSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards the endpoints that change state, judge operator drafts or bulk-read history: {@code PUT /api/policy},
 * {@code POST /api/policy/validate}, {@code POST /api/policy/what-if} (a dry run, but it replays the kept
 * templates: as costly to serve as validate and as revealing as the history) and {@code GET /api/export/**}.
 *
 * <ol>
 *   <li>A client on a loopback address passes, unless {@code VELDRA_API_LOCALHOST_BYPASS=0}. The address is the
 *       TCP peer; forwarding headers are never consulted.
 *   <li>Otherwise, with no {@code VELDRA_API_SECRET} configured, the answer is 403: nobody can be authenticated.
 *   <li>Otherwise {@code Authorization: Bearer <secret>} must match (constant-time); if not, 401.
 * </ol>
 */
@Component
public class ApiAuthFilter implements WebFilter, Ordered {
    private static final Logger log = LoggerFactory.getLogger(ApiAuthFilter.class);
    private static final String BEARER = "Bearer ";

    private final Optional<Secret> secret;
    private final boolean localhostBypass;

    public ApiAuthFilter(VerifierSettings settings) {
        this.secret = settings.apiSecret();
        this.localhostBypass = settings.localhostBypass();
        log.info(
                "API auth: protected endpoints need a bearer token ({}), loopback bypass {}",
                secret.isPresent() ? "secret configured" : "NO secret configured, so only loopback bypass works",
                localhostBypass ? "on" : "off");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    /** Whether a request needs authentication. */
    public static boolean isProtected(HttpMethod method, String path) {
        return (HttpMethod.PUT.equals(method) && path.equals("/api/policy"))
                || (HttpMethod.POST.equals(method) && path.equals("/api/policy/validate"))
                || (HttpMethod.POST.equals(method) && path.equals("/api/policy/what-if"))
                || path.equals("/api/export")
                || path.startsWith("/api/export/");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!isProtected(
                request.getMethod(), request.getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        if (localhostBypass && fromLoopback(request)) {
            return chain.filter(exchange);
        }
        if (secret.isEmpty()) {
            return deny(
                    exchange,
                    HttpStatus.FORBIDDEN,
                    "api_secret_not_configured",
                    "this endpoint needs VELDRA_API_SECRET to be set on the verifier (or a loopback client with"
                            + " VELDRA_API_LOCALHOST_BYPASS on)");
        }
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return deny(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "a bearer token is required");
        }
        if (!secret.get().matches(authorization.substring(BEARER.length()).trim())) {
            return deny(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "the bearer token is not valid");
        }
        return chain.filter(exchange);
    }

    private static boolean fromLoopback(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote != null
                && remote.getAddress() != null
                && remote.getAddress().isLoopbackAddress();
    }

    private static Mono<Void> deny(ServerWebExchange exchange, HttpStatus status, String code, String message) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        // The request body was never read; reusing this connection would leave the next request behind it.
        response.getHeaders().setConnection("close");
        String body = "{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
