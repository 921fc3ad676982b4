package org.reservegrid.auth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reservegrid.auth.api.AuthAbuseSupport.PASSWORD;
import static org.reservegrid.auth.api.AuthAbuseSupport.json;
import static org.reservegrid.auth.api.AuthAbuseSupport.post;
import static org.reservegrid.auth.api.AuthAbuseSupport.postFrom;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reservegrid.auth.api.AuthAbuseSupport.Admin;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.AuthProcess;

/**
 * The per-client-address limits of every limited endpoint, the multiplier that scales them, and the per-account
 * limit on failed logins that no number of client addresses gets around, through the real jar. Client addresses
 * are chosen with {@code X-Forwarded-For}, which rg-auth believes only from a trusted proxy (loopback by default);
 * a third rg-auth that trusts another address shows the header is then ignored.
 */
class RateLimitProcessTests {
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private static AuthProcess defaults;
    private static AuthProcess doubled;
    private static AuthProcess proxyElsewhere;
    private static Admin admin;

    /** One limited endpoint: its limit per client and minute (at multiplier 1) and a request that costs it little. */
    record Endpoint(String path, int perMinute, Supplier<String> body) {}

    static Stream<Named<Endpoint>> endpoints() {
        return Stream.of(
                endpoint("register", 5, () -> json("email", "not an address", "password", PASSWORD)),
                endpoint("verify", 10, () -> json("token", "no-such-token")),
                endpoint("resend", 3, () -> json("email", "nobody@rate.example")),
                // A fresh address each time, so the per-account failed-login limit stays out of the way.
                endpoint("login", 10, () -> json("email", unique("login"), "password", "wrong password 1")),
                endpoint("logout", 10, () -> "{}"),
                endpoint("logout-all", 5, () -> "{}"),
                endpoint("password", 5, () -> json("current", "old password 12", "new", "new password 34")),
                endpoint("forgot", 3, () -> json("email", "nobody@rate.example")),
                endpoint("reset", 5, () -> json("token", "no-such-token", "password", PASSWORD)));
    }

    private static Named<Endpoint> endpoint(String name, int perMinute, Supplier<String> body) {
        return Named.of(name, new Endpoint("/api/auth/" + name, perMinute, body));
    }

    @BeforeAll
    static void start() {
        List<AuthProcess> started = AuthAbuseSupport.startAll(List.of(
                Map.of(),
                Map.of("VELDRA_AUTH_RATE_LIMIT_MULTIPLIER", "2"),
                Map.of("VELDRA_AUTH_TRUSTED_PROXIES", "10.255.255.1")));
        defaults = started.get(0);
        doubled = started.get(1);
        proxyElsewhere = started.get(2);
        admin = AuthAbuseSupport.bootstrapAdmin(defaults);
    }

    @AfterAll
    static void stop() {
        for (AuthProcess auth : new AuthProcess[] {defaults, doubled, proxyElsewhere}) {
            if (auth != null) {
                auth.close();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void theRequestAfterTheLimitIsRateLimitedWithRetryAfter(Endpoint endpoint) {
        String client = uniqueAddress();

        assertPassesThenLimited(defaults, endpoint, endpoint.perMinute(), client);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void multiplierTwoDoublesTheLimit(Endpoint endpoint) {
        String client = uniqueAddress();

        assertPassesThenLimited(doubled, endpoint, 2 * endpoint.perMinute(), client);
    }

    @Test
    void limitsArePerClientAddress() {
        Endpoint forgot = new Endpoint("/api/auth/forgot", 3, () -> json("email", "nobody@rate.example"));
        String limited = uniqueAddress();
        assertPassesThenLimited(defaults, forgot, 3, limited);

        HttpResult other =
                postFrom(defaults, uniqueAddress(), forgot.path(), forgot.body().get());
        // The proxy appends the address it saw: whatever a client put in front of it does not pick the bucket.
        HttpResult prefixed = postFrom(
                defaults,
                uniqueAddress() + ", " + limited,
                forgot.path(),
                forgot.body().get());

        assertThat(other.status()).as("another client address: %s", other).isEqualTo(202);
        assertRateLimited(prefixed, "rate_limited");
    }

    @Test
    void guessingOnePasswordFromManyAddressesIsThrottledAndThenRefusesEvenTheRightPassword() {
        String victim = unique("victim");
        AuthAbuseSupport.registerActive(defaults, admin, victim, PASSWORD);

        for (int guess = 1; guess <= 10; guess++) {
            HttpResult wrong = postFrom(
                    defaults, uniqueAddress(), "/api/auth/login", json("email", victim, "password", "guess " + guess));
            assertThat(wrong.status()).as("guess %d: %s", guess, wrong).isEqualTo(401);
        }
        HttpResult eleventh = postFrom(
                defaults, uniqueAddress(), "/api/auth/login", json("email", victim, "password", "guess eleven"));
        HttpResult rightPassword =
                postFrom(defaults, uniqueAddress(), "/api/auth/login", json("email", victim, "password", PASSWORD));
        HttpResult anotherAccount = postFrom(
                defaults,
                uniqueAddress(),
                "/api/auth/login",
                json("email", AuthAbuseSupport.ADMIN_EMAIL, "password", PASSWORD));

        long retryAfter = assertRateLimited(eleventh, "too_many_failed_logins");
        assertThat(retryAfter).as("the 15-minute window, not a per-minute one").isBetween(61L, 900L);
        long rightRetryAfter = assertRateLimited(rightPassword, "too_many_failed_logins");
        assertThat(rightRetryAfter).isBetween(61L, 900L);
        assertThat(anotherAccount.status())
                .as("only the guessed account is throttled: %s", anotherAccount)
                .isEqualTo(200);
    }

    @Test
    void aPeerThatIsNotATrustedProxyCannotChooseItsBucketWithForwardedFor() {
        String forgot = "/api/auth/forgot";
        String body = json("email", "nobody@rate.example");
        for (int i = 1; i <= 3; i++) {
            HttpResult passed = postFrom(proxyElsewhere, uniqueAddress(), forgot, body);
            assertThat(passed.status()).as("request %d: %s", i, passed).isEqualTo(202);
        }

        HttpResult claimedElsewhere = postFrom(proxyElsewhere, uniqueAddress(), forgot, body);
        HttpResult plain = post(proxyElsewhere, forgot, body);

        // Every request counted against the TCP peer, 127.0.0.1, whatever address the header named.
        assertRateLimited(claimedElsewhere, "rate_limited");
        assertRateLimited(plain, "rate_limited");
    }

    private static void assertPassesThenLimited(AuthProcess auth, Endpoint endpoint, int limit, String client) {
        for (int i = 1; i <= limit; i++) {
            HttpResult allowed =
                    postFrom(auth, client, endpoint.path(), endpoint.body().get());
            assertThat(allowed.status())
                    .as("request %d of %d to %s: %s", i, limit, endpoint.path(), allowed)
                    .isNotEqualTo(429)
                    .isBetween(200, 499);
        }
        assertRateLimited(
                postFrom(auth, client, endpoint.path(), endpoint.body().get()), "rate_limited");
    }

    /** Asserts a 429 with this code and a Retry-After of whole seconds above zero; returns those seconds. */
    private static long assertRateLimited(HttpResult result, String code) {
        assertThat(result.status()).as("%s", result).isEqualTo(429);
        assertThat(result.json().get("error").asString()).isEqualTo(code);
        String retryAfter = result.headers().firstValue("Retry-After").orElse("");
        assertThat(retryAfter).as("Retry-After of %s", result).matches("[0-9]+");
        long seconds = Long.parseLong(retryAfter);
        assertThat(seconds).isPositive();
        assertThat(result.json().get("retry_after_seconds").asLong()).isEqualTo(seconds);
        return seconds;
    }

    /** A client address no other request of this class uses. */
    private static String uniqueAddress() {
        int n = UNIQUE.incrementAndGet();
        return "10.77." + (n / 250) + "." + (n % 250 + 1);
    }

    private static String unique(String name) {
        return name + "-" + UNIQUE.incrementAndGet() + "@rate.example";
    }
}
