package org.reservegrid.dashboard.proxy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.secret.Secret;
import org.reservegrid.dashboard.config.DashboardSettings;
import org.reservegrid.spring.api.ApiErrors;
import org.reservegrid.spring.api.ApiException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every {@code /api/...} request of the browser. {@code /api/auth/**} passes to rg-auth unchanged (that is how the
 * browser logs in); the other prefixes reach their service only after {@link SessionGate} found a session whose role
 * allows the method (and, for a cookie session's write, whose CSRF token came along). A backend never sees the
 * browser's cookie or token: it gets {@code VELDRA_API_SECRET} as its bearer token instead, which in turn never
 * reaches the browser.
 */
@Configuration(proxyBeanMethods = false)
class ApiProxy {
    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String CSRF_HEADER = "X-CSRF-Token";

    /** What rg-auth needs of the browser's request, beside method, path, query and body. */
    private static final List<String> AUTH_REQUEST_HEADERS = List.of(
            HttpHeaders.COOKIE,
            HttpHeaders.AUTHORIZATION,
            CSRF_HEADER,
            HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT,
            HttpHeaders.ACCEPT_LANGUAGE,
            HttpHeaders.USER_AGENT);

    /** What a backend gets of the browser's request: nothing that identifies the session. */
    private static final List<String> BACKEND_REQUEST_HEADERS = List.of(
            HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT,
            HttpHeaders.ACCEPT_LANGUAGE,
            HttpHeaders.USER_AGENT,
            HttpHeaders.IF_NONE_MATCH,
            HttpHeaders.IF_MODIFIED_SINCE,
            "Last-Event-ID");

    /** What the browser gets of an answer. Only rg-auth may set cookies on the dashboard's origin. */
    private static final List<String> RESPONSE_HEADERS = List.of(
            HttpHeaders.CONTENT_TYPE,
            HttpHeaders.CACHE_CONTROL,
            HttpHeaders.RETRY_AFTER,
            HttpHeaders.LOCATION,
            HttpHeaders.ETAG,
            HttpHeaders.LAST_MODIFIED,
            HttpHeaders.CONTENT_DISPOSITION);

    /**
     * POSTs that only compute an answer and change nothing on the service (the policy editor's validation and its
     * what-if replay), so a viewer may make them too. Matched on the exact raw path: any other spelling of the path
     * is an ordinary write.
     */
    static final Set<String> DRY_RUN_POSTS = Set.of("/api/verifier/policy/validate", "/api/verifier/policy/what-if");

    private final Backends backends;
    private final SessionGate gate;
    private final WebClient client;
    private final ProxyMetrics metrics;
    private final Duration timeout;
    private final Optional<Secret> apiSecret;

    ApiProxy(
            Backends backends,
            SessionGate gate,
            WebClient backendClient,
            ProxyMetrics metrics,
            DashboardSettings settings) {
        this.backends = backends;
        this.gate = gate;
        this.client = backendClient;
        this.metrics = metrics;
        this.timeout = settings.backendTimeout();
        this.apiSecret = settings.apiSecret();
    }

    @Bean
    RouterFunction<ServerResponse> apiRoutes() {
        return RouterFunctions.route(
                RequestPredicates.path("/api").or(RequestPredicates.path("/api/**")), this::handle);
    }

    private Mono<ServerResponse> handle(ServerRequest request) {
        ServerHttpRequest http = request.exchange().getRequest();
        String rawPath = http.getURI().getRawPath();
        Optional<Backend> match = backends.forPath(rawPath);
        if (match.isEmpty()) {
            return Mono.error(new ApiException(
                    HttpStatus.NOT_FOUND,
                    "not_found",
                    "no such endpoint: " + request.method() + " " + rawPath
                            + " (the API is under /api/auth, /api/verifier, /api/templates and /api/gateway)"));
        }
        Backend backend = match.get();
        long started = System.nanoTime();
        Mono<ServerResponse> answer = hasDotSegment(rawPath)
                ? Mono.error(ApiException.badRequest("bad_path", "the path may not contain . or .. segments"))
                : backend.gated() ? gated(backend, request, http, rawPath) : forward(backend, request, http, rawPath);
        return answer.onErrorResume(ApiException.class, ApiProxy::asResponse)
                .doOnNext(response -> metrics.record(
                        backend.name(), response.statusCode().value(), Duration.ofNanos(System.nanoTime() - started)));
    }

    private Mono<ServerResponse> gated(Backend backend, ServerRequest request, ServerHttpRequest http, String rawPath) {
        HttpHeaders headers = http.getHeaders();
        String cookie = headers.getFirst(HttpHeaders.COOKIE);
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        return gate.session(cookie, authorization, clientAddress(http)).flatMap(session -> {
            boolean reads = HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
            boolean dryRun = HttpMethod.POST.equals(request.method()) && DRY_RUN_POSTS.contains(rawPath);
            if (!reads && !dryRun && !session.mayWrite()) {
                return Mono.error(new ApiException(
                        HttpStatus.FORBIDDEN,
                        "insufficient_role",
                        "role " + session.role() + " may only read; changes need an operator or admin"));
            }
            // rg-auth authenticates a request with an Authorization header by that, so only without one is it a
            // cookie session that a cross-site page could ride on. Dry runs are checked too: they still cost the
            // verifier work, and a cross-site page has no business starting them.
            if (!reads && authorization == null && !sameToken(headers.getFirst(CSRF_HEADER), session.csrfToken())) {
                return Mono.error(new ApiException(
                        HttpStatus.FORBIDDEN,
                        "csrf_token_invalid",
                        "a cookie session must send its csrf_token in the " + CSRF_HEADER + " header"));
            }
            return forward(backend, request, http, rawPath);
        });
    }

    private Mono<ServerResponse> forward(
            Backend backend, ServerRequest request, ServerHttpRequest http, String rawPath) {
        URI target = backend.target(rawPath, http.getURI().getRawQuery());
        HttpHeaders incoming = http.getHeaders();
        boolean stream = wantsEventStream(incoming);
        WebClient.RequestBodySpec spec = client.method(request.method())
                .uri(target)
                .headers(out -> {
                    for (String name : backend.gated() ? BACKEND_REQUEST_HEADERS : AUTH_REQUEST_HEADERS) {
                        List<String> values = incoming.get(name);
                        if (values != null) {
                            out.addAll(name, values);
                        }
                    }
                    out.set(FORWARDED_FOR, clientAddress(http));
                    if (backend.gated()) {
                        apiSecret.ifPresent(secret -> out.setBearerAuth(secret.reveal()));
                    }
                });
        if (hasBody(incoming)) {
            spec.body(BodyInserters.fromDataBuffers(request.bodyToFlux(DataBuffer.class)));
        }
        Mono<ResponseEntity<Flux<DataBuffer>>> exchange = spec.retrieve()
                .onStatus(status -> true, response -> Mono.empty())
                .toEntityFlux(DataBuffer.class);
        // An event stream stays open as long as the browser watches; the timeout is for an answer's headers.
        if (!stream) {
            exchange = exchange.timeout(timeout);
        }
        return exchange.flatMap(entity -> relay(backend, entity, stream))
                .onErrorResume(failure -> failure(backend, failure));
    }

    private Mono<ServerResponse> relay(
            Backend backend, ResponseEntity<Flux<DataBuffer>> entity, boolean requestedStream) {
        HttpHeaders from = entity.getHeaders();
        MediaType type = from.getContentType();
        boolean stream = requestedStream || (type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type));
        Flux<DataBuffer> received = entity.getBody();
        Flux<DataBuffer> body = received == null ? Flux.empty() : received;
        BodyInserter<Flux<DataBuffer>, ReactiveHttpOutputMessage> inserter = stream
                // Each chunk flushed as it arrives: an event must reach the browser when the service sends it.
                ? (message, context) -> message.writeAndFlushWith(body.map(Mono::just))
                : BodyInserters.fromDataBuffers(body);
        return ServerResponse.status(entity.getStatusCode())
                .headers(to -> {
                    for (String name : RESPONSE_HEADERS) {
                        copy(from, to, name);
                    }
                    // Only rg-auth sets cookies on the dashboard's origin (the session cookie).
                    if (!backend.gated()) {
                        copy(from, to, HttpHeaders.SET_COOKIE);
                    }
                })
                .body(inserter);
    }

    private void copy(HttpHeaders from, HttpHeaders to, String name) {
        List<String> values = from.get(name);
        if (values == null) {
            return;
        }
        for (String value : values) {
            if (!echoesSecret(value)) {
                to.add(name, value);
            }
        }
    }

    private boolean echoesSecret(String value) {
        return apiSecret.map(secret -> value.contains(secret.reveal())).orElse(false);
    }

    private static Mono<ServerResponse> failure(Backend backend, Throwable failure) {
        if (failure instanceof TimeoutException) {
            return asResponse(new ApiException(
                    HttpStatus.GATEWAY_TIMEOUT,
                    "backend_timeout",
                    backend.name() + " did not answer in time",
                    Map.of("service", backend.name())));
        }
        if (failure instanceof WebClientRequestException) {
            return asResponse(new ApiException(
                    HttpStatus.BAD_GATEWAY,
                    "backend_unavailable",
                    backend.name() + " is not reachable; is it running?",
                    Map.of("service", backend.name())));
        }
        return Mono.error(failure);
    }

    private static Mono<ServerResponse> asResponse(ApiException failure) {
        return ApiErrors.error(failure.status(), failure.code(), failure.getMessage(), failure.extra());
    }

    static String clientAddress(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return "unknown";
        }
        return remote.getAddress().getHostAddress();
    }

    private static boolean sameToken(@Nullable String sent, String expected) {
        return sent != null
                && MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean wantsEventStream(HttpHeaders headers) {
        return headers.getAccept().stream().anyMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype);
    }

    private static boolean hasBody(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    /** {@code .} and {@code ..} segments, plain or percent-encoded, would let a path climb out of its prefix. */
    static boolean hasDotSegment(String rawPath) {
        String decodedDots = rawPath.toLowerCase(Locale.ROOT).replace("%2e", ".");
        if (decodedDots.contains("%2f") || decodedDots.contains("%5c") || decodedDots.contains("\\")) {
            return true;
        }
        for (String segment : decodedDots.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
