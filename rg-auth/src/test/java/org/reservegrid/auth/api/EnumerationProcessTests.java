package org.reservegrid.auth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reservegrid.auth.api.AuthAbuseSupport.ALREADY_REGISTERED_SUBJECT;
import static org.reservegrid.auth.api.AuthAbuseSupport.PASSWORD;
import static org.reservegrid.auth.api.AuthAbuseSupport.VERIFY_SUBJECT;
import static org.reservegrid.auth.api.AuthAbuseSupport.awaitEmail;
import static org.reservegrid.auth.api.AuthAbuseSupport.json;
import static org.reservegrid.auth.api.AuthAbuseSupport.post;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reservegrid.auth.api.AuthAbuseSupport.Admin;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.AuthProcess;

/**
 * No account enumeration, through the real jar: register, resend and forgot answer the same status and body whether
 * or not the address has an account (whatever its state), every failed login says only "invalid credentials", and
 * the answers take the same time for a known and an unknown address (medians of 200 interleaved tries within 10%).
 * The rate limits are scaled far up so that they never answer instead of the flow.
 */
class EnumerationProcessTests {
    private static final String UNVERIFIED = "unverified@enum.example";
    private static final String PENDING = "pending@enum.example";
    private static final String ACTIVE = "active@enum.example";
    private static final String DISABLED = "disabled@enum.example";
    private static final String WRONG_PASSWORD = "not the password 99";

    private static final int WARM_UP = 30;
    private static final int TRIES = 200;
    private static final double MAX_MEDIAN_RATIO = 1.10;

    private static AuthProcess auth;
    private static Admin admin;
    /** One connection pool for the timed requests: a new client per request would add its own noise. */
    private static HttpClient timing;

    @BeforeAll
    static void startWithAnAccountInEachState() {
        auth = AuthAbuseSupport.start(Map.of("VELDRA_AUTH_RATE_LIMIT_MULTIPLIER", "10000"));
        admin = AuthAbuseSupport.bootstrapAdmin(auth);
        AuthAbuseSupport.registerUnverified(auth, UNVERIFIED, PASSWORD);
        AuthAbuseSupport.registerPending(auth, admin, PENDING, PASSWORD);
        AuthAbuseSupport.registerActive(auth, admin, ACTIVE, PASSWORD);
        AuthAbuseSupport.registerDisabled(auth, admin, DISABLED, PASSWORD);
        timing = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() {
        if (timing != null) {
            timing.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    @Test
    void registeringAnExistingAddressAnswersAsRegisteringANewOne() {
        HttpResult fresh = post(auth, "/api/auth/register", json("email", "fresh@enum.example", "password", PASSWORD));

        assertThat(fresh.status()).isEqualTo(202);
        for (String known : List.of(UNVERIFIED, PENDING, ACTIVE, DISABLED)) {
            HttpResult existing = post(auth, "/api/auth/register", json("email", known, "password", PASSWORD));
            assertSameAnswer(existing, fresh, "register " + known);
        }
        // The difference reaches only the mailbox: a verified address is told it is registered already.
        assertThat(awaitEmail(auth, PENDING, ALREADY_REGISTERED_SUBJECT, 1).body())
                .contains("already has an account");
        assertThat(awaitEmail(auth, "fresh@enum.example", VERIFY_SUBJECT, 1).link())
                .contains("/verify?token=");
    }

    @Test
    void resendAndForgotAnswerTheSameWhateverTheAddress() {
        for (String path : List.of("/api/auth/resend", "/api/auth/forgot")) {
            HttpResult unknown = post(auth, path, json("email", "nobody@enum.example"));
            assertThat(unknown.status()).as(path).isEqualTo(202);
            for (String known : List.of(UNVERIFIED, PENDING, ACTIVE, DISABLED)) {
                assertSameAnswer(post(auth, path, json("email", known)), unknown, path + " " + known);
            }
            assertSameAnswer(
                    post(auth, path, json("email", ACTIVE.toUpperCase(Locale.ROOT))), unknown, path + " upper case");
        }
    }

    @Test
    void everyFailedLoginSaysOnlyInvalidCredentials() {
        HttpResult unknown = login("nobody@enum.example", PASSWORD);

        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"invalid_credentials\",\"message\":\"invalid credentials\"}");
        assertThat(unknown.headers().firstValue("Set-Cookie")).isEmpty();
        for (String known : List.of(UNVERIFIED, PENDING, ACTIVE, DISABLED)) {
            HttpResult wrong = login(known, WRONG_PASSWORD);
            assertSameAnswer(wrong, unknown, "wrong password for " + known);
            assertThat(wrong.headers().firstValue("Set-Cookie")).as(known).isEmpty();
        }
    }

    @Test
    void registerTakesAsLongForAKnownAddressAsForANewOne() {
        assertIndistinguishableInTime(
                "register",
                "/api/auth/register",
                i -> json("email", PENDING, "password", PASSWORD),
                i -> json("email", "new-" + i + "@timing.example", "password", PASSWORD));
    }

    @Test
    void forgotTakesAsLongForAKnownAddressAsForAnUnknownOne() {
        assertIndistinguishableInTime(
                "forgot",
                "/api/auth/forgot",
                i -> json("email", ACTIVE),
                i -> json("email", "unknown-" + i + "@timing.example"));
    }

    @Test
    void resendTakesAsLongForAKnownAddressAsForAnUnknownOne() {
        assertIndistinguishableInTime(
                "resend",
                "/api/auth/resend",
                i -> json("email", UNVERIFIED),
                i -> json("email", "unknown-" + i + "@timing.example"));
    }

    @Test
    void aWrongPasswordTakesAsLongAsAnUnknownAddress() {
        assertIndistinguishableInTime(
                "login",
                "/api/auth/login",
                i -> json("email", ACTIVE, "password", WRONG_PASSWORD),
                i -> json("email", "unknown-" + i + "@timing.example", "password", WRONG_PASSWORD));
    }

    private static HttpResult login(String email, String password) {
        return post(auth, "/api/auth/login", json("email", email, "password", password));
    }

    private static void assertSameAnswer(HttpResult actual, HttpResult expected, String what) {
        assertThat(actual.status()).as("%s: %s", what, actual).isEqualTo(expected.status());
        assertThat(actual.body()).as(what).isEqualTo(expected.body());
    }

    /**
     * Known and unknown tries alternate (which goes first alternates too), so drift in the machine's load hits both
     * alike; every pair must also answer the same. Both medians are printed and named in a failure.
     */
    private static void assertIndistinguishableInTime(
            String endpoint, String path, IntFunction<String> known, IntFunction<String> unknown) {
        List<Long> knownNanos = new ArrayList<>();
        List<Long> unknownNanos = new ArrayList<>();
        for (int i = 0; i < WARM_UP + TRIES; i++) {
            boolean knownFirst = i % 2 == 0;
            // Distinct client addresses per try: no per-client state is shared between the two sides.
            Timed first = timed(path, knownFirst ? known.apply(i) : unknown.apply(i), "198.51.100." + (i % 250));
            Timed second = timed(path, knownFirst ? unknown.apply(i) : known.apply(i), "203.0.113." + (i % 250));
            Timed k = knownFirst ? first : second;
            Timed u = knownFirst ? second : first;
            assertThat(k.status()).as("%s try %d: %s", endpoint, i, k.body()).isEqualTo(u.status());
            assertThat(k.body()).as("%s try %d", endpoint, i).isEqualTo(u.body());
            if (i >= WARM_UP) {
                knownNanos.add(k.nanos());
                unknownNanos.add(u.nanos());
            }
        }
        double knownMs = median(knownNanos) / 1e6;
        double unknownMs = median(unknownNanos) / 1e6;
        double ratio = Math.max(knownMs, unknownMs) / Math.min(knownMs, unknownMs);
        String report = String.format(
                Locale.ROOT,
                "%s: median of %d tries, known address %.3f ms, unknown address %.3f ms (ratio %.3f, at most %.2f)",
                endpoint,
                TRIES,
                knownMs,
                unknownMs,
                ratio,
                MAX_MEDIAN_RATIO);
        System.out.println(report);
        assertThat(ratio).as(report).isLessThanOrEqualTo(MAX_MEDIAN_RATIO);
    }

    private record Timed(int status, String body, long nanos) {}

    private static Timed timed(String path, String body, String client) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(auth.http().base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            long start = System.nanoTime();
            HttpResponse<String> response = timing.send(request, HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            return new Timed(response.statusCode(), response.body(), nanos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }
}
