package org.reservegrid.auth.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.reservegrid.testkit.db.Database;
import org.reservegrid.testkit.db.PostgresServer;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.AuthProcess;
import org.reservegrid.testkit.process.ServiceJars;
import tools.jackson.databind.JsonNode;

/**
 * rg-auth's jar on a PostgreSQL server of its own ({@code VELDRA_AUTH_DATABASE_URL}): Flyway migrates it, the account
 * flow works, an outage turns {@code /ready} to 503 {@code database_unreachable} and API calls to clean JSON
 * refusals (never a hang, never a stack trace), and the server's return makes it ready again. The URL, which carries
 * the password, never reaches the log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresReadinessProcessTests {
    private static final String ADMIN = "admin@example.test";
    private static final String PASSWORD = "granite-harbor-47-lantern";
    /** Generous for a loaded two-core machine; bounds a failure only. */
    private static final Duration OUTAGE_NOTICED = Duration.ofSeconds(60);

    private static PostgresServer postgres;
    private static Database database;
    private static AuthProcess auth;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        database = postgres.createDatabase("rg_auth_ready");
        auth = AuthProcess.start(
                ServiceJars.require("rg-auth"),
                Map.of("VELDRA_AUTH_DATABASE_URL", database.url(), "VELDRA_AUTH_ADMIN_EMAIL", ADMIN));
    }

    @AfterAll
    static void stop() {
        if (auth != null) {
            auth.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void migrationsRunAndAnAccountIsRegisteredVerifiedAndLoggedInOnPostgresql() throws SQLException {
        HttpResult ready = auth.http().get("/ready");
        assertThat(ready.status()).as("%s", ready).isEqualTo(200);
        assertThat(ready.json().path("checks").path("database").path("status").asString())
                .isEqualTo("up");
        assertThat(migrations())
                .contains("1")
                .allSatisfy(version -> assertThat(version).isNotBlank());

        assertThat(post("/api/auth/register", credentials(ADMIN)).status()).isEqualTo(202);
        String token = auth.awaitEmail(ADMIN, 1, Duration.ofSeconds(30)).token();
        HttpResult verified = post("/api/auth/verify", "{\"token\":\"" + token + "\"}");
        assertThat(verified.status()).as("%s", verified).isEqualTo(200);
        assertThat(verified.json().path("state").asString()).isEqualTo("active");
        HttpResult login = post("/api/auth/login", credentials(ADMIN));
        assertThat(login.status()).as("%s", login).isEqualTo(200);

        assertThat(accountState(ADMIN)).isEqualTo("active");
        assertNoSecretInLog();
    }

    @Test
    @Order(2)
    void anOutageMakesItUnreadyWithCleanRefusalsUntilTheServerIsBack() {
        HttpResult login = post("/api/auth/login", credentials(ADMIN));
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        String session = login.json().path("token").asString();

        postgres.stopServer();
        // At once, while the pool still holds connections it saw working a moment ago (Hikari hands out a
        // connection used in the last 500 ms without checking it).
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("register at once", refusal(post("/api/auth/register", credentials("early@example.test"))));
        answers.put("verify at once", refusal(post("/api/auth/verify", "{\"token\":\"" + "B".repeat(43) + "\"}")));

        HttpResult unready = auth.service()
                .awaitHttp(
                        "/ready",
                        result -> result.status() == 503
                                && result.json()
                                        .path("checks")
                                        .path("database")
                                        .path("reason")
                                        .asString()
                                        .equals("database_unreachable"),
                        OUTAGE_NOTICED);
        assertThat(unready.json().path("ready").asBoolean(true)).isFalse();
        assertThat(unready.json().path("reasons").toString()).contains("database_unreachable");

        answers.put("register", refusal(post("/api/auth/register", credentials("newcomer@example.test"))));
        answers.put("login", refusal(post("/api/auth/login", credentials(ADMIN))));
        answers.put("verify", refusal(post("/api/auth/verify", "{\"token\":\"" + "A".repeat(43) + "\"}")));
        answers.put("resend", refusal(post("/api/auth/resend", "{\"email\":\"newcomer@example.test\"}")));
        answers.put("forgot", refusal(post("/api/auth/forgot", "{\"email\":\"" + ADMIN + "\"}")));
        answers.put("me", refusal(me(session)));
        assertThat(answers)
                .as(() -> "every call that needs the database; unhandled errors in the log:\n" + unhandledErrors())
                .allSatisfy((call, answer) -> assertThat(answer).isEqualTo("503 database_unavailable"));
        assertThat(auth.http().get("/health").status()).isEqualTo(200);
        // Hikari logs the broken connections it drops (with a trace, its own choice); no request may fail unhandled.
        assertThat(auth.log()).doesNotContain("unhandled error");

        postgres.startServer();

        auth.service().awaitReady();
        HttpResult again = post("/api/auth/login", credentials(ADMIN));
        assertThat(again.status()).as("%s", again).isEqualTo(200);
        HttpResult me = me(session);
        assertThat(me.status()).as("the session from before the outage: %s", me).isEqualTo(200);
        assertThat(me.json().path("email").asString()).isEqualTo(ADMIN);
        assertNoSecretInLog();
    }

    /**
     * An error answer as {@code "<status> <error>"}, after checking it is the API's JSON error shape: an error code, a
     * message, and no exception or stack frame in it.
     */
    private static String refusal(HttpResult answer) {
        assertThat(answer.status()).as("%s", answer).isBetween(400, 599);
        JsonNode body = answer.json();
        assertThat(body.path("error").asString()).as("%s", answer).matches("[a-z][a-z0-9_]*");
        assertThat(body.path("message").asString()).as("%s", answer).isNotBlank();
        assertThat(answer.body())
                .as("%s", answer)
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("org.postgresql")
                .doesNotContain("jdbc:");
        if (answer.status() == 503) {
            assertThat(body.path("retry_after_seconds").isNumber()
                            || answer.headers().firstValue("Retry-After").isPresent())
                    .as("a 503 says when to try again: %s", answer)
                    .isTrue();
        }
        return answer.status() + " " + body.path("error").asString();
    }

    /** What the log says about each unhandled error: its line and the start of its stack trace. */
    private static String unhandledErrors() {
        List<String> lines = auth.log().lines().toList();
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("unhandled error")) {
                lines.subList(i, Math.min(lines.size(), i + 40))
                        .forEach(line -> errors.append(line).append('\n'));
            }
        }
        return errors.toString();
    }

    private static void assertNoSecretInLog() {
        assertThat(auth.log())
                .contains("accounts are stored in PostgreSQL at 127.0.0.1:" + database.port() + "/" + database.name())
                .doesNotContain(database.url())
                .doesNotContain(database.password());
    }

    /** The versions Flyway applied, read from its history table as the database's owner. */
    private static List<String> migrations() throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rows.next()) {
                assertThat(rows.getBoolean("success"))
                        .as("migration %s", rows.getString("version"))
                        .isTrue();
                versions.add(rows.getString("version"));
            }
        }
        return versions;
    }

    private static String accountState(String email) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT state FROM accounts WHERE email = ?")) {
            statement.setString(1, email);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("an accounts row for %s", email).isTrue();
                return rows.getString("state");
            }
        }
    }

    private static String credentials(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
    }

    private static HttpResult post(String path, String json) {
        return answered("POST " + path, () -> auth.http().post(path, "application/json", json));
    }

    private static HttpResult me(String session) {
        return answered(
                "GET /api/auth/me",
                () -> auth.http().send("GET", "/api/auth/me", null, "Authorization", "Bearer " + session));
    }

    /** The answer to a request; no answer at all (a hang, a refused connection) fails with rg-auth's state. */
    private static HttpResult answered(String request, Supplier<HttpResult> exchange) {
        try {
            return exchange.get();
        } catch (UncheckedIOException e) {
            Process process = auth.service().process();
            throw new AssertionError(
                    request + " got no answer: " + e.getMessage() + "; rg-auth "
                            + (process.isAlive() ? "is running" : "exited with " + process.exitValue())
                            + "; log tail:\n" + auth.service().logTail(),
                    e);
        }
    }
}
