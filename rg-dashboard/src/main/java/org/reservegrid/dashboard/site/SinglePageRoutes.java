package org.reservegrid.dashboard.site;

import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The front end routes in the browser ({@code /login}, {@code /verify?token=...}): a GET of any path that is not
 * the API, not a service endpoint and not a file (its last segment has no dot) is answered with
 * {@code static/index.html}. Every answer carries the page security headers; the links in emails put tokens in the
 * query, so no page may leak its address as a referrer or be framed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SinglePageRoutes implements WebFilter {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'";
    private static final Set<String> SERVICE_PATHS = Set.of("/health", "/ready", "/metrics");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        ServerHttpRequest request = exchange.getRequest();
        if (isPageRoute(request)) {
            // The page's address may hold a token: no cache keeps it.
            headers.setCacheControl("no-store");
            return chain.filter(exchange.mutate()
                    .request(request.mutate().path("/index.html").build())
                    .build());
        }
        return chain.filter(exchange);
    }

    static boolean isPageRoute(ServerHttpRequest request) {
        HttpMethod method = request.getMethod();
        if (!(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))) {
            return false;
        }
        String path = request.getPath().pathWithinApplication().value();
        if (path.equals("/api") || path.startsWith("/api/") || SERVICE_PATHS.contains(path)) {
            return false;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".");
    }
}
