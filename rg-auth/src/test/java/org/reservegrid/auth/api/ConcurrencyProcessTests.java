package org.reservegrid.auth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reservegrid.auth.api.AuthAbuseSupport.PASSWORD;
import static org.reservegrid.auth.api.AuthAbuseSupport.RESET_SUBJECT;
import static org.reservegrid.auth.api.AuthAbuseSupport.json;
import static org.reservegrid.auth.api.AuthAbuseSupport.post;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reservegrid.auth.api.AuthAbuseSupport.Admin;
import org.reservegrid.testkit.db.PostgresServer;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.AuthProcess;

/**
 * Races the database must settle, on the embedded H2 default and on PostgreSQL alike: two resets with one token
 * (exactly one wins), and fifty registrations of one address at once (exactly one account). A missing PostgreSQL
 * skips its half locally and fails it in CI ({@link PostgresServer}); the H2 half runs either way.
 */
class ConcurrencyProcessTests {
    private static final Map<String, String> UNLIMITED = Map.of("VELDRA_AUTH_RATE_LIMIT_MULTIPLIER", "10000");
    private static final int RESET_RACES = 3;
    private static final int REGISTRATIONS = 50;

    /** A started rg-auth with its bootstrap admin, or why it could not start. */
    private record Started(AuthProcess auth, Admin admin, Throwable failure) {
        Started {
            if ((auth == null) == (failure == null)) {
                throw new IllegalArgumentException("either a process or a failure");
            }
        }

        Started use() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            return this;
        }
    }

    private static final Map<String, Started> BACKENDS = new ConcurrentHashMap<>();

    static Stream<Named<String>> databases() {
        return Stream.of(Named.of("embedded H2", "h2"), Named.of("PostgreSQL", "postgresql"));
    }

    @BeforeAll
    static void startOnBothDatabases() {
        CompletableFuture<Started> h2 = CompletableFuture.supplyAsync(() -> started(() -> UNLIMITED));
        CompletableFuture<Started> postgres = CompletableFuture.supplyAsync(() -> started(() -> Map.of(
                "VELDRA_AUTH_RATE_LIMIT_MULTIPLIER",
                "10000",
                "VELDRA_AUTH_DATABASE_URL",
                PostgresServer.shared().createDatabase("rg_auth_concurrency").url())));
        BACKENDS.put("h2", h2.join());
        BACKENDS.put("postgresql", postgres.join());
    }

    private static Started started(Supplier<Map<String, String>> settings) {
        try {
            AuthProcess auth = AuthAbuseSupport.start(settings.get());
            try {
                return new Started(auth, AuthAbuseSupport.bootstrapAdmin(auth), null);
            } catch (RuntimeException | Error e) {
                auth.close();
                throw e;
            }
        } catch (RuntimeException | Error e) {
            // A missing prerequisite (an abort or, in CI, a failure) belongs to that database's tests only.
            return new Started(null, null, e);
        }
    }

    @AfterAll
    static void stop() {
        BACKENDS.values().stream().map(Started::auth).filter(Objects::nonNull).forEach(AuthProcess::close);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void twoResetsRacingWithOneTokenLetExactlyOneWin(String database) throws Exception {
        Started backend = BACKENDS.get(database).use();
        AuthProcess auth = backend.auth();
        for (int race = 1; race <= RESET_RACES; race++) {
            String email = "racer-" + race + "@concurrency.example";
            AuthAbuseSupport.registerActive(auth, backend.admin(), email, PASSWORD);
            assertThat(post(auth, "/api/auth/forgot", json("email", email)).status())
                    .isEqualTo(202);
            String token =
                    AuthAbuseSupport.awaitEmail(auth, email, RESET_SUBJECT, 1).token();
            List<String> passwords = List.of("first racer password " + race, "second racer password " + race);

            List<HttpResult> answers = all(
                    passwords.size(),
                    i -> () -> post(auth, "/api/auth/reset", json("token", token, "password", passwords.get(i))));

            List<Integer> statuses = answers.stream().map(HttpResult::status).toList();
            assertThat(statuses).as("race %d: %s", race, answers).containsExactlyInAnyOrder(200, 400);
            int winner = statuses.indexOf(200);
            HttpResult loser = answers.get(1 - winner);
            assertThat(answers.get(winner).json().get("status").asString()).isEqualTo("password_reset");
            assertThat(loser.json().get("error").asString()).isEqualTo("invalid_token");
            assertThat(login(auth, email, passwords.get(winner)).status()).isEqualTo(200);
            assertThat(login(auth, email, passwords.get(1 - winner)).status()).isEqualTo(401);
            assertThat(login(auth, email, PASSWORD).status()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void fiftyRegistrationsOfOneAddressAtOnceMakeOneAccount(String database) throws Exception {
        Started backend = BACKENDS.get(database).use();
        AuthProcess auth = backend.auth();
        String email = "crowd@concurrency.example";

        List<HttpResult> answers = all(
                REGISTRATIONS, i -> () -> post(auth, "/api/auth/register", json("email", email, "password", PASSWORD)));

        assertThat(answers)
                .allSatisfy(
                        answer -> assertThat(answer.status()).as("%s", answer).isEqualTo(202));
        assertThat(answers.stream().map(HttpResult::body).distinct()).hasSize(1);
        List<String> events = AuthAbuseSupport.auditEvents(auth, backend.admin(), email);
        assertThat(events.stream().filter("registered"::equals)).hasSize(1);
        assertThat(events.stream().filter("register_existing"::equals)).hasSize(REGISTRATIONS - 1);
        assertThat(AuthAbuseSupport.accounts(auth, backend.admin(), "unverified").stream()
                        .filter(account -> account.get("email").asString().equals(email)))
                .hasSize(1);
    }

    private static HttpResult login(AuthProcess auth, String email, String password) {
        return post(auth, "/api/auth/login", json("email", email, "password", password));
    }

    /** Runs {@code count} requests on as many threads, released together, and returns their answers in order. */
    private static List<HttpResult> all(int count, IntFunction<Supplier<HttpResult>> request)
            throws InterruptedException, ExecutionException {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
            List<Future<HttpResult>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Supplier<HttpResult> each = request.apply(i);
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return each.get();
                }));
            }
            ready.await();
            go.countDown();
            List<HttpResult> answers = new ArrayList<>();
            for (Future<HttpResult> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }
}
