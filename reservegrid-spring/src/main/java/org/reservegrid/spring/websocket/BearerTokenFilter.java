package org.reservegrid.spring.websocket;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.reservegrid.spring.api.ApiErrors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards one WebSocket path with {@link BearerTokens}: a request without an accepted token is answered before the
 * upgrade with 401 (missing or unknown token) or 403 (expired token) and the API's JSON error body, e.g.
 * {@code {"error": "token_expired", "message": "the bearer token has expired"}}. The tokens are asked for on each
 * request, so a rotation takes effect for the next connection; open sessions are not re-checked.
 */
public final class BearerTokenFilter implements WebFilter {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String path;
    private final String realm;
    private final Supplier<BearerTokens> tokens;
    private final Consumer<BearerTokens.Refusal> onRefused;
    private final Clock clock;

    /**
     * @param realm the {@code WWW-Authenticate} realm, the service's name
     * @param onRefused called once per refused request (a metric)
     */
    public BearerTokenFilter(
            String path,
            String realm,
            Supplier<BearerTokens> tokens,
            Consumer<BearerTokens.Refusal> onRefused,
            Clock clock) {
        this.path = path;
        this.realm = realm;
        this.tokens = tokens;
        this.onRefused = onRefused;
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!path.equals(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        BearerTokens.Refusal refusal = tokens.get()
                .check(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION), clock.instant());
        if (refusal == null) {
            return chain.filter(exchange);
        }
        onRefused.accept(refusal);
        ServerHttpResponse response = exchange.getResponse();
        response.getHeaders()
                .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer realm=\"" + realm + "\""
                                + (refusal == BearerTokens.Refusal.MISSING ? "" : ", error=\"invalid_token\""));
        return reject(response, HttpStatus.valueOf(refusal.httpStatus()), refusal.code(), refusal.message());
    }

    /** Answers with the API's JSON error; shared with {@link ConnectionLimitFilter}. */
    static Mono<Void> reject(ServerHttpResponse response, HttpStatus status, String code, String message) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body =
                JSON.writeValueAsString(ApiErrors.body(code, message, Map.of())).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
