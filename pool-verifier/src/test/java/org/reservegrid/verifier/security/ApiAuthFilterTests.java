package org.reservegrid.verifier.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.verifier.config.VerifierSettings;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The auth rules on requests whose TCP peer is set explicitly, so a non-loopback client is a real peer address
 * (no forwarding header is ever consulted).
 */
class ApiAuthFilterTests {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 50_000);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.10", 50_000);

    private static ApiAuthFilter filter(Map<String, String> env) {
        return new ApiAuthFilter(VerifierSettings.from(new EnvConfig(env)));
    }

    private record Outcome(boolean passed, HttpStatus status) {}

    private static Outcome run(ApiAuthFilter filter, MockServerHttpRequest request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        AtomicBoolean passed = new AtomicBoolean();
        WebFilterChain chain = ignored -> {
            passed.set(true);
            return Mono.empty();
        };
        filter.filter(exchange, chain).block();
        HttpStatus status = exchange.getResponse().getStatusCode() == null
                ? HttpStatus.OK
                : HttpStatus.valueOf(exchange.getResponse().getStatusCode().value());
        return new Outcome(passed.get(), status);
    }

    private static MockServerHttpRequest.BodyBuilder putPolicy(InetSocketAddress peer) {
        return MockServerHttpRequest.put("/api/policy").remoteAddress(peer);
    }

    @Test
    void loopbackClientsPassWithoutATokenWhenBypassIsOn() {
        assertThat(run(filter(Map.of()), putPolicy(LOOPBACK).build()).passed()).isTrue();
    }

    @Test
    void remoteClientsWithoutASecretConfiguredAreForbidden() {
        Outcome outcome = run(filter(Map.of()), putPolicy(REMOTE).build());

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.status()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void loopbackClientsAreForbiddenWhenBypassIsOffAndNoSecretIsConfigured() {
        Outcome outcome = run(
                filter(Map.of("VELDRA_API_LOCALHOST_BYPASS", "0")),
                putPolicy(LOOPBACK).build());

        assertThat(outcome.status()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void remoteClientsNeedTheExactBearerToken() {
        ApiAuthFilter filter = filter(Map.of("VELDRA_API_SECRET", "s3cret-value"));

        Outcome none = run(filter, putPolicy(REMOTE).build());
        Outcome wrong = run(
                filter,
                putPolicy(REMOTE).header("Authorization", "Bearer s3cret-valuf").build());
        Outcome prefix = run(
                filter,
                putPolicy(REMOTE).header("Authorization", "Bearer s3cret").build());
        Outcome basic = run(
                filter,
                putPolicy(REMOTE).header("Authorization", "Basic s3cret-value").build());
        Outcome right = run(
                filter,
                putPolicy(REMOTE).header("Authorization", "Bearer s3cret-value").build());

        assertThat(none.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(wrong.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(prefix.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(basic.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(right.passed()).isTrue();
    }

    @Test
    void forwardingHeadersDoNotMakeARemoteClientLocal() {
        Outcome outcome = run(
                filter(Map.of("VELDRA_API_SECRET", "s3cret-value")),
                putPolicy(REMOTE)
                        .header("X-Forwarded-For", "127.0.0.1")
                        .header("Forwarded", "for=127.0.0.1")
                        .build());

        assertThat(outcome.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void onlyStateChangingAndBulkEndpointsAreProtected() {
        ApiAuthFilter filter = filter(Map.of("VELDRA_API_SECRET", "s3cret-value"));

        assertThat(run(
                                filter,
                                MockServerHttpRequest.get("/api/policy")
                                        .remoteAddress(REMOTE)
                                        .build())
                        .passed())
                .isTrue();
        assertThat(run(
                                filter,
                                MockServerHttpRequest.get("/api/verdicts")
                                        .remoteAddress(REMOTE)
                                        .build())
                        .passed())
                .isTrue();
        assertThat(run(
                                filter,
                                MockServerHttpRequest.post("/api/policy/validate")
                                        .remoteAddress(REMOTE)
                                        .build())
                        .status())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(run(
                                filter,
                                MockServerHttpRequest.post("/api/policy/what-if?last=5")
                                        .remoteAddress(REMOTE)
                                        .build())
                        .status())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(run(
                                filter,
                                MockServerHttpRequest.post("/api/policy/what-if")
                                        .remoteAddress(REMOTE)
                                        .header("Authorization", "Bearer s3cret-value")
                                        .build())
                        .passed())
                .isTrue();
        assertThat(run(
                                filter,
                                MockServerHttpRequest.get("/api/export/verdicts")
                                        .remoteAddress(REMOTE)
                                        .build())
                        .status())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
